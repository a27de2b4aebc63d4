import type { Cluster, LogQuery, StoredLogLine } from "../client/cluster.js";
import { ApiError } from "../client/errors.js";
import type { Pod } from "../client/types.js";
import type { OutputStream } from "./context.js";
import { findContainerStatus } from "./workload-pods.js";

/**
 * One container's log as `kdeck logs` reads it: which pod and container, which instance
 * the kubelet would serve, and how each line is written out (`--prefix`,
 * `--timestamps`, `--limit-bytes`).
 */

/** One container of one pod whose lines are printed. */
export interface LogSource {
  namespace: string;
  pod: string;
  /** The pod object's uid: a new pod with the same name is another source. */
  uid: string;
  container: string;
}

/** How lines are written out, as the kubelet and kubectl's prefixing writer shape them. */
export interface LineFormat {
  prefix: boolean;
  timestamps: boolean;
  /** `--limit-bytes`: bytes of log text (timestamps included, prefix not) per container. */
  limitBytes?: number;
}

/** How the kubelet words the commonest reasons a container has not started. */
const WAITING_WORDS: Record<string, string> = {
  ErrImagePull: "image can't be pulled",
  ImagePullBackOff: "trying and failing to pull image",
};

export function sourceOf(pod: Pod, container: string): LogSource {
  return { namespace: pod.metadata?.namespace ?? "", pod: pod.metadata?.name ?? "", uid: pod.metadata?.uid ?? "", container };
}

/**
 * Which instance of a container the kubelet serves, with its errors when there is none
 * (its `validateContainerLogStatus`): the running or terminated one; while it waits to
 * restart, the one that last ended; with `--previous`, the one before the running one
 * (while it waits, the one that last ended, which is also the "current" one then).
 */
export function instanceFor(cluster: Cluster, pod: Pod, container: string, previous: boolean): number {
  const podName = pod.metadata?.name ?? "";
  const status = findContainerStatus(pod, container);
  if (!status) throw ApiError.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const restarts = status.restartCount ?? 0;
  const waiting = status.state?.waiting;
  if (previous) {
    if (!status.lastState?.terminated) throw ApiError.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return status.state?.running || status.state?.terminated ? Math.max(0, restarts - 1) : newestInstance(cluster, pod, container, restarts);
  }
  if (waiting && !status.lastState?.terminated) {
    const why = WAITING_WORDS[waiting.reason ?? ""] ?? waiting.reason ?? "ContainerCreating";
    throw ApiError.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
  }
  return waiting ? newestInstance(cluster, pod, container, restarts) : restarts;
}

/**
 * The newest instance of a container that wrote anything: a container waiting to
 * restart has not written yet, whether or not its restart count already moved on.
 */
function newestInstance(cluster: Cluster, pod: Pod, container: string, restarts: number): number {
  const last = cluster.logs({ namespace: pod.metadata?.namespace ?? "", pod: pod.metadata?.name ?? "", container, tail: 1 });
  return Math.min(restarts, last[0]?.instance ?? Math.max(0, restarts - 1));
}

/** The newest line id a container has written (any instance), 0 for none: where following starts. */
export function newestLineId(cluster: Cluster, source: LogSource): number {
  return cluster.logs({ namespace: source.namespace, pod: source.pod, container: source.container, tail: 1 })[0]?.id ?? 0;
}

/** What one container's snapshot reads: one instance, after `--since`/`--since-time`, its last `--tail` lines. */
export function snapshotQuery(source: LogSource, instance: number, opts: { sinceTs?: number; tail?: number }): LogQuery {
  return {
    namespace: source.namespace,
    pod: source.pod,
    container: source.container,
    instance,
    ...(opts.sinceTs !== undefined ? { sinceTs: opts.sinceTs } : {}),
    ...(opts.tail !== undefined && opts.tail >= 0 ? { tail: opts.tail } : {}),
  };
}

/**
 * Writes one source's lines: `[pod/NAME/CONTAINER] ` with --prefix (kubectl's
 * prefixing writer), the kubelet's RFC3339Nano stamp with --timestamps, and no more
 * than --limit-bytes of log text, cut mid-line as the kubelet's limited writer cuts it.
 */
export class LineWriter {
  private written = 0;
  private readonly prefix: string;

  constructor(
    private readonly out: OutputStream,
    readonly source: LogSource,
    private readonly format: LineFormat,
  ) {
    this.prefix = format.prefix ? `[pod/${source.pod}/${source.container}] ` : "";
  }

  /** True once --limit-bytes is used up: the kubelet's stream has ended. */
  get exhausted(): boolean {
    return this.format.limitBytes !== undefined && this.written >= this.format.limitBytes;
  }

  write(line: StoredLogLine): void {
    if (this.exhausted) return;
    let body = `${this.format.timestamps ? `${rfc3339Nano(line.ts)} ` : ""}${line.text}\n`;
    if (this.format.limitBytes !== undefined) {
      const left = this.format.limitBytes - this.written;
      const bytes = Buffer.from(body, "utf8");
      if (bytes.length > left) body = bytes.subarray(0, left).toString("utf8");
      this.written += Math.min(bytes.length, left);
    }
    this.out.write(this.prefix + body);
  }
}

/** Go's RFC3339Nano, as the kubelet stamps lines: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, "");
    return trimmed ? `.${trimmed}Z` : "Z";
  });
}

const RFC3339_LAYOUT = "2006-01-02T15:04:05Z07:00";

/**
 * kubectl's `util.ParseRFC3339` for `--since-time` (RFC3339, with or without fractional
 * seconds), failing with Go's `time.Parse` message: `parsing time "x" as
 * "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */
export function parseRfc3339(text: string): number {
  const steps: { element: string; re: RegExp }[] = [
    { element: "2006", re: /^\d{4}/ },
    { element: "-", re: /^-/ },
    { element: "01", re: /^\d{2}/ },
    { element: "-", re: /^-/ },
    { element: "02", re: /^\d{2}/ },
    { element: "T", re: /^T/ },
    { element: "15", re: /^\d{2}/ },
    { element: ":", re: /^:/ },
    { element: "04", re: /^\d{2}/ },
    { element: ":", re: /^:/ },
    { element: "05", re: /^\d{2}(\.\d+)?/ },
    { element: "Z07:00", re: /^(Z|[+-]\d{2}:\d{2})/ },
  ];
  let rest = text;
  // Go's ParseError: "as LAYOUT" only when an element failed to parse.
  const fail = (detail: string): never => {
    throw new Error(`parsing time ${JSON.stringify(text)}: ${detail}`);
  };
  for (const step of steps) {
    const m = step.re.exec(rest);
    if (!m) {
      throw new Error(`parsing time ${JSON.stringify(text)} as ${JSON.stringify(RFC3339_LAYOUT)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(step.element)}`);
    }
    rest = rest.slice(m[0].length);
  }
  if (rest !== "") fail(`extra text: ${JSON.stringify(rest)}`);
  const [, month, day, hour, minute, second] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text)!.map(Number);
  if (month! < 1 || month! > 12) fail("month out of range");
  if (day! < 1 || day! > 31) fail("day out of range");
  if (hour! > 23) fail("hour out of range");
  if (minute! > 59) fail("minute out of range");
  if (second! > 59) fail("second out of range");
  const t = Date.parse(text);
  if (Number.isNaN(t)) fail("day out of range");
  return t;
}
