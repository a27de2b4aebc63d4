import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { asKind } from "../client/kinds.js";
import type { Pod } from "../client/types.js";
import { acceptBoolValues } from "./bool-flags.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { parseDurationFlag, parseIntFlag } from "./flags.js";
import { followStreams, podsByName, writeInTimeOrder, type FollowedStream } from "./logs-follow.js";
import { instanceFor, LineWriter, newestLineId, parseRfc3339, snapshotQuery, sourceOf, type LineFormat } from "./logs-streams.js";
import { defaultContainer, hasContainer, isPodTarget, parseTarget, podContainers, podsForTarget } from "./workload-pods.js";

/** `logs`' flags, as commander hands them over. */
interface LogsFlags {
  container?: string;
  follow?: boolean;
  tail?: number;
  since?: number;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  prefix?: boolean;
  allContainers?: boolean;
  allPods?: boolean;
  selector?: string;
  maxLogRequests: number;
  limitBytes?: number;
  ignoreErrors?: boolean;
  podRunningTimeout: number;
}

/** What to print, once the flags are checked. */
interface LogsRequest {
  target?: string;
  selector?: string;
  container?: string;
  follow: boolean;
  previous: boolean;
  allContainers: boolean;
  allPods: boolean;
  /** Lines per container; undefined: all. */
  tail?: number;
  since?: number;
  sinceTime?: number;
  format: LineFormat;
  maxLogRequests: number;
  ignoreErrors: boolean;
  podRunningTimeout: number;
}

const USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]";
/** kubectl's default `--tail` when pods are picked by a selector. */
const SELECTOR_TAIL = 10;

/** One container of one pod, in the order its lines are printed without -f. */
interface PlannedStream {
  pod: Pod;
  container: string;
}

/**
 * `kdeck logs (POD | TYPE/NAME | -l SELECTOR) [-c C | --all-containers] [-f] [-p] …`:
 * what the simulated containers wrote, as `kubectl logs` prints it.
 */
export function registerLogs(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("logs")
    .summary("Print the logs for a container in a pod")
    .description("Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.")
    .usage("[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [flags]")
    .argument("[args...]", "POD or TYPE/NAME, then optionally the container name (same as -c)")
    .option("-c, --container <name>", "print the logs of this container")
    .option("-f, --follow", "specify if the logs should be streamed")
    .option("-l, --selector <selector>", "selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'")
    .option("--tail <lines>", "lines of recent log file to display; -1 with no selector (all lines), 10 with one", parseIntFlag)
    .option("--since <duration>", "only return logs newer than a relative duration like 5s, 2m, or 3h", parseDurationFlag)
    .option("--since-time <time>", "only return logs after a specific date (RFC3339)")
    .option("--timestamps", "include timestamps on each line in the log output")
    .option("-p, --previous", "print the logs for the previous instance of the container in a pod if it exists")
    .option("--prefix", "prefix each log line with the log source (pod name and container name)")
    .option("--all-containers", "get all containers' logs in the pod(s)")
    .option("--all-pods", "get logs from all pod(s) of TYPE/NAME; sets --prefix")
    .option("--max-log-requests <n>", "maximum number of concurrent logs to follow when using a selector", parseIntFlag, 5)
    .option("--limit-bytes <n>", "maximum bytes of logs to return per container (0: no limit)", parseIntFlag)
    .option("--ignore-errors", "if watching / following pod logs, allow for any errors that occur to be non-fatal")
    .option("--pod-running-timeout <duration>", "how long to wait for a pod of TYPE/NAME to appear", parseDurationFlag, 20_000)
    .action(async (args: string[], flags: LogsFlags, command: Command) => {
      const request = checkFlags(args, flags);
      const globals = globalsOf(command);
      await withCluster(ctx, globals, (cluster) => runLogs(ctx, cluster, globals, request));
    });
  acceptBoolValues(cmd);
}

/** kubectl's `Complete` and `Validate`, in its words. */
function checkFlags(args: string[], flags: LogsFlags): LogsRequest {
  const usage = (msg: string): never => {
    throw new UsageError(msg, "logs");
  };
  if (args.length === 0 && !flags.selector) usage(`expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`);
  if (args.length > 2) usage(`expected '${USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command`);
  if (args.length > 0 && flags.selector) usage("only a selector (-l) or a POD name is allowed");
  const container = args[1] ?? flags.container;
  if (flags.since !== undefined && flags.since !== 0 && flags.sinceTime) usage("at most one of `sinceTime` or `sinceSeconds` may be specified");
  if (flags.allContainers && container !== undefined) usage(`--all-containers=true should not be specified with container name ${container}`);
  if (flags.container !== undefined && args.length === 2) usage("only one of -c or an inline [CONTAINER] arg is allowed");
  if (flags.limitBytes !== undefined && flags.limitBytes < 0) usage("--limit-bytes must be greater than 0");
  if (flags.since !== undefined && flags.since < 0) usage("--since must be greater than 0");
  if (flags.tail !== undefined && flags.tail < -1) usage("--tail must be greater than or equal to -1");
  if (flags.podRunningTimeout <= 0) usage("--pod-running-timeout must be higher than zero");
  // kubectl's default tail is 10 lines per container when a selector picks the pods.
  const tail = flags.tail ?? (flags.selector ? SELECTOR_TAIL : -1);
  const allPods = flags.allPods === true;
  return {
    ...(args[0] !== undefined ? { target: args[0] } : {}),
    ...(flags.selector ? { selector: flags.selector } : {}),
    ...(container !== undefined ? { container } : {}),
    follow: flags.follow === true,
    previous: flags.previous === true,
    allContainers: flags.allContainers === true,
    allPods,
    ...(tail >= 0 ? { tail } : {}),
    // PodLogOptions.SinceSeconds: rounded to the second.
    ...(flags.since ? { since: Math.round(flags.since / 1000) * 1000 } : {}),
    ...(flags.sinceTime ? { sinceTime: parseRfc3339(flags.sinceTime) } : {}),
    format: {
      prefix: flags.prefix === true || allPods,
      timestamps: flags.timestamps === true,
      ...(flags.limitBytes ? { limitBytes: flags.limitBytes } : {}),
    },
    maxLogRequests: flags.maxLogRequests,
    ignoreErrors: flags.ignoreErrors === true,
    podRunningTimeout: flags.podRunningTimeout,
  };
}

async function runLogs(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, req: LogsRequest): Promise<void> {
  // Following runs the engine here in real time (when no console does), so that containers move on.
  if (req.follow) cluster.startRealtime();
  const sinceTs = req.since !== undefined ? cluster.now() - req.since : req.sinceTime;
  const pods = await podsToRead(ctx, cluster, globals.namespace, req);
  const plan = planStreams(ctx, pods, req);
  if (!req.follow || req.previous) {
    // A previous instance has ended: following it ends with its last line, as the kubelet's stream does.
    printSnapshots(ctx, cluster, plan, req, sinceTs);
    return;
  }
  await follow(ctx, cluster, globals.namespace, pods, plan, req, sinceTs);
}

/** The pods the request names: one pod, a workload's chosen pod (or all with --all-pods), or a selector's matches. */
async function podsToRead(ctx: CommandContext, cluster: Cluster, namespace: string, req: LogsRequest): Promise<Pod[]> {
  if (req.selector !== undefined) {
    const pods = cluster.list("pods", { namespace, labelSelector: req.selector }).map((p) => asKind<Pod>(p));
    if (pods.length === 0) println(ctx.io.stderr, `No resources found in ${namespace} namespace.`);
    return pods;
  }
  const ref = parseTarget(req.target!);
  let pods: Pod[];
  try {
    pods = await podsForTarget(cluster, namespace, ref, "logging", req.podRunningTimeout);
  } catch (e) {
    // kubectl 1.32+ names the namespace it looked in.
    if (isApiError(e, "NotFound")) throw new Error(`error from server (NotFound): ${e.message} in namespace "${namespace}"`, { cause: e });
    throw e;
  }
  if (isPodTarget(ref) || req.allPods) return pods;
  if (pods.length > 1) println(ctx.io.stderr, `Found ${pods.length} pods, using pod/${pods[0]!.metadata?.name ?? ""}`);
  return [pods[0]!];
}

/**
 * kubectl's log requests: per pod, all its containers (init first) or the one named or
 * defaulted. A container the pod does not have fails before anything is printed.
 */
function planStreams(ctx: CommandContext, pods: Pod[], req: LogsRequest): PlannedStream[] {
  const plan: PlannedStream[] = [];
  for (const pod of pods) {
    for (const container of containersToRead(pod, req, (note) => println(ctx.io.stderr, note))) plan.push({ pod, container });
  }
  return plan;
}

function containersToRead(pod: Pod, req: LogsRequest, note: (line: string) => void): string[] {
  if (req.allContainers) return podContainers(pod).map((c) => c.name);
  if (req.container !== undefined) {
    if (!hasContainer(pod, req.container)) throw new Error(`container ${req.container} is not valid for pod ${pod.metadata?.name ?? ""}`);
    return [req.container];
  }
  const chosen = defaultContainer(pod, { quiet: req.allPods, reportBadAnnotation: true });
  chosen.notes.forEach(note);
  return [chosen.name];
}

/**
 * Without -f, each container's lines in turn, as kubectl's sequential requests print
 * them. A container with nothing to serve fails the command there, after what was
 * printed before it; with --ignore-errors its error is printed in its place.
 */
function printSnapshots(ctx: CommandContext, cluster: Cluster, plan: PlannedStream[], req: LogsRequest, sinceTs: number | undefined): void {
  for (const { pod, container } of plan) {
    // The API server serves nothing for a pod that has no node yet.
    if (!pod.spec?.nodeName) continue;
    try {
      const source = sourceOf(pod, container);
      const instance = instanceFor(cluster, pod, container, req.previous);
      const writer = new LineWriter(ctx.io.stdout, source, req.format);
      for (const line of cluster.logs(snapshotQuery(source, instance, { ...(sinceTs !== undefined ? { sinceTs } : {}), ...(req.tail !== undefined ? { tail: req.tail } : {}) }))) {
        writer.write(line);
      }
    } catch (e) {
      if (!req.ignoreErrors || !isApiError(e)) throw e;
      println(ctx.io.stdout, `error: ${e.message}`);
    }
  }
}

/**
 * -f: the recent lines of every stream, interleaved in time, then new ones as they come.
 * kubectl refuses to follow more streams than --max-log-requests. With -l, containers
 * that have not started yet are followed from their first line, and new pods join.
 */
async function follow(
  ctx: CommandContext,
  cluster: Cluster,
  namespace: string,
  pods: Pod[],
  plan: PlannedStream[],
  req: LogsRequest,
  sinceTs: number | undefined,
): Promise<void> {
  if (plan.length > 1 && plan.length > req.maxLogRequests) {
    throw new Error(
      `you are attempting to follow ${plan.length} log streams, but maximum allowed concurrency is ${req.maxLogRequests}, use --max-log-requests to increase the limit`,
    );
  }
  const bySelector = req.selector !== undefined;
  const streams: FollowedStream[] = [];
  const backlog: Parameters<typeof writeInTimeOrder>[0] = [];
  for (const { pod, container } of plan) {
    const source = sourceOf(pod, container);
    const writer = new LineWriter(ctx.io.stdout, source, req.format);
    if (!pod.spec?.nodeName) {
      // Nothing to stream yet; a selector's pod is followed once it runs.
      if (bySelector) streams.push({ writer, lastId: 0 });
      continue;
    }
    let instance: number;
    try {
      instance = instanceFor(cluster, pod, container, false);
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (bySelector) {
        streams.push({ writer, lastId: 0 });
        continue;
      }
      if (!req.ignoreErrors) throw e;
      println(ctx.io.stdout, `error: ${e.message}`);
      continue;
    }
    const stream: FollowedStream = { writer, lastId: 0 };
    for (const line of cluster.logs(snapshotQuery(source, instance, { ...(sinceTs !== undefined ? { sinceTs } : {}), ...(req.tail !== undefined ? { tail: req.tail } : {}) }))) {
      backlog.push({ stream, line });
    }
    // Follow from the newest line, also where --tail or --since printed none of them.
    stream.lastId = newestLineId(cluster, source);
    streams.push(stream);
  }
  writeInTimeOrder(backlog);

  const known = new Set(pods.map((p) => p.metadata?.uid ?? ""));
  await followStreams(cluster, ctx.io.signal, streams, {
    ...(sinceTs !== undefined ? { sinceTs } : {}),
    currentPods: bySelector
      ? () => new Map(cluster.list("pods", { namespace, labelSelector: req.selector! }).map((p) => [p.metadata.name ?? "", asKind<Pod>(p)]))
      : () => podsByName(cluster, namespace, pods.map((p) => p.metadata?.name ?? "")),
    ...(bySelector
      ? {
          discover: (current: Map<string, Pod>) => {
            const writers: LineWriter[] = [];
            for (const pod of current.values()) {
              const uid = pod.metadata?.uid ?? "";
              if (known.has(uid)) continue;
              known.add(uid);
              const containers = req.allContainers ? podContainers(pod).map((c) => c.name) : [req.container ?? defaultContainer(pod, { quiet: true }).name];
              for (const c of containers) if (hasContainer(pod, c)) writers.push(new LineWriter(ctx.io.stdout, sourceOf(pod, c), req.format));
            }
            return writers;
          },
        }
      : {}),
  });
}
