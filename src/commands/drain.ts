import { Option, type Command } from "commander";
import type { Cluster, DrainOptions, DrainTarget } from "../client/cluster.js";
import { isValidLabelSelector } from "../client/drain.js";
import { acceptBoolValues } from "./bool-flags.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext } from "./context.js";
import { parseDurationFlag, parseIntFlag } from "./flags.js";

interface DrainFlags {
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  deleteLocalData?: boolean;
  gracePeriod?: number;
  timeout?: number;
  selector?: string;
  podSelector?: string;
  disableEviction?: boolean;
  skipWaitForDeleteTimeout?: number;
  dryRun?: string;
  chunkSize?: number;
}

const LONG = `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports eviction (https://kubernetes.io/docs/concepts/workloads/pods/disruptions/). Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command completes.

 When you are ready to put the node back into service, use kdeck uncordon, which will make the node schedulable again.

 Time is the cluster's virtual time: with --timeout, kdeck fast-forwards it (when no console runs the cluster) until the drain completes or the timeout passes; without one, it follows the clock until the drain completes or you press ctrl-c.`;

const EXAMPLES = `
Examples:
  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  kdeck drain foo --force

  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  kdeck drain foo --grace-period=900
`;

/** `kdeck drain NODE… | -l SEL`: kubectl drain over the cluster's drain service. */
export function registerDrain(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("drain")
    .summary("Drain node in preparation for maintenance")
    .description(LONG)
    .usage("NODE [options]")
    .argument("[node...]", "node names")
    .option("--force", "Continue even if there are pods that do not declare a controller.")
    .option("--ignore-daemonsets", "Ignore DaemonSet-managed pods.")
    .option("--delete-emptydir-data", "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).")
    .option("--delete-local-data", "deprecated: use --delete-emptydir-data")
    .option("--grace-period <seconds>", "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.", parseIntFlag, -1)
    .addOption(new Option("--timeout <duration>", "The length of time to wait before giving up, zero means infinite").argParser(parseDurationFlag).default(0, "0s"))
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.")
    .option("--pod-selector <selector>", "Label selector to filter pods on the node")
    .option("--disable-eviction", "Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.")
    .option("--skip-wait-for-delete-timeout <seconds>", "If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.", parseIntFlag, 0)
    .option("--dry-run [strategy]", 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
    .option("--chunk-size <n>", "Return large lists in chunks rather than all at once. Pass 0 to disable.", parseIntFlag, 500)
    .addHelpText("after", EXAMPLES)
    .action(async (names: string[], flags: DrainFlags, command: Command) => {
      if (names.length === 0 && flags.selector === undefined) throw new UsageError("USAGE: drain NODE [flags]", "drain");
      if (names.length > 0 && flags.selector) throw new UsageError("cannot specify both a node name and a --selector option", "drain");
      const dryRun = dryRunOf(flags.dryRun);
      if (flags.podSelector && !isValidLabelSelector(flags.podSelector)) throw new Error("--pod-selector=<pod_selector> must be a valid label selector");
      if (flags.deleteLocalData) {
        println(ctx.io.stderr, "Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.");
      }
      const opts: DrainOptions = {
        force: flags.force === true,
        ignoreDaemonSets: flags.ignoreDaemonsets === true,
        deleteEmptyDirData: flags.deleteEmptydirData === true || flags.deleteLocalData === true,
        gracePeriodSeconds: flags.gracePeriod ?? -1,
        timeoutMs: flags.timeout ?? 0,
        ...(flags.podSelector ? { podSelector: flags.podSelector } : {}),
        disableEviction: flags.disableEviction === true,
        dryRun,
        skipWaitForDeleteTimeoutSeconds: flags.skipWaitForDeleteTimeout ?? 0,
      };
      const target: DrainTarget = flags.selector !== undefined ? { selector: flags.selector } : { nodes: names };
      const failed = await withCluster(ctx, globalsOf(command), (cluster) => runDrain(ctx, cluster, target, opts), { mutating: dryRun !== "client" });
      if (failed) throw new ExitStatus(1);
    });
  acceptBoolValues(cmd);
}

/** `--dry-run`'s strategy; a bare `--dry-run` is the deprecated spelling of client. */
function dryRunOf(value: string | boolean | undefined): "none" | "client" | "server" {
  const v = value === undefined ? "none" : value === true ? "client" : String(value);
  if (v !== "none" && v !== "client" && v !== "server") throw new UsageError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`, "drain");
  return v;
}

/**
 * Runs the drain, printing each line where kubectl prints it; resolves true when a
 * node was left undrained. With no --timeout the cluster runs in real time (kubectl
 * waits for ever), so an unsatisfiable budget waits for ctrl-c instead of spinning.
 */
async function runDrain(ctx: CommandContext, cluster: Cluster, target: DrainTarget, opts: DrainOptions): Promise<boolean> {
  if ((opts.timeoutMs ?? 0) === 0 && opts.dryRun !== "client") cluster.startRealtime();
  const handle = cluster.drain(target, opts, (ev) => println(ev.stream === "stderr" ? ctx.io.stderr : ctx.io.stdout, ev.text));
  const onAbort = (): void => handle.cancel();
  ctx.io.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const result = await handle.done;
    return result.pending.length > 0;
  } finally {
    ctx.io.signal.removeEventListener("abort", onAbort);
  }
}
