/** `kdeck rollout pause` and `resume`: stop and restart a Deployment's rollouts (spec.paused). */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { resourceOf } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface PauseOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
}

export function registerRolloutPause(rollout: Command, ctx: CommandContext): void {
  for (const [verb, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    rollout
      .command(verb)
      .summary(paused ? "Mark the provided resource as paused" : "Resume a paused resource")
      .description(
        paused
          ? "Mark the provided resource as paused: changes to its template start no rollout until it is resumed.\n\nExamples:\n  kdeck rollout pause deployment/nginx"
          : "Resume a paused resource: its pending template changes roll out.\n\nExamples:\n  kdeck rollout resume deployment/nginx",
      )
      .argument("[resources...]", "TYPE NAME or TYPE/NAME")
      .option("-f, --filename <file>", "files identifying the resource", collect)
      .option("-R, --recursive", "process the directory used in -f recursively")
      .option("-l, --selector <selector>", "label selector to filter on")
      .action(async (args: string[], opts: PauseOptions, cmd: Command) => {
        const globals = globalsOf(cmd);
        await withCluster(ctx, globals, (cluster) => setPaused(ctx, cluster, globals, args, opts, paused), { mutating: true });
      });
  }
}

async function setPaused(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: PauseOptions, paused: boolean): Promise<void> {
  let failed = false;
  for (const t of await resolveTargets(ctx, cluster, globals, args, opts, "rollout")) {
    const resource = resourceOf(t.kind);
    const name = t.obj.metadata.name ?? "";
    if (t.kind.kind !== "Deployment") {
      println(ctx.io.stderr, `error: ${resource} "${name}" ${paused ? "pausing" : "resuming"} is not supported`);
      failed = true;
      continue;
    }
    const current = (t.obj.spec as { paused?: boolean } | undefined)?.paused === true;
    if (current === paused) {
      println(ctx.io.stderr, `error: ${resource} "${name}" ${paused ? "is already paused" : "is not paused"}`);
      failed = true;
      continue;
    }
    cluster.patch(resource, t.obj.metadata.namespace ?? "", name, { spec: { paused: paused ? true : null } }, "strategic");
    println(ctx.io.stdout, `${objectRef(t.kind, t.obj)} ${paused ? "paused" : "resumed"}`);
  }
  if (failed) throw new ExitStatus(1);
}
