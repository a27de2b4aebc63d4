/** `kdeck rollout restart`: restart a workload's pods by stamping its template (kubectl.kubernetes.io/restartedAt). */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { resourceOf } from "../client/kinds.js";
import { rfc3339 } from "../client/time.js";
import { ExitStatus, globalsOf, println, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface RestartOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
}

const RESTART_KINDS = new Set(["Deployment", "DaemonSet", "StatefulSet"]);
const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

export function registerRolloutRestart(rollout: Command, ctx: CommandContext): void {
  rollout
    .command("restart")
    .summary("Restart a resource")
    .description("Restart a resource: its pods are replaced by a new rollout.\n\nExamples:\n  kdeck rollout restart deployment/nginx")
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("-f, --filename <file>", "files identifying the resource", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .action(async (args: string[], opts: RestartOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runRestart(ctx, cluster, globals, args, opts), { mutating: true });
    });
}

async function runRestart(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: RestartOptions): Promise<void> {
  let failed = false;
  for (const t of await resolveTargets(ctx, cluster, globals, args, opts, "rollout")) {
    const resource = resourceOf(t.kind);
    if (!RESTART_KINDS.has(t.kind.kind)) {
      println(ctx.io.stderr, `error: ${resource} "${t.obj.metadata.name}" restarting is not supported`);
      failed = true;
      continue;
    }
    if ((t.obj.spec as { paused?: boolean } | undefined)?.paused) {
      println(ctx.io.stderr, `error: ${resource} "${t.obj.metadata.name}" can't restart paused deployment (run rollout resume first)`);
      failed = true;
      continue;
    }
    const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: rfc3339(cluster.now()) } } } } };
    cluster.patch(resource, t.obj.metadata.namespace ?? "", t.obj.metadata.name ?? "", patch, "strategic");
    println(ctx.io.stdout, `${objectRef(t.kind, t.obj)} restarted`);
  }
  if (failed) throw new ExitStatus(1);
}
