/** `kdeck rollout undo [--to-revision N]`: roll a workload back to a previous revision. */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { resourceOf } from "../client/kinds.js";
import { planUndo, revisionTemplateText } from "../client/rollout/index.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect, parseIntFlag } from "./flags.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface UndoOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  toRevision?: number;
  dryRun?: string;
}

const UNDO_KINDS = new Set(["Deployment", "DaemonSet", "StatefulSet"]);

export function registerRolloutUndo(rollout: Command, ctx: CommandContext): void {
  rollout
    .command("undo")
    .summary("Undo a previous rollout")
    .description("Roll back to a previous rollout.\n\nExamples:\n  kdeck rollout undo deployment/abc\n  kdeck rollout undo daemonset/abc --to-revision=3")
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("-f, --filename <file>", "files identifying the resource", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--to-revision <n>", "the revision to roll back to (default 0: the last revision)", parseIntFlag)
    .option("--dry-run <strategy>", "none, server or client")
    .action(async (args: string[], opts: UndoOptions, cmd: Command) => {
      if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
        throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, "rollout");
      }
      const globals = globalsOf(cmd);
      const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none";
      await withCluster(ctx, globals, (cluster) => runUndo(ctx, cluster, globals, args, opts), { mutating: !dryRun });
    });
}

async function runUndo(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: UndoOptions): Promise<void> {
  for (const t of await resolveTargets(ctx, cluster, globals, args, opts, "rollout")) {
    if (!UNDO_KINDS.has(t.kind.kind)) throw new Error(`no rollbacker has been implemented for "${t.kind.group ? `${t.kind.kind}.${t.kind.group}` : t.kind.kind}"`);
    const plan = planUndo(cluster, t.obj, opts.toRevision ?? 0);
    const ref = objectRef(t.kind, t.obj);
    if (plan.kind === "skip") {
      println(ctx.io.stdout, `${ref} ${plan.message}`);
      continue;
    }
    if (opts.dryRun === "client") {
      ctx.io.stdout.write(`${ref} Pod Template:\n${revisionTemplateText(plan.template).replace(/^Pod Template:\n/, "")}\n`);
      continue;
    }
    cluster.patch(resourceOf(t.kind), t.obj.metadata.namespace ?? "", t.obj.metadata.name ?? "", plan.patch, plan.type, { dryRun: opts.dryRun === "server" });
    println(ctx.io.stdout, `${ref} rolled back${opts.dryRun === "server" ? " (server dry run)" : ""}`);
  }
}
