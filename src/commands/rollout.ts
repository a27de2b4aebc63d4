/**
 * `kdeck rollout status|history|undo|restart|pause|resume`: manage the rollout of
 * Deployments, DaemonSets and StatefulSets, as kubectl's `rollout` does.
 */
import type { Command } from "commander";
import type { CommandContext } from "./context.js";
import { registerRolloutHistory } from "./rollout-history.js";
import { registerRolloutPause } from "./rollout-pause.js";
import { registerRolloutRestart } from "./rollout-restart.js";
import { registerRolloutStatus } from "./rollout-status.js";
import { registerRolloutUndo } from "./rollout-undo.js";

export function registerRollout(program: Command, ctx: CommandContext): void {
  const rollout = program
    .command("rollout")
    .summary("Manage the rollout of a resource")
    .description(
      "Manage the rollout of one or many resources: deployments, daemonsets, statefulsets.\n\n" +
        "Examples:\n  kdeck rollout status deployment/nginx\n  kdeck rollout undo deployment/nginx --to-revision=2\n  kdeck rollout history deployment/nginx",
    );
  registerRolloutHistory(rollout, ctx);
  registerRolloutPause(rollout, ctx);
  registerRolloutRestart(rollout, ctx);
  registerRolloutStatus(rollout, ctx);
  registerRolloutUndo(rollout, ctx);
  for (const sub of rollout.commands) sub.helpOption("-h, --help", `help for ${sub.name()}`);
}
