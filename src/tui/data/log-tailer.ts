/**
 * Tails logs the way stern does, through the Cluster interface: the pods a target
 * names (a label selector or one pod) are re-listed on every poll, so pods that appear
 * are followed and pods that leave are dropped, with `+`/`-` markers as their
 * containers start and stop. New lines of all pods are interleaved by timestamp.
 */
import type { Cluster, KubeObject, LogQuery } from "../../client/cluster.js";
import { asKind } from "../../client/kinds.js";
import type { Pod } from "../../client/types.js";
import type { LogRing, NewLogEntry } from "../state/log-ring.js";
import type { LogTarget } from "../state/log-view.js";

export interface TailOptions {
  /** The previous instance of each container, read once. */
  previous: boolean;
  /** Only lines newer than this much virtual time before now. */
  sinceMs?: number;
  /** Lines per pod read when it is first seen (without `sinceMs`). */
  initialTail: number;
}

interface PodTail {
  uid: string;
  lastId: number;
  /** Containers shown as started (a `+` marker was written). */
  active: Set<string>;
  /** The container instance (restart count) whose lines were read last, by container. */
  instance: Map<string, number>;
}

type Pending = NewLogEntry & { order: number };

export const LOG_POLL_MS = 250;

export class LogTailer {
  private target: LogTarget | undefined;
  private opts: TailOptions = { previous: false, initialTail: 500 };
  private readonly pods = new Map<string, PodTail>();
  private timer: NodeJS.Timeout | undefined;
  /** Why the target's pods could not be listed (a bad selector), shown in the pane. */
  error: string | undefined;
  /** Pods tailed at the last poll. */
  podCount = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly ring: LogRing,
    private readonly onChange: () => void,
    private readonly pollMs = LOG_POLL_MS,
  ) {}

  get current(): LogTarget | undefined {
    return this.target;
  }

  /** Starts over on `target` (or stops): the ring is cleared and read again. */
  retarget(target: LogTarget | undefined, opts: TailOptions): void {
    this.target = target;
    this.opts = opts;
    this.pods.clear();
    this.ring.clear();
    this.error = undefined;
    this.podCount = 0;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!target) {
      this.onChange();
      return;
    }
    this.poll();
    if (!opts.previous) this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The pods the target names right now. */
  private matchingPods(t: LogTarget): KubeObject[] {
    if (t.selector !== undefined) return this.cluster.list("pods", { ...(t.namespace ? { namespace: t.namespace } : {}), labelSelector: t.selector });
    if (t.pod !== undefined) {
      const p = this.cluster.tryGet("pods", t.namespace ?? "", t.pod);
      return p ? [p] : [];
    }
    return [];
  }

  /** Reads what is new for every pod of the target; exposed for tests and the bench. */
  poll(): void {
    const t = this.target;
    if (!t) return;
    let pods: KubeObject[];
    try {
      pods = this.matchingPods(t);
      this.error = undefined;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.error) {
        this.error = message;
        this.onChange();
      }
      return;
    }
    const now = this.cluster.now();
    const batch: Pending[] = [];
    const seen = new Set<string>();
    for (const obj of pods) {
      const pod = asKind<Pod>(obj);
      const key = `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
      seen.add(key);
      if (!pod.spec?.nodeName) continue;
      let tail = this.pods.get(key);
      const fresh = !tail || tail.uid !== obj.metadata.uid;
      if (!tail || fresh) {
        if (tail) this.stopAll(key, tail, now, batch);
        tail = { uid: obj.metadata.uid ?? "", lastId: 0, active: new Set(), instance: new Map() };
        this.pods.set(key, tail);
      }
      const query = this.query(obj, pod, tail, fresh, now);
      const lines = query ? this.cluster.logs(query) : [];
      for (const l of lines) {
        tail.lastId = Math.max(tail.lastId, l.id);
        // A line of a new instance: the container restarted, perhaps within one poll (or an advance).
        if (!this.opts.previous && tail.instance.get(l.container) !== l.instance) {
          tail.instance.set(l.container, l.instance);
          if (tail.active.has(l.container)) batch.push(marker("stop", l.ts, l.namespace, l.pod, l.container, "restarted", -1));
          tail.active.add(l.container);
          batch.push(marker("start", l.ts, l.namespace, l.pod, l.container, "", 0));
        }
        batch.push({ type: "line", ts: l.ts, namespace: l.namespace, pod: l.pod, container: l.container, stream: l.stream, text: l.text, order: 1 });
      }
      if (!this.opts.previous) this.markers(obj, pod, tail, now, batch);
    }
    for (const [key, tail] of this.pods) {
      if (seen.has(key)) continue;
      this.stopAll(key, tail, now, batch);
      this.pods.delete(key);
    }
    this.podCount = seen.size;
    if (batch.length === 0) return;
    batch.sort((a, b) => a.ts - b.ts || a.order - b.order);
    this.ring.push(batch.map(({ order: _order, ...e }) => e));
    this.onChange();
  }

  /** What to read for a pod now; undefined when there is nothing (no previous instance). */
  private query(obj: KubeObject, pod: Pod, tail: PodTail, fresh: boolean, now: number): LogQuery | undefined {
    const q: LogQuery = { namespace: obj.metadata.namespace ?? "", pod: obj.metadata.name ?? "" };
    if (this.target?.container) q.container = this.target.container;
    if (this.opts.previous) {
      // The instance before the current one, of the container asked for or the first that restarted.
      const statuses = pod.status?.containerStatuses ?? [];
      const cs = statuses.find((s) => (!this.target?.container || s.name === this.target.container) && (s.restartCount ?? 0) > 0);
      if (!cs) return undefined;
      q.container = cs.name;
      q.instance = (cs.restartCount ?? 1) - 1;
      return q;
    }
    if (!fresh) {
      q.afterId = tail.lastId;
      return q;
    }
    if (this.opts.sinceMs !== undefined) q.sinceTs = now - this.opts.sinceMs;
    else q.tail = this.opts.initialTail;
    return q;
  }

  /** `+` when a container runs, `-` when it stopped, as stern marks them. */
  private markers(obj: KubeObject, pod: Pod, tail: PodTail, now: number, batch: Pending[]): void {
    const ns = obj.metadata.namespace ?? "";
    const name = obj.metadata.name ?? "";
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      if (this.target?.container && cs.name !== this.target.container) continue;
      const running = cs.state?.running !== undefined;
      if (running && !tail.active.has(cs.name)) {
        tail.active.add(cs.name);
        tail.instance.set(cs.name, cs.restartCount ?? 0);
        batch.push(marker("start", now, ns, name, cs.name, "", 0));
      } else if (!running && tail.active.has(cs.name)) {
        tail.active.delete(cs.name);
        batch.push(marker("stop", now, ns, name, cs.name, cs.state?.terminated?.reason ?? cs.state?.waiting?.reason ?? "", 2));
      }
    }
  }

  private stopAll(key: string, tail: PodTail, now: number, batch: Pending[]): void {
    const [ns, name] = [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)];
    for (const c of tail.active) batch.push(marker("stop", now, ns, name, c, "pod gone", 2));
    tail.active.clear();
  }
}

/** A `+`/`-` entry; `order` places it among lines of the same time (before: < 1, after: > 1). */
function marker(type: "start" | "stop", ts: number, namespace: string, pod: string, container: string, text: string, order: number): Pending {
  return { type, ts, namespace, pod, container, stream: "stdout", text, order };
}
