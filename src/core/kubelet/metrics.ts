import type { Node, Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { bytes, cpuMillis } from "../quantity.js";
import { LoadShares } from "./load.js";
import type { ContainerRuntime } from "./runtime.js";
import { containerUsage } from "./usage.js";

/** metrics.k8s.io PodMetrics' essentials: what each running container of a pod uses. */
export interface PodMetrics {
  namespace: string;
  name: string;
  /** When the sample was taken (metrics-server scrapes every 15 s). */
  timestamp: string;
  containers: { name: string; cpuMillis: number; memoryBytes: number }[];
}

/** metrics.k8s.io NodeMetrics' essentials, with the node's allocatable (what `kubectl top node` divides by). */
export interface NodeMetrics {
  name: string;
  timestamp: string;
  cpuMillis: number;
  memoryBytes: number;
  /** The node's allocatable CPU. */
  cpuCapacityMillis: number;
  /** The node's allocatable memory. */
  memoryCapacityBytes: number;
}

/** What the node itself uses beside its pods (kubelet, containerd, the system). */
const NODE_OVERHEAD = { cpuMillis: 45, memoryBytes: 520 * 1024 * 1024 };
const SCRAPE_MS = 15_000;
/** The window a pod metric covers, as metrics-server reports it. */
export const METRICS_WINDOW_MS = SCRAPE_MS;

/**
 * The metrics API's view of the simulation: container usage from the catalogue's
 * baselines, the `sim.kdeck.dev/cpu` and `/memory` annotations (usage.ts) and each
 * workload's `sim.kdeck.dev/load` shared by its Ready pods (load.ts), as of the last 15 s
 * scrape. A pure function of the stored pods and the clock: any kdeck process
 * gives the same answer.
 */
export class MetricsService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly runtime: ContainerRuntime,
  ) {}

  podMetrics(opts: { namespace?: string } = {}): PodMetrics[] {
    return this.metricsOfPods(this.ctx.api.list("pods", opts.namespace !== undefined ? { namespace: opts.namespace } : {}).map((o) => asKind<Pod>(o)));
  }

  /** The metrics of these pods (those running), as the autoscalers read them. */
  metricsOfPods(pods: readonly Pod[]): PodMetrics[] {
    const at = this.scrapeTime();
    const load = new LoadShares(this.ctx.api, at);
    const out: PodMetrics[] = [];
    for (const pod of pods) {
      const m = this.ofPod(pod, at, load);
      if (m) out.push(m);
    }
    return out;
  }

  nodeMetrics(): NodeMetrics[] {
    const at = this.scrapeTime();
    const load = new LoadShares(this.ctx.api, at);
    const used = new Map<string, { cpu: number; memory: number }>();
    for (const obj of this.ctx.api.list("pods")) {
      const pod = asKind<Pod>(obj);
      const node = pod.spec?.nodeName;
      const m = node ? this.ofPod(pod, at, load) : undefined;
      if (!node || !m) continue;
      const u = used.get(node) ?? { cpu: 0, memory: 0 };
      for (const c of m.containers) {
        u.cpu += c.cpuMillis;
        u.memory += c.memoryBytes;
      }
      used.set(node, u);
    }
    return this.ctx.api.list("nodes").map((obj) => {
      const node = asKind<Node>(obj);
      const name = node.metadata?.name ?? "";
      const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
      const u = used.get(name) ?? { cpu: 0, memory: 0 };
      return {
        name,
        timestamp: rfc3339(at),
        cpuMillis: Math.round(u.cpu + NODE_OVERHEAD.cpuMillis),
        memoryBytes: Math.round(u.memory + NODE_OVERHEAD.memoryBytes),
        cpuCapacityMillis: cpuMillis(alloc.cpu ?? "0"),
        memoryCapacityBytes: bytes(alloc.memory ?? "0"),
      };
    });
  }

  private scrapeTime(): number {
    return Math.floor(this.ctx.clock.now() / SCRAPE_MS) * SCRAPE_MS;
  }

  private ofPod(pod: Pod, at: number, load: LoadShares): PodMetrics | undefined {
    if (pod.status?.phase !== "Running") return undefined;
    const containers: PodMetrics["containers"] = [];
    const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    const share = load.shareFor(pod);
    for (const c of all) {
      const started = Date.parse(statuses.find((s) => s.name === c.name)?.state?.running?.startedAt ?? "");
      if (Number.isNaN(started)) continue;
      const u = containerUsage(pod, c, this.runtime.argv(c), started, Math.max(at, started), share?.container === c.name ? share.cpuMillis : undefined);
      containers.push({ name: c.name, cpuMillis: u.cpuMillis, memoryBytes: u.memoryBytes });
    }
    if (containers.length === 0) return undefined;
    return { namespace: pod.metadata?.namespace ?? "", name: pod.metadata?.name ?? "", timestamp: rfc3339(at), containers };
  }
}
