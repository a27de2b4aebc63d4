import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { ExitStatus, println, UsageError, globalsOf, withCluster, type CommandContext } from "./context.js";
import { reportFailure } from "./report.js";

interface CordonOptions {
  selector?: string;
  dryRun?: string;
}

/** `kdeck cordon NODE… | -l SEL` and `kdeck uncordon NODE… | -l SEL`: mark nodes (un)schedulable. */
export function registerCordon(program: Command, ctx: CommandContext): void {
  for (const [verb, unschedulable] of [
    ["cordon", true],
    ["uncordon", false],
  ] as const) {
    program
      .command(verb)
      .summary(unschedulable ? "Mark node as unschedulable" : "Mark node as schedulable")
      .description(unschedulable ? "Mark node as unschedulable." : "Mark node as schedulable.")
      .argument("[node...]", "node names")
      .option("-l, --selector <selector>", "label selector to filter nodes on")
      .option("--dry-run <strategy>", "none, server or client: only print what would change")
      .action(async (names: string[], opts: CordonOptions, cmd: Command) => {
        if (names.length === 0 && !opts.selector) throw new UsageError(`USAGE: ${verb} NODE [flags]`, verb);
        if (names.length > 0 && opts.selector) throw new UsageError(`cannot specify both a node name and a selector`, verb);
        const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none";
        const failed = await withCluster(
          ctx,
          globalsOf(cmd),
          (cluster) => setSchedulable(ctx, cluster, names, opts.selector, unschedulable, dryRun ? opts.dryRun! : undefined),
          { mutating: !dryRun },
        );
        if (failed) throw new ExitStatus(1);
      });
  }
}

/** Patches each node's spec.unschedulable; returns true when any node failed. */
function setSchedulable(
  ctx: CommandContext,
  cluster: Cluster,
  names: string[],
  selector: string | undefined,
  unschedulable: boolean,
  dryRun: string | undefined,
): boolean {
  const verb = unschedulable ? "cordoned" : "uncordoned";
  const suffix = dryRun === "server" ? " (server dry run)" : dryRun ? " (dry run)" : "";
  let failed = false;
  const nodes: (KubeObject | string)[] = selector ? cluster.list("nodes", { labelSelector: selector }) : names;
  if (selector && nodes.length === 0) println(ctx.io.stderr, "No resources found");
  for (const entry of nodes) {
    try {
      const node = typeof entry === "string" ? cluster.get("nodes", "", entry) : entry;
      const name = node.metadata.name!;
      const current = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
      if (current === unschedulable) {
        println(ctx.io.stdout, `node/${name} already ${verb}`);
        continue;
      }
      if (dryRun !== "client") {
        cluster.patch("nodes", "", name, { spec: { unschedulable: unschedulable ? true : null } }, "strategic", {
          dryRun: dryRun === "server",
        });
      }
      println(ctx.io.stdout, `node/${name} ${verb}${suffix}`);
    } catch (e) {
      if (!isApiError(e)) throw e;
      reportFailure(e, ctx.io);
      failed = true;
    }
  }
  return failed;
}
