import type { Cluster, StoredLogLine } from "../client/cluster.js";
import { asKind } from "../client/kinds.js";
import type { Pod } from "../client/types.js";
import { sleep } from "./context.js";
import type { LineWriter, LogSource } from "./logs-streams.js";
import { findContainerStatus } from "./workload-pods.js";

/**
 * `kdeck logs -f`: streams that continue as containers write, across restarts (the
 * store keeps every instance's lines in one sequence, so reading after the last id
 * printed moves on into the next instance), until the pod is gone or finished, or
 * ctrl-c. With a selector, pods that start matching are picked up as they appear,
 * as stern does, and the lines of all streams are interleaved in time order.
 */

/** How often following looks for new lines and pods (wall clock). */
export const FOLLOW_POLL_MS = 200;

/** One stream being followed. */
export interface FollowedStream {
  writer: LineWriter;
  /** Id of the last line read: the next read starts after it. */
  lastId: number;
}

export interface FollowOptions {
  /** `--since`/`--since-time`, virtual epoch ms. */
  sinceTs?: number;
  /**
   * The pods the streams belong to, as they are now, keyed by name: the selector's
   * matches with -l (a pod that stops matching is let go), else the named pods.
   */
  currentPods: () => Map<string, Pod>;
  /** With -l: writers for pods not seen before (their lines are all new). */
  discover?: (pods: Map<string, Pod>) => LineWriter[];
}

/** Follows `streams` until each has ended (and, with discovery, until ctrl-c). */
export async function followStreams(cluster: Cluster, signal: AbortSignal, initial: FollowedStream[], opts: FollowOptions): Promise<void> {
  let open = [...initial];
  /** Where a pod name's lines were read up to: a pod recreated under the same name starts after them. */
  const readUpTo = new Map<string, number>();
  while (!signal.aborted && (open.length > 0 || opts.discover)) {
    await sleep(FOLLOW_POLL_MS, signal);
    if (signal.aborted) break;
    const pods = opts.currentPods();
    // Decide which streams end before reading, so that their last lines are still read.
    const ending = new Set(open.filter((s) => streamEnded(s.writer.source, pods.get(s.writer.source.pod))));
    if (opts.discover) {
      for (const writer of opts.discover(pods)) open.push({ writer, lastId: readUpTo.get(writer.source.pod) ?? 0 });
    }
    const batch: { stream: FollowedStream; line: StoredLogLine }[] = [];
    for (const stream of open) {
      const { namespace, pod, container } = stream.writer.source;
      const lines = cluster.logs({ namespace, pod, container, afterId: stream.lastId, ...(opts.sinceTs !== undefined ? { sinceTs: opts.sinceTs } : {}) });
      for (const line of lines) batch.push({ stream, line });
      if (lines.length > 0) stream.lastId = lines[lines.length - 1]!.id;
      readUpTo.set(pod, Math.max(readUpTo.get(pod) ?? 0, stream.lastId));
    }
    writeInTimeOrder(batch);
    open = open.filter((s) => !ending.has(s) && !s.writer.exhausted);
  }
}

/** Writes lines of several streams interleaved by when they were written. */
export function writeInTimeOrder(batch: { stream: FollowedStream; line: StoredLogLine }[]): void {
  batch.sort((a, b) => a.line.ts - b.line.ts || a.line.id - b.line.id);
  for (const { stream, line } of batch) stream.writer.write(line);
}

/**
 * The kubelet's stream of a container ends when nothing more can come: the pod is gone
 * (or replaced by another of the same name), finished, or the container exited and its
 * restart policy does not start it again.
 */
export function streamEnded(source: LogSource, pod: Pod | undefined): boolean {
  if (!pod || pod.metadata?.uid !== source.uid) return true;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return true;
  const terminated = findContainerStatus(pod, source.container)?.state?.terminated;
  if (!terminated) return false;
  if ((pod.spec?.ephemeralContainers ?? []).some((c) => c.name === source.container)) return true;
  const init = (pod.spec?.initContainers ?? []).find((c) => c.name === source.container);
  if (init?.restartPolicy === "Always") return false;
  if (init && terminated.exitCode === 0) return true;
  const policy = pod.spec?.restartPolicy ?? "Always";
  return policy === "Never" || (policy === "OnFailure" && terminated.exitCode === 0);
}

/** The named pods as they are now (a pod that is gone is missing from the map). */
export function podsByName(cluster: Cluster, namespace: string, names: Iterable<string>): Map<string, Pod> {
  const out = new Map<string, Pod>();
  for (const name of new Set(names)) {
    const obj = cluster.tryGet("pods", namespace, name);
    if (obj) out.set(name, asKind<Pod>(obj));
  }
  return out;
}
