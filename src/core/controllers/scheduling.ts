import type { Node, Pod, PodCondition } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { SchedulerCache } from "../scheduler/cache.js";
import { Scheduler } from "../scheduler/framework.js";
import { defaultPlugins } from "../scheduler/plugins/default-plugins.js";
import { apiVolumeListers, bindPodVolumes, type VolumeListers } from "../scheduler/plugins/volume-binding.js";
import type { WatchEvent } from "../store.js";

/** kube-scheduler flushes pods that stayed unschedulable this long back to the active queue. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;
const SCHEDULER_NAME = "default-scheduler";
/** How long a pod waits for its volumes to be bound (provisioned) before the scheduler looks at it again. */
const VOLUME_BINDING_RETRY_MS = 5 * 60_000;

/**
 * kube-scheduler as a reconciler: keeps a node snapshot current from watch events,
 * places each pending pod with the scheduling framework, binds it, and records why
 * when no node fits. Unschedulable pods are retried whenever the cluster changes in a
 * way that could make them fit (a node added or changed, an assigned pod gone).
 */
export class SchedulingReconciler implements Reconciler {
  readonly name = "scheduler";
  readonly watches;
  private cache = new SchedulerCache();
  private scheduler: Scheduler;
  private readonly unschedulable = new Set<string>();
  /** What the scheduler sees of each node, to tell a heartbeat from a change that could make a pod fit. */
  private readonly nodeSignatures = new Map<string, string>();
  private readonly volumes: VolumeListers;

  constructor(private readonly ctx: EngineContext) {
    this.volumes = apiVolumeListers(ctx.api);
    this.scheduler = new Scheduler(this.cache, { rand: () => ctx.rand.next(), plugins: defaultPlugins({ volumes: this.volumes }) });
    this.watches = [
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
      // A claim bound or provisioned, or a volume freed, may let a waiting pod in.
      { resource: "persistentvolumeclaims", keys: () => [...this.unschedulable] },
      { resource: "persistentvolumes", keys: () => [...this.unschedulable] },
    ];
  }

  /** The engine starts: rebuild the node snapshot from the store, then queue every pending pod. */
  *initialKeys(): Iterable<string> {
    this.cache = new SchedulerCache();
    this.scheduler = new Scheduler(this.cache, { rand: () => this.ctx.rand.next(), plugins: defaultPlugins({ volumes: this.volumes }) });
    this.nodeSignatures.clear();
    for (const n of this.ctx.api.list("nodes")) {
      this.cache.setNode(asKind<Node>(n));
      this.nodeSignatures.set(n.metadata.name!, schedulingSignature(asKind<Node>(n)));
    }
    for (const p of this.ctx.api.list("pods")) this.cache.setPod(asKind<Pod>(p));
    for (const p of this.ctx.api.list("pods")) if (this.wantsScheduling(asKind<Pod>(p))) yield objectKey(p.metadata.namespace, p.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    const pod = obj && asKind<Pod>(obj);
    if (!pod || !this.wantsScheduling(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const result = this.scheduler.schedule(pod);
    if (result.status === "Scheduled") {
      // VolumeBinding's PreBind: the pod is bound only once its claims are.
      if (!bindPodVolumes(this.ctx.api, this.volumes, pod, result.nodeName)) {
        this.unschedulable.add(key);
        return { requeueAfter: VOLUME_BINDING_RETRY_MS };
      }
      const bound = asKind<Pod>(this.ctx.api.bind(namespace, name, result.nodeName));
      this.cache.assume(bound, result.nodeName);
      this.unschedulable.delete(key);
      this.ctx.events.record(obj!, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${result.nodeName}`, { component: SCHEDULER_NAME });
      return;
    }
    this.unschedulable.add(key);
    this.markUnschedulable(obj!, pod, result.message);
    return { requeueAfter: UNSCHEDULABLE_RETRY_MS };
  }

  private markUnschedulable(obj: KubeObject, pod: Pod, message: string): void {
    const conditions = pod.status?.conditions ?? [];
    const existing = conditions.find((c) => c.type === "PodScheduled");
    if (!(existing?.status === "False" && existing.message === message)) {
      const cond: PodCondition = {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message,
        lastTransitionTime: existing?.status === "False" ? existing.lastTransitionTime : rfc3339(this.ctx.clock.now()),
      };
      const next = { ...obj, status: { ...pod.status, conditions: [...conditions.filter((c) => c.type !== "PodScheduled"), cond] } };
      this.ctx.api.updateStatus(next);
    }
    this.ctx.events.record(obj, "Warning", "FailedScheduling", message, { component: SCHEDULER_NAME });
  }

  private wantsScheduling(pod: Pod): boolean {
    return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  private onNode(ev: WatchEvent): Iterable<string> {
    const node = asKind<Node>(ev.object);
    const name = node.metadata!.name!;
    if (ev.type === "DELETED") {
      this.cache.removeNode(name);
      this.nodeSignatures.delete(name);
      return [];
    }
    this.cache.setNode(node);
    const signature = schedulingSignature(node);
    if (this.nodeSignatures.get(name) === signature) return [];
    this.nodeSignatures.set(name, signature);
    return [...this.unschedulable];
  }

  private onPod(ev: WatchEvent): Iterable<string> {
    const pod = asKind<Pod>(ev.object);
    const key = objectKey(pod.metadata?.namespace, pod.metadata!.name!);
    if (ev.type === "DELETED") {
      this.cache.removePod(pod.metadata!.namespace ?? "", pod.metadata!.name!);
      this.unschedulable.delete(key);
      return pod.spec?.nodeName ? [...this.unschedulable] : [];
    }
    if (pod.spec?.nodeName) {
      this.cache.setPod(pod);
      const phase = pod.status?.phase;
      // A pod that finished frees its node's resources: unschedulable pods may fit now.
      return phase === "Succeeded" || phase === "Failed" ? [...this.unschedulable] : [];
    }
    // Our own status write on an unschedulable pod must not requeue it at once.
    if (ev.type === "MODIFIED" && this.unschedulable.has(key)) return [];
    return this.wantsScheduling(pod) ? [key] : [];
  }
}

/**
 * What of a node can decide whether a pod fits: like kube-scheduler's queueing hints,
 * only a change here (a new node, labels, taints, cordon, allocatable, readiness)
 * retries pending pods; a heartbeat does not.
 */
function schedulingSignature(node: Node): string {
  return JSON.stringify([
    node.metadata?.labels,
    node.spec?.taints,
    node.spec?.unschedulable,
    node.status?.allocatable,
    node.status?.conditions?.find((c) => c.type === "Ready")?.status,
  ]);
}
