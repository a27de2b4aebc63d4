import type { Command } from "commander";
import type { Container, ContainerStatus, Pod } from "../client/types.js";
import type { Cluster, LogQuery, StoredLogLine } from "../client/cluster.js";
import { ApiError } from "../client/errors.js";
import { asKind, resolveResourceArg } from "../client/kinds.js";
import { globalsOf, println, sleep, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { parseBoolFlag, parseDurationFlag, parseIntFlag } from "./flags.js";

interface LogsOptions {
  container?: string;
  follow?: boolean;
  tail?: number;
  since?: number;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  prefix?: boolean;
  allContainers?: boolean;
  ignoreErrors?: boolean;
}

/** How the kubelet words the commonest reasons a container has not started. */
const WAITING_WORDS: Record<string, string> = {
  ErrImagePull: "image can't be pulled",
  ImagePullBackOff: "trying and failing to pull image",
};

/** How often `-f` looks for new lines (wall clock). */
const FOLLOW_POLL_MS = 200;

/** One container's stream to print. */
interface Stream {
  container: string;
  instance: number;
  /** The container instance ends (exited, or a new one replaced it): following stops after its last line. */
  ended: (pod: Pod | undefined) => boolean;
}

/** `kdeck logs POD [-c C] [-f] [--tail N] [--since D] [--timestamps]`: what the simulated containers wrote. */
export function registerLogs(program: Command, ctx: CommandContext): void {
  program
    .command("logs")
    .summary("Print the logs for a container in a pod")
    .description("Print the logs for a container in a pod. If the pod has only one container, the container name is optional.")
    .argument("[pod]", "POD or pod/NAME")
    .argument("[container]", "container name (same as -c)")
    .option("-c, --container <name>", "print the logs of this container")
    .option("-f, --follow", "specify if the logs should be streamed")
    .option("--tail <lines>", "lines of recent log file to display (-1: all)", parseIntFlag)
    .option("--since <duration>", "only return logs newer than a relative duration like 5s, 2m, or 3h", parseDurationFlag)
    .option("--since-time <time>", "only return logs after a specific date (RFC3339)")
    .option("--timestamps [bool]", "include timestamps on each line in the log output", parseBoolFlag)
    .option("-p, --previous", "print the logs for the previous instance of the container, if it exists")
    .option("--prefix", "prefix each log line with the log source (pod name and container name)")
    .option("--all-containers", "get all containers' logs in the pod")
    .action(async (podArg: string | undefined, containerArg: string | undefined, opts: LogsOptions, cmd: Command) => {
      if (!podArg) {
        throw new UsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command", "logs");
      }
      if (containerArg !== undefined && opts.container !== undefined) throw new UsageError("only one of -c or an inline [CONTAINER] arg is allowed", "logs");
      if (opts.since !== undefined && opts.sinceTime !== undefined) throw new UsageError("at most one of `sinceTime` or `sinceSeconds` may be specified", "logs");
      if (opts.allContainers && (opts.container ?? containerArg) !== undefined) {
        throw new UsageError("--all-containers=true should not be specified with container name", "logs");
      }
      const podName = podName_(podArg);
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runLogs(ctx, cluster, globals, podName, { ...opts, container: opts.container ?? containerArg }));
    });
}

/** `nginx`, `pod/nginx`, `pods/nginx`; other kinds need controllers kdeck's logs do not follow yet. */
function podName_(arg: string): string {
  const i = arg.indexOf("/");
  if (i < 0) return arg;
  const kind = resolveResourceArg(arg.slice(0, i));
  if (kind.kind !== "Pod") throw new Error(`cannot get the logs from ${kind.plural}: kdeck reads logs by pod (kdeck logs POD)`);
  return arg.slice(i + 1);
}

async function runLogs(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, name: string, opts: LogsOptions): Promise<void> {
  const pod = asKind<Pod>(cluster.get("pods", globals.namespace, name));
  const containers = opts.allContainers ? allContainers(pod) : [chooseContainer(ctx, pod, opts.container)];
  if (opts.follow) cluster.startRealtime();
  const since = opts.since !== undefined ? cluster.now() - opts.since : opts.sinceTime !== undefined ? parseSinceTime(opts.sinceTime) : undefined;
  const streams: Stream[] = [];
  // kubelets serve nothing for a pod that has no node yet.
  if (!pod.spec?.nodeName) return;
  for (const c of containers) streams.push(streamFor(cluster, pod, c, opts.previous === true));

  const lastId = new Map<Stream, number>();
  const print = (s: Stream, lines: StoredLogLine[]): void => {
    for (const l of lines) {
      const prefix = opts.prefix ? `[pod/${name}/${s.container}] ` : "";
      const stamp = opts.timestamps ? `${rfc3339Nano(l.ts)} ` : "";
      ctx.io.stdout.write(`${prefix}${stamp}${l.text}\n`);
      lastId.set(s, l.id);
    }
  };
  for (const s of streams) {
    const query: LogQuery = { namespace: globals.namespace, pod: name, container: s.container, instance: s.instance };
    if (since !== undefined) query.sinceTs = since;
    if (opts.tail !== undefined && opts.tail >= 0) query.tail = opts.tail;
    print(s, cluster.logs(query));
  }
  if (!opts.follow || opts.previous) return;

  // Follow from the newest line, also where --tail or --since printed none of them.
  for (const s of streams) {
    if (lastId.has(s)) continue;
    const newest = cluster.logs({ namespace: globals.namespace, pod: name, container: s.container, instance: s.instance, tail: 1 })[0];
    lastId.set(s, newest?.id ?? 0);
  }
  let open = [...streams];
  while (open.length > 0 && !ctx.io.signal.aborted) {
    await sleep(FOLLOW_POLL_MS, ctx.io.signal);
    const live = cluster.tryGet("pods", globals.namespace, name);
    const current = live && live.metadata.uid === pod.metadata?.uid ? asKind<Pod>(live) : undefined;
    const still: Stream[] = [];
    for (const s of open) {
      const ended = s.ended(current);
      const query: LogQuery = { namespace: globals.namespace, pod: name, container: s.container, instance: s.instance, afterId: lastId.get(s) ?? 0 };
      if (since !== undefined) query.sinceTs = since;
      print(s, cluster.logs(query));
      if (!ended) still.push(s);
    }
    open = still;
  }
}

function allContainers(pod: Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
}

/**
 * The container whose logs to print: the one asked for, the pod's
 * `kubectl.kubernetes.io/default-container`, its only container, or (with a note on
 * stderr, as kubectl 1.33 does) its first.
 */
export function chooseContainer(ctx: CommandContext, pod: Pod, asked: string | undefined): string {
  const name = pod.metadata?.name ?? "";
  const all: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as Container[])];
  if (asked !== undefined) {
    if (!all.some((c) => c.name === asked)) throw ApiError.badRequest(`container ${asked} is not valid for pod ${name}`);
    return asked;
  }
  const containers = pod.spec?.containers ?? [];
  const annotated = pod.metadata?.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  if (containers.length === 1 && !(pod.spec?.initContainers?.length || pod.spec?.ephemeralContainers?.length)) return containers[0]!.name;
  const first = containers[0]!.name;
  println(ctx.io.stderr, `Defaulted container "${first}" out of: ${containerNames(pod)}`);
  return first;
}

/** kubectl's list in the "Defaulted container" note: init and ephemeral containers marked. */
function containerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(", ");
}

/**
 * Which instance of a container the kubelet would serve, with its errors when there is
 * none: the running or terminated one; while it waits to restart, the one that last
 * ended; with --previous, the one before the running one.
 */
function streamFor(cluster: Cluster, pod: Pod, container: string, previous: boolean): Stream {
  const podName = pod.metadata?.name ?? "";
  const status = findStatus(pod, container);
  if (!status) throw ApiError.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const restarts = status.restartCount ?? 0;
  const waiting = status.state?.waiting;
  const lastEnded = (): number => newestInstance(cluster, pod, container, restarts);
  if (previous) {
    if (!status.lastState?.terminated) throw ApiError.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return { container, instance: status.state?.running || status.state?.terminated ? restarts - 1 : lastEnded(), ended: () => true };
  }
  if (waiting && !status.lastState?.terminated) {
    const why = WAITING_WORDS[waiting.reason ?? ""] ?? waiting.reason ?? "ContainerCreating";
    throw ApiError.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
  }
  const instance = waiting ? lastEnded() : restarts;
  return {
    container,
    instance,
    // Following stops once this instance is no longer the running one, as the kubelet's stream ends.
    ended: (live) => {
      const s = live ? findStatus(live, container) : undefined;
      return !s || !s.state?.running || (s.restartCount ?? 0) !== instance;
    },
  };
}

/** The newest instance of a container that wrote anything (a container waiting to restart has not yet). */
function newestInstance(cluster: Cluster, pod: Pod, container: string, restarts: number): number {
  const last = cluster.logs({ namespace: pod.metadata?.namespace ?? "", pod: pod.metadata?.name ?? "", container, tail: 1 });
  return Math.min(restarts, last[0]?.instance ?? Math.max(0, restarts - 1));
}

function findStatus(pod: Pod, container: string): ContainerStatus | undefined {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  return all.find((s) => s.name === container);
}

function parseSinceTime(text: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`invalid argument "${text}" for "--since-time" flag: parsing time "${text}" as RFC3339`, "logs");
  return t;
}

/** Go's RFC3339Nano: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, "");
    return trimmed ? `.${trimmed}Z` : "Z";
  });
}
