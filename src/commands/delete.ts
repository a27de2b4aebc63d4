import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { kindForObject, RegistryError, resourceOf, type KindInfo } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect, parseBoolFlag, parseDurationFlag, parseIntFlag } from "./flags.js";
import { documentError, documentPosition, loadManifests, sourceName } from "./manifest-input.js";
import { reportFailure } from "./report.js";
import { kindString, listOptionsFor, namespaceFor, parseResourceArgs } from "./resource-args.js";

interface DeleteOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod?: number;
  now?: boolean;
  force?: boolean;
  wait?: boolean;
  timeout?: number;
  ignoreNotFound?: boolean;
  output?: string;
  dryRun?: string;
  cascade?: string | boolean;
}

/** One object to delete. */
interface Target {
  kind: KindInfo;
  namespace: string;
  name: string;
}

/** Beyond the grace period, how long a default delete waits for the object to go (virtual time). */
const WAIT_MARGIN_MS = 60_000;

const FORCE_WARNING =
  "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.";

/** `kdeck delete`: by type and names, TYPE/NAME, manifests, label selector or --all; waits for the objects to go. */
export function registerDelete(program: Command, ctx: CommandContext): void {
  program
    .command("delete")
    .summary("Delete resources by file names, stdin, resources and names, or by resources and label selector")
    .description(
      "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n" +
        "Pods are deleted gracefully: the command waits (in virtual time) for their grace period unless --wait=false.",
    )
    .argument("[resources...]", "TYPE[,TYPE…] [NAME…] or TYPE/NAME…")
    .option("-f, --filename <file>", "files or directories with the objects to delete ('-' for stdin)", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--field-selector <selector>", "field selector to filter on")
    .option("--all", "delete all resources of the given types in the namespace")
    .option("-A, --all-namespaces", "with --all or -l, delete across all namespaces")
    .option("--grace-period <seconds>", "seconds given to the resource to terminate gracefully (-1: its default)", parseIntFlag)
    .option("--now", "signal resources for immediate shutdown (same as --grace-period=1)")
    .option("--force", "with --grace-period=0, remove resources immediately without waiting for confirmation")
    .option("--wait [bool]", "wait for resources to be gone before returning (default true)", parseBoolFlag)
    .option("--timeout <duration>", "how long to wait for the deletion (default: the grace period plus a minute, virtual time)", parseDurationFlag)
    .option("--ignore-not-found", "treat \"resource not found\" as a successful delete")
    .option("-o, --output <format>", "only 'name' is supported")
    .option("--dry-run <strategy>", "none, server or client")
    .option("--cascade [strategy]", 'must be "background", "foreground", or "orphan": how dependents (a Deployment\'s ReplicaSets and pods) are deleted (default background)')
    .action(async (args: string[], opts: DeleteOptions, cmd: Command) => {
      const gracePeriod = validate(ctx, args, opts);
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runDelete(ctx, cluster, globals, args, opts, gracePeriod), { mutating: true });
    });
}

/** `--cascade`: background (also `true` and a bare flag), foreground, or orphan (also `false`). */
function cascadePolicy(value: string | boolean | undefined): "Background" | "Foreground" | "Orphan" {
  switch (value === undefined || value === true ? "background" : String(value).toLowerCase()) {
    case "background":
    case "true":
      return "Background";
    case "foreground":
      return "Foreground";
    case "orphan":
    case "false":
      return "Orphan";
    default:
      throw new UsageError(`invalid cascade value (${String(value)}). Must be "background", "foreground", or "orphan".`, "delete");
  }
}

/** kubectl's flag rules; returns the grace period to send (-1: the object's own). */
function validate(ctx: CommandContext, args: string[], opts: DeleteOptions): number {
  const files = opts.filename ?? [];
  if (files.length === 0 && args.length === 0) {
    throw new UsageError("You must provide one or more resources by argument or filename.", "delete");
  }
  if (files.length > 0 && args.length > 0) {
    throw new UsageError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well", "delete");
  }
  cascadePolicy(opts.cascade);
  if (opts.output !== undefined && opts.output !== "name") throw new UsageError(`Unexpected -o output mode: ${opts.output}. We only support '-o name'.`, "delete");
  if (opts.all && opts.selector) throw new UsageError("cannot set --all and --selector at the same time", "delete");
  if (opts.all && opts.fieldSelector) throw new UsageError("cannot set --all and --field-selector at the same time", "delete");
  if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
    throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, "delete");
  }
  let grace = opts.gracePeriod ?? -1;
  if (opts.now) {
    if (opts.gracePeriod !== undefined) throw new UsageError("--now and --grace-period cannot be specified together", "delete");
    grace = 1;
  }
  if (grace === 0 && !opts.force) grace = 1;
  if (opts.force && grace < 0) grace = 0;
  if (opts.force && grace > 0) throw new UsageError("--force and --grace-period greater than 0 cannot be specified together", "delete");
  if (grace === 0 && opts.force) println(ctx.io.stderr, FORCE_WARNING);
  return grace;
}

async function runDelete(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: DeleteOptions, grace: number): Promise<void> {
  let failed = false;
  // API and registry errors are the user's (one line each, then carry on); anything else is a bug.
  const fail = (e: unknown): void => {
    if (!isApiError(e) && !(e instanceof RegistryError)) throw e;
    reportFailure(e, ctx.io);
    failed = true;
  };
  const markFailed = (): void => {
    failed = true;
  };
  const bySelection = opts.all === true || opts.selector !== undefined || opts.fieldSelector !== undefined;
  const ignoreNotFound = opts.ignoreNotFound ?? bySelection;
  const targets = opts.filename ? await fromFiles(ctx, globals, opts, markFailed) : fromArgs(cluster, globals, args, opts, bySelection);
  if (targets.length === 0 && !failed) {
    println(ctx.io.stdout, "No resources found");
    return;
  }

  const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none" ? opts.dryRun : undefined;
  const suffix = dryRun === "server" ? " (server dry run)" : dryRun === "client" ? " (dry run)" : "";
  const deleted: { target: Target; uid: string | undefined; grace: number }[] = [];
  for (const t of targets) {
    try {
      let obj: KubeObject | undefined;
      if (dryRun === "client") obj = cluster.get(resourceOf(t.kind), t.namespace, t.name);
      else {
        const before = cluster.get(resourceOf(t.kind), t.namespace, t.name);
        obj = cluster.delete(resourceOf(t.kind), t.namespace, t.name, {
          ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
          propagationPolicy: cascadePolicy(opts.cascade),
          ...(dryRun === "server" ? { dryRun: true } : {}),
        });
        obj ??= before;
      }
      deleted.push({ target: t, uid: obj.metadata.uid, grace: obj.metadata.deletionGracePeriodSeconds ?? 0 });
      if (opts.output === "name") println(ctx.io.stdout, `${kindString(t.kind)}/${t.name}`);
      else println(ctx.io.stdout, `${kindString(t.kind)} "${t.name}" ${grace === 0 ? "force deleted" : "deleted"}${suffix}`);
    } catch (e) {
      if (isApiError(e, "NotFound") && ignoreNotFound) continue;
      fail(e);
    }
  }

  const wait = opts.wait ?? true;
  if (wait && !dryRun && deleted.length > 0) {
    // Make the API's own follow-up (finalizers, the kubelet's confirmation) happen first.
    cluster.settle();
    // Only the process running the engine can move virtual time on to the end of the grace period.
    if (cluster.engineStatus().leader) {
      const timeout = opts.timeout ?? Math.max(...deleted.map((d) => d.grace * 1000)) + WAIT_MARGIN_MS;
      const gone = (d: (typeof deleted)[number]): boolean => {
        const live = cluster.tryGet(resourceOf(d.target.kind), d.target.namespace, d.target.name);
        return live === undefined || (d.uid !== undefined && live.metadata.uid !== d.uid);
      };
      const ok = await cluster.waitFor(() => deleted.every(gone), timeout);
      if (!ok) {
        for (const d of deleted.filter((x) => !gone(x))) {
          println(ctx.io.stderr, `error: timed out waiting for the condition on ${resourceOf(d.target.kind)}/${d.target.name}`);
        }
        failed = true;
      }
    }
  }
  if (failed) throw new ExitStatus(1);
}

function fromArgs(cluster: Cluster, globals: GlobalOptions, args: string[], opts: DeleteOptions, bySelection: boolean): Target[] {
  const requests = parseResourceArgs(args, "delete");
  const targets: Target[] = [];
  for (const r of requests) {
    if (r.names.length > 0) {
      if (bySelection) throw new UsageError("name cannot be provided when a selector is specified", "delete");
      for (const name of r.names) targets.push({ kind: r.kind, namespace: namespaceFor(r.kind, globals.namespace), name });
      continue;
    }
    if (!bySelection) throw new UsageError("resource(s) were provided, but no name was specified", "delete");
    const objects = cluster.list(resourceOf(r.kind), listOptionsFor(r.kind, globals.namespace, opts));
    for (const o of objects) targets.push({ kind: r.kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name! });
  }
  return targets;
}

async function fromFiles(
  ctx: CommandContext,
  globals: GlobalOptions,
  opts: DeleteOptions,
  markFailed: () => void,
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const doc of await loadManifests(ctx, opts.filename ?? [], opts.recursive === true)) {
    if (!doc.object) {
      println(ctx.io.stderr, documentError(doc, doc.error?.message ?? "invalid document"));
      markFailed();
      continue;
    }
    try {
      const kind = kindForObject(doc.object.apiVersion, doc.object.kind);
      const namespace = kind.namespaced ? (doc.object.metadata?.namespace ?? globals.namespace) : "";
      targets.push({ kind, namespace, name: doc.object.metadata?.name ?? "" });
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      println(ctx.io.stderr, `error: resource mapping not found for "${sourceName(doc)}" (${documentPosition(doc, doc.locate("kind").line)}): ${e.message}`);
      markFailed();
    }
  }
  return targets;
}
