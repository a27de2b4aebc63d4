import type { Node, NodeCondition, Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import type { Reconciler, ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { kubeletStopped } from "./node-health.js";
import type { NodeImageCache } from "./node-images.js";

/**
 * How often each simulated kubelet posts its node status when nothing changed: the
 * kubelet's nodeStatusReportFrequency (5 min). Its 10 s heartbeat rides on a Lease in
 * kube-node-lease, which kdeck does not write: the node lifecycle controller counts a
 * running kubelet as in contact, and a stopped one as silent from the moment it stopped.
 * Posting no more often than Kubernetes does keeps 1,000 idle nodes (and every console
 * following them) cheap.
 */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 300_000;

/** The conditions a healthy kubelet reports, in its order and words. */
const HEALTHY_CONDITIONS: readonly Pick<NodeCondition, "type" | "status" | "reason" | "message">[] = [
  { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
  { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
  { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
  { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
];

/**
 * Each simulated kubelet's node status loop: keeps the node's conditions healthy with a
 * fresh lastHeartbeatTime, and reports the images its runtime pulled in
 * node.status.images soon after a pull. A node whose kubelet is stopped
 * (sim.kdeck.dev/kubelet-stopped) gets no heartbeat.
 */
export class NodeHeartbeatReconciler implements Reconciler {
  readonly name = "node-heartbeat";
  readonly watches;
  /** Our own writes need no reconcile, whether routed as they are written or after the commit. */
  private readonly ownWrites = new Map<string, string>();
  private writing: string | undefined;

  constructor(
    private readonly ctx: EngineContext,
    private readonly images: NodeImageCache,
    private readonly frequencyMs = NODE_STATUS_UPDATE_FREQUENCY_MS,
  ) {
    this.watches = [
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      // A pod's status changes after each pull: report the new images then.
      {
        resource: "pods",
        keys: (ev: WatchEvent) => {
          const nodeName = asKind<Pod>(ev.object).spec?.nodeName;
          return nodeName && this.images.isDirty(nodeName) ? [nodeName] : [];
        },
      },
    ];
  }

  *initialKeys(): Iterable<string> {
    for (const node of this.ctx.api.list("nodes")) yield node.metadata.name ?? "";
  }

  reconcile(name: string): ReconcileResult | void {
    const obj = this.ctx.api.tryGet("nodes", "", name);
    if (!obj) {
      this.images.forget(name);
      return;
    }
    const node = asKind<Node>(obj);
    if (kubeletStopped(node)) return;
    const now = this.ctx.clock.now();
    const conditions = node.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === "Ready");
    const lastBeat = parseTime(ready?.lastHeartbeatTime);
    const due = Number.isNaN(lastBeat) ? now : lastBeat + this.frequencyMs;
    const healthy = HEALTHY_CONDITIONS.every((h) => conditions.find((c) => c.type === h.type)?.status === h.status);
    if (healthy && now < due && !this.images.isDirty(name)) return { requeueAfter: due - now };

    const t = rfc3339(now);
    const next: NodeCondition[] = HEALTHY_CONDITIONS.map((h) => {
      const old = conditions.find((c) => c.type === h.type);
      return { ...h, lastHeartbeatTime: t, lastTransitionTime: old?.status === h.status && old.lastTransitionTime ? old.lastTransitionTime : t };
    });
    const others = conditions.filter((c) => !HEALTHY_CONDITIONS.some((h) => h.type === c.type));
    const status = { ...node.status, conditions: [...next, ...others], images: this.images.statusImages(name) };
    this.writing = name;
    try {
      const written = this.ctx.api.updateStatus({ ...obj, status });
      if (written.metadata.resourceVersion && this.writing === name) this.ownWrites.set(name, written.metadata.resourceVersion);
    } finally {
      this.writing = undefined;
    }
    this.images.markWritten(name);
    if (ready?.status !== "True") {
      this.ctx.events.record(obj, "Normal", "NodeReady", `Node ${name} status is now: NodeReady`, { component: "kubelet", host: name });
    }
    return { requeueAfter: this.frequencyMs };
  }

  private onNode(ev: WatchEvent): Iterable<string> {
    const name = ev.object.metadata.name ?? "";
    if (ev.type === "DELETED") {
      this.images.forget(name);
      this.ownWrites.delete(name);
      return [];
    }
    if (ev.type === "MODIFIED" && this.writing === name) {
      this.writing = undefined;
      return [];
    }
    if (ev.type === "MODIFIED" && this.ownWrites.get(name) === ev.object.metadata.resourceVersion) {
      this.ownWrites.delete(name);
      return [];
    }
    return [name];
  }
}
