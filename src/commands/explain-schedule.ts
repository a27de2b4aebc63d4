import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { formatScheduleExplanation } from "../client/describe/scheduling.js";
import { goJsonIndent } from "../client/output/json.js";
import { toKubectlYaml } from "../client/output/yaml.js";
import { globalsOf, UsageError, withCluster, type CommandContext } from "./context.js";

interface ExplainScheduleOptions {
  output?: string;
}

const OUTPUTS = ["wide", "json", "yaml"];

/** `POD`, `pod/POD`, `pods/POD` or `po/POD`: the pod's name. */
function podName(arg: string): string {
  const slash = arg.indexOf("/");
  if (slash < 0) return arg;
  const type = arg.slice(0, slash).toLowerCase();
  if (!["po", "pod", "pods"].includes(type)) throw new UsageError(`explain-schedule explains pods, not ${arg.slice(0, slash)}`, "explain-schedule");
  return arg.slice(slash + 1);
}

/**
 * `kdeck explain-schedule POD [-n NS] [-o wide|json|yaml]` (kdeck's own verb): every
 * scheduler filter's verdict and every score on every node for the pod, as the cluster
 * is now, the best node marked; what kube-scheduler-simulator shows, in the terminal.
 */
export function registerExplainSchedule(program: Command, ctx: CommandContext): void {
  program
    .command("explain-schedule")
    .summary("Show each node's scheduling verdict and scores for a pod")
    .description(
      "Run the scheduler's filters and scores for a pod against every node, as the\n" +
        "cluster is now: each node's verdict and weighted scores, the best node marked.\n" +
        "For a pod already bound, where it would go if it were scheduled again.\n" +
        "Changes nothing.\n\n" +
        "Examples:\n" +
        "  kdeck explain-schedule web-5785fc7d4b-4gmf7\n" +
        "  kdeck explain-schedule pod/db-0 -n prod -o wide",
    )
    .argument("<pod>", "POD or pod/POD")
    .option("-o, --output <format>", `output format: ${OUTPUTS.join(", ")}`)
    .action(async (arg: string, opts: ExplainScheduleOptions, cmd: Command) => {
      if (opts.output !== undefined && !OUTPUTS.includes(opts.output)) {
        throw new UsageError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: ${OUTPUTS.join(",")}`, "explain-schedule");
      }
      const name = podName(arg);
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => print(ctx, cluster, globals.namespace, name, opts.output));
    });
}

function print(ctx: CommandContext, cluster: Cluster, namespace: string, name: string, output: string | undefined): void {
  const exp = cluster.explainSchedule(namespace, name);
  if (output === "json") ctx.io.stdout.write(`${goJsonIndent(exp)}\n`);
  else if (output === "yaml") ctx.io.stdout.write(toKubectlYaml(exp));
  else ctx.io.stdout.write(formatScheduleExplanation(exp, { wide: output === "wide" }));
}
