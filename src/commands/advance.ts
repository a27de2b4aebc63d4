import type { Command } from "commander";
import { rfc3339 } from "../client/time.js";
import { println, UsageError, globalsOf, withCluster, type CommandContext } from "./context.js";
import { formatDuration, parseDuration } from "./duration.js";

/**
 * `kdeck advance DURATION`: fast-forwards the cluster's virtual clock, running every
 * timer on the way (probes, backoffs, grace periods, schedules) in order.
 */
export function registerAdvance(program: Command, ctx: CommandContext): void {
  program
    .command("advance")
    .summary("Fast-forward the cluster's virtual time")
    .description(
      "Fast-forward the cluster's virtual time by a Go duration (30s, 5m, 1h30m, 500ms), running every\n" +
        "probe, backoff, grace period and schedule due on the way, as fast as the machine can.",
    )
    .argument("<duration>", "how far to move virtual time")
    .action(async (text: string, _opts: unknown, cmd: Command) => {
      let ms: number;
      try {
        ms = parseDuration(text);
      } catch (e) {
        throw new UsageError(`invalid duration "${text}": ${(e as Error).message}`, "advance");
      }
      if (ms < 0) throw new UsageError(`virtual time only moves forward: "${text}" is negative`, "advance");
      await withCluster(ctx, globalsOf(cmd), async (cluster) => {
        await cluster.advance(ms);
        println(ctx.io.stdout, `advanced ${formatDuration(ms)} to ${rfc3339(cluster.now())}`);
      });
    });
}
