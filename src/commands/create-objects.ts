/**
 * What kubectl's `create <kind>` generators share: the `--dry-run` and `-o` flags, the
 * one NAME argument, and creating the generated object (or, with `--dry-run=client`,
 * only printing it) with kubectl's `configmap/x created` line.
 */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import type { KindInfo } from "../client/kinds.js";
import { executeJsonPath, formatJson, formatYaml, printable } from "../client/output/index.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { parseOutputFormat } from "./output-format.js";
import { objectRef } from "./resource-args.js";

export type DryRun = "none" | "client" | "server";

/** The flags every generator takes. */
export interface GeneratorFlags {
  dryRun?: string | boolean;
  output?: string;
}

/** Adds `--dry-run` and `-o` as kubectl's generators have them. */
export function addGeneratorFlags(cmd: Command): Command {
  return cmd
    .option("--dry-run [strategy]", 'must be "none", "server", or "client": with client, only print the object that would be sent')
    .option("-o, --output <format>", "output format: one of (json, yaml, name)");
}

/** `--dry-run`'s strategy; a bare `--dry-run` is the deprecated spelling of client. */
export function dryRunOf(flags: GeneratorFlags, verb: string): DryRun {
  const value = flags.dryRun === undefined ? "none" : flags.dryRun === true ? "client" : String(flags.dryRun);
  if (value !== "none" && value !== "client" && value !== "server") {
    throw new UsageError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`, verb);
  }
  return value;
}

/** NameFromCommandArgs: exactly one NAME (before `--`, for generators that take a command). */
export function nameFromArgs(args: readonly string[], verb: string): string {
  if (args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${args.length}`, verb);
  return args[0]!;
}

/**
 * Generates an object, then creates it (unless `--dry-run=client`) and prints it as
 * `-o` asks, or kubectl's `kind/name created` line. `build` may read the cluster
 * (`create job --from=cronjob/x`); `failure` words an API refusal as the generator
 * does (`failed to create job: …`), when it has its own wording.
 */
export async function createGenerated(
  ctx: CommandContext,
  cmd: Command,
  kind: KindInfo,
  flags: GeneratorFlags,
  build: (cluster: Cluster, globals: GlobalOptions) => KubeObject,
  failure?: string,
): Promise<void> {
  const verb = "create";
  const dryRun = dryRunOf(flags, verb);
  const format = parseOutputFormat(flags.output, verb);
  if (format.type === "table" && flags.output !== undefined) throw new UsageError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,jsonpath,name,yaml`, verb);
  const globals = globalsOf(cmd);
  await withCluster(
    ctx,
    globals,
    (cluster) => {
      let obj = build(cluster, globals);
      if (kind.namespaced && globals.namespaceExplicit) obj = { ...obj, metadata: { ...obj.metadata, namespace: globals.namespace } };
      if (dryRun !== "client") {
        const target = kind.namespaced ? { ...obj, metadata: { ...obj.metadata, namespace: globals.namespace } } : obj;
        try {
          obj = cluster.create(target, { dryRun: dryRun === "server", fieldManager: "kubectl-create" });
        } catch (e) {
          if (failure && isApiError(e)) throw new Error(`${failure}: ${e.message}`, { cause: e });
          throw e;
        }
      }
      if (dryRun === "client") obj = withGoZeroValues(obj);
      const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
      switch (format.type) {
        case "yaml":
          ctx.io.stdout.write(formatYaml([obj], true));
          break;
        case "json":
          ctx.io.stdout.write(formatJson([obj], true));
          break;
        case "name":
          println(ctx.io.stdout, objectRef(kind, obj));
          break;
        case "jsonpath":
          ctx.io.stdout.write(executeJsonPath(format.template, printable([obj], true)));
          break;
        default:
          println(ctx.io.stdout, `${objectRef(kind, obj)} created${suffix}`);
      }
    },
    { mutating: dryRun === "none" },
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The object as kubectl prints one it never sent: Go serialises the zero
 * `creationTimestamp` of the object and of each template as `null`.
 */
function withGoZeroValues(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject & Record<string, unknown>;
  const mark = (holder: Record<string, unknown>) => {
    const meta = isRecord(holder.metadata) ? holder.metadata : {};
    holder.metadata = { ...meta, creationTimestamp: null };
  };
  mark(copy);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    if (!isRecord(v)) return;
    for (const [k, child] of Object.entries(v)) {
      if ((k === "template" || k === "jobTemplate") && isRecord(child) && isRecord(child.spec)) mark(child);
      visit(child);
    }
  };
  visit(copy.spec);
  return copy;
}
