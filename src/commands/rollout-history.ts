/** `kdeck rollout history`: a workload's revisions and their change causes, or one revision's template. */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { historyTable, revisionsOf, revisionTemplateText } from "../client/rollout/index.js";
import { globalsOf, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect, parseIntFlag } from "./flags.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface HistoryOptions {
  filename?: string[];
  recursive?: boolean;
  revision?: number;
  selector?: string;
}

const HISTORY_KINDS = new Set(["Deployment", "DaemonSet", "StatefulSet"]);

export function registerRolloutHistory(rollout: Command, ctx: CommandContext): void {
  rollout
    .command("history")
    .summary("View rollout history")
    .description("View previous rollout revisions and configurations.\n\nExamples:\n  kdeck rollout history deployment/abc\n  kdeck rollout history daemonset/abc --revision=3")
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("-f, --filename <file>", "files identifying the resource", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--revision <n>", "see the details, including podTemplate of the revision specified", parseIntFlag)
    .action(async (args: string[], opts: HistoryOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runHistory(ctx, cluster, globals, args, opts));
    });
}

async function runHistory(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: HistoryOptions): Promise<void> {
  for (const t of await resolveTargets(ctx, cluster, globals, args, opts, "rollout")) {
    if (!HISTORY_KINDS.has(t.kind.kind)) throw new Error(`no history viewer has been implemented for "${t.kind.group ? `${t.kind.kind}.${t.kind.group}` : t.kind.kind}"`);
    const revisions = revisionsOf(cluster, t.obj);
    const ref = objectRef(t.kind, t.obj);
    if (opts.revision !== undefined && opts.revision > 0) {
      const found = [...revisions].reverse().find((r) => r.revision === opts.revision);
      if (!found) throw new Error(`unable to find the specified revision`);
      ctx.io.stdout.write(`${ref} with revision #${opts.revision}\n${revisionTemplateText(found.template)}\n`);
      continue;
    }
    ctx.io.stdout.write(`${ref} \n${historyTable(revisions)}\n`);
  }
}
