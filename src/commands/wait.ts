import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { resourceOf, type KindInfo } from "../client/kinds.js";
import { executeJsonPath } from "../client/output/jsonpath.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { parseDurationFlag } from "./flags.js";
import { kindString, listOptionsFor, namespaceFor, parseResourceArgs } from "./resource-args.js";

interface WaitOptions {
  for?: string;
  timeout?: number;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
}

/** What `--for` asks to hold for an object (undefined: the object does not exist). */
export type WaitCondition = { describe: string; holds: (obj: KubeObject | undefined) => boolean; needsObject: boolean };

const DEFAULT_TIMEOUT_MS = 30_000;

/** `kdeck wait --for=…`: waits, in virtual time, until the objects meet a condition. */
export function registerWait(program: Command, ctx: CommandContext): void {
  program
    .command("wait")
    .summary("Wait for a specific condition on one or many resources")
    .description(
      "Wait for a condition on one or many resources: --for=condition=Ready, --for=delete, --for=create,\n" +
        "--for=jsonpath='{.status.phase}'=Running. When this process can run the engine, virtual time is\n" +
        "fast-forwarded until the condition holds or the timeout (virtual) passes.",
    )
    .argument("[resources...]", "TYPE/NAME…, or TYPE [NAME…], or TYPE with -l or --all")
    .option("--for <condition>", "the condition to wait on: create, delete, condition=NAME[=VALUE], jsonpath='{JSONPATH}'[=VALUE]")
    .option("--timeout <duration>", "how long to wait before giving up (default 30s)", parseDurationFlag)
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--field-selector <selector>", "field selector to filter on")
    .option("--all", "select all resources of the given types in the namespace")
    .option("-A, --all-namespaces", "select resources across all namespaces")
    .action(async (args: string[], opts: WaitOptions, cmd: Command) => {
      const condition = parseCondition(opts.for ?? "");
      if (args.length === 0) throw new UsageError("resource(s) were provided, but no name was specified", "wait");
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runWait(ctx, cluster, globals, args, opts, condition));
    });
}

/** Reads `--for`, with kubectl's messages for what it does not understand. */
export function parseCondition(text: string): WaitCondition {
  const lower = text.toLowerCase();
  if (lower === "delete") return { describe: "delete", holds: (o) => o === undefined, needsObject: false };
  if (lower === "create") return { describe: "create", holds: (o) => o !== undefined, needsObject: false };
  if (lower.startsWith("condition=")) {
    const spec = text.slice("condition=".length);
    const eq = spec.indexOf("=");
    const type = eq < 0 ? spec : spec.slice(0, eq);
    const value = eq < 0 ? "true" : spec.slice(eq + 1);
    if (type === "") throw new UsageError(`unrecognized condition: "${text}"`, "wait");
    return {
      describe: text,
      needsObject: true,
      holds: (o) => {
        const conditions = (o?.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? [];
        const c = conditions.find((x) => (x.type ?? "").toLowerCase() === type.toLowerCase());
        return c !== undefined && (c.status ?? "").toLowerCase() === value.toLowerCase();
      },
    };
  }
  if (lower.startsWith("jsonpath=")) {
    const spec = text.slice("jsonpath=".length);
    const { template, value } = splitJsonPathCondition(spec);
    // Refuse a template that does not parse before waiting on it.
    executeJsonPath(template, {});
    return {
      describe: text,
      needsObject: true,
      holds: (o) => {
        if (!o) return false;
        let got: string;
        try {
          got = executeJsonPath(template, o, { allowMissingKeys: false });
        } catch {
          return false;
        }
        return value === undefined ? got !== "" : got === value;
      },
    };
  }
  throw new UsageError(`unrecognized condition: "${text}"`, "wait");
}

/** `{.status.phase}=Running` → template and value; the value is optional (the field exists). */
function splitJsonPathCondition(spec: string): { template: string; value?: string } {
  if (spec.startsWith("{")) {
    let depth = 0;
    for (let i = 0; i < spec.length; i++) {
      if (spec[i] === "{") depth++;
      else if (spec[i] === "}" && --depth === 0) {
        const rest = spec.slice(i + 1);
        if (rest === "") return { template: spec };
        if (!rest.startsWith("=")) break;
        return { template: spec.slice(0, i + 1), value: rest.slice(1) };
      }
    }
    throw new UsageError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`, "wait");
  }
  // kubectl also accepts the relaxed form without braces: .status.phase=Running
  const eq = spec.indexOf("=");
  const path = eq < 0 ? spec : spec.slice(0, eq);
  if (path === "") throw new UsageError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`, "wait");
  const template = `{${path.startsWith(".") ? path : "." + path}}`;
  return eq < 0 ? { template } : { template, value: spec.slice(eq + 1) };
}

interface Waited {
  kind: KindInfo;
  namespace: string;
  name: string;
  uid?: string;
}

async function runWait(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: WaitOptions, condition: WaitCondition): Promise<void> {
  const requests = parseResourceArgs(args, "wait");
  const bySelection = opts.all === true || opts.selector !== undefined || opts.fieldSelector !== undefined;
  const targets: Waited[] = [];
  for (const r of requests) {
    if (r.names.length > 0) {
      for (const name of r.names) {
        const namespace = namespaceFor(r.kind, globals.namespace);
        // A missing object is an error unless waiting for it to be created or deleted.
        const obj = condition.needsObject ? cluster.get(resourceOf(r.kind), namespace, name) : cluster.tryGet(resourceOf(r.kind), namespace, name);
        targets.push({ kind: r.kind, namespace, name, ...(obj?.metadata.uid ? { uid: obj.metadata.uid } : {}) });
      }
      continue;
    }
    if (!bySelection) throw new UsageError("resource(s) were provided, but no name was specified", "wait");
    for (const o of cluster.list(resourceOf(r.kind), listOptionsFor(r.kind, globals.namespace, opts))) {
      targets.push({ kind: r.kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name!, ...(o.metadata.uid ? { uid: o.metadata.uid } : {}) });
    }
  }
  if (targets.length === 0) throw new Error("no matching resources found");

  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const deadline = cluster.now() + timeout;
  let failed = false;
  for (const t of targets) {
    const current = (): KubeObject | undefined => {
      const live = cluster.tryGet(resourceOf(t.kind), t.namespace, t.name);
      // A deleted object that came back under the same name is a different object.
      if (condition.describe === "delete" && live && t.uid && live.metadata.uid !== t.uid) return undefined;
      return live;
    };
    const ok = condition.holds(current()) || (await cluster.waitFor(() => condition.holds(current()), Math.max(0, deadline - cluster.now())));
    if (ok) println(ctx.io.stdout, `${kindString(t.kind)}/${t.name} condition met`);
    else {
      println(ctx.io.stderr, `error: timed out waiting for the condition on ${resourceOf(t.kind)}/${t.name}`);
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}
