/** `kdeck scale --replicas=N TYPE NAME | -f FILE`: set a workload's replica count through its scale subresource. */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { ApiError, isApiError } from "../client/errors.js";
import { resourceOf } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect, parseIntFlag } from "./flags.js";
import { reportFailure } from "./report.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface ScaleOptions {
  replicas?: number;
  currentReplicas?: number;
  resourceVersion?: string;
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  dryRun?: string;
}

/** A --current-replicas precondition that does not hold. */
class PreconditionError extends Error {}

/** The kinds with a scale subresource. */
const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

export function registerScale(program: Command, ctx: CommandContext): void {
  program
    .command("scale")
    .summary("Set a new size for a deployment, replica set, or replication controller")
    .description(
      "Set a new size for a deployment, replica set, replication controller, or stateful set.\n" +
        "With --current-replicas or --resource-version, the size changes only if they match.\n\n" +
        "Examples:\n  kdeck scale --replicas=3 deployment/mysql\n  kdeck scale --current-replicas=2 --replicas=3 deployment/mysql",
    )
    .argument("[resources...]", "TYPE NAME… or TYPE/NAME…")
    .option("--replicas <count>", "the new desired number of replicas (required)", parseIntFlag)
    .option("--current-replicas <count>", "precondition for the current size", parseIntFlag)
    .option("--resource-version <version>", "precondition for the resource version")
    .option("-f, --filename <file>", "files identifying the resources to scale", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--all", "select all resources of the given types in the namespace")
    .option("--dry-run <strategy>", "none, server or client")
    .action(async (args: string[], opts: ScaleOptions, cmd: Command) => {
      if (opts.replicas === undefined || opts.replicas < 0) {
        throw new UsageError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0", "scale");
      }
      if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
        throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, "scale");
      }
      const globals = globalsOf(cmd);
      const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none";
      await withCluster(ctx, globals, (cluster) => runScale(ctx, cluster, globals, args, opts), { mutating: !dryRun });
    });
}

async function runScale(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: ScaleOptions): Promise<void> {
  const targets = await resolveTargets(ctx, cluster, globals, args, opts, "scale");
  if (targets.length === 0) {
    println(ctx.io.stderr, "No resources found");
    return;
  }
  let failed = false;
  const suffix = opts.dryRun === "server" ? " (server dry run)" : opts.dryRun === "client" ? " (dry run)" : "";
  for (const t of targets) {
    try {
      const resource = resourceOf(t.kind);
      if (!SCALABLE.has(t.kind.kind)) throw new ApiError("NotFound", "the server could not find the requested resource");
      const current = (t.obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      if (opts.currentReplicas !== undefined && opts.currentReplicas !== current) {
        throw new PreconditionError(`Expected replicas to be ${opts.currentReplicas}, was ${current}`);
      }
      if (opts.resourceVersion !== undefined && opts.resourceVersion !== t.obj.metadata.resourceVersion) {
        throw ApiError.conflict(resource, t.obj.metadata.name ?? "");
      }
      if (opts.dryRun !== "client") {
        const patch = { metadata: { resourceVersion: opts.resourceVersion ?? null }, spec: { replicas: opts.replicas } };
        if (opts.resourceVersion === undefined) delete (patch as { metadata?: unknown }).metadata;
        cluster.patch(resource, t.obj.metadata.namespace ?? "", t.obj.metadata.name ?? "", patch, "merge", { dryRun: opts.dryRun === "server" });
      }
      println(ctx.io.stdout, `${objectRef(t.kind, t.obj)} scaled${suffix}`);
    } catch (e) {
      if (!isApiError(e) && !(e instanceof PreconditionError)) throw e;
      reportFailure(e, ctx.io);
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}
