import type { Node, Pod, PodCondition } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { podPriority } from "../api/priority.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { SchedulerCache } from "../scheduler/cache.js";
import { Scheduler } from "../scheduler/framework.js";
import { PodNominator } from "../scheduler/nominator.js";
import type { PreemptionDeps } from "../scheduler/preemption/default-preemption.js";
import { apiSchedulingListers, type SchedulingListers } from "../scheduler/listers.js";
import { defaultPlugins } from "../scheduler/plugins/default-plugins.js";
import { PodAffinityQueueingHints } from "../scheduler/queueing-hints.js";
import { apiVolumeListers, bindPodVolumes, type VolumeListers } from "../scheduler/plugins/volume-binding.js";
import type { WatchEvent } from "../store.js";
import { apiPdbLister, preemptVictims } from "./scheduling-preemption.js";

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
  private readonly listers: SchedulingListers;
  private readonly hints = new PodAffinityQueueingHints();
  /** Pods nominated to nodes by preemption, from their status. */
  private readonly nominator = new PodNominator();
  /** The priority of each pending pod, for the queue's order. */
  private readonly priorities = new Map<string, number>();
  private readonly preemption: PreemptionDeps;

  constructor(private readonly ctx: EngineContext) {
    this.volumes = apiVolumeListers(ctx.api);
    this.listers = apiSchedulingListers(ctx.api);
    this.preemption = { pdbs: apiPdbLister(ctx.api), now: () => ctx.clock.now() };
    this.scheduler = new Scheduler(this.cache, { rand: () => ctx.rand.next(), plugins: defaultPlugins({ volumes: this.volumes, listers: this.listers, lists: this.cache, preemption: this.preemption }), nominator: this.nominator });
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
    this.scheduler = new Scheduler(this.cache, { rand: () => this.ctx.rand.next(), plugins: defaultPlugins({ volumes: this.volumes, listers: this.listers, lists: this.cache, preemption: this.preemption }), nominator: this.nominator });
    this.hints.reset();
    this.nominator.clear();
    this.priorities.clear();
    this.nodeSignatures.clear();
    for (const n of this.ctx.api.list("nodes")) {
      this.cache.setNode(asKind<Node>(n));
      this.nodeSignatures.set(n.metadata.name!, schedulingSignature(asKind<Node>(n)));
    }
    for (const p of this.ctx.api.list("pods")) this.cache.setPod(asKind<Pod>(p));
    for (const p of this.ctx.api.list("pods")) {
      const pod = asKind<Pod>(p);
      if (!this.wantsScheduling(pod)) continue;
      const key = objectKey(p.metadata.namespace, p.metadata.name!);
      this.nominator.addNominatedPod(pod);
      this.priorities.set(key, podPriority(pod));
      yield key;
    }
  }

  /** kube-scheduler's PrioritySort: higher-priority pods are scheduled first. */
  queuePriority(key: string): number {
    return this.priorities.get(key) ?? 0;
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
      this.nominator.deleteNominatedPodIfExists(pod);
      this.unschedulable.delete(key);
      this.ctx.events.record(obj!, "Normal", "Scheduled", `Successfully assigned ${namespace}/${name} to ${result.nodeName}`, { component: SCHEDULER_NAME });
      return;
    }
    this.unschedulable.add(key);
    this.hints.unschedulable(key, pod);
    const nominated = result.nominatedNodeName;
    if (nominated) {
      preemptVictims(this.ctx, this.nominator, pod, nominated, result.victims ?? []);
      this.nominator.addNominatedPod(pod, nominated);
    } else if (nominated === "") {
      this.nominator.deleteNominatedPodIfExists(pod);
    }
    this.markUnschedulable(obj!, pod, result.message, nominated);
    return { requeueAfter: UNSCHEDULABLE_RETRY_MS };
  }

  /**
   * PodScheduled=False with the FailedScheduling message, and the nomination preemption
   * asked for (`""` clears it; undefined keeps it), in one status write.
   */
  private markUnschedulable(obj: KubeObject, pod: Pod, message: string, nominatedNodeName?: string): void {
    const conditions = pod.status?.conditions ?? [];
    const existing = conditions.find((c) => c.type === "PodScheduled");
    const nominationChanges = nominatedNodeName !== undefined && nominatedNodeName !== (pod.status?.nominatedNodeName ?? "");
    if (!(existing?.status === "False" && existing.message === message) || nominationChanges) {
      const cond: PodCondition = {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message,
        lastTransitionTime: existing?.status === "False" ? existing.lastTransitionTime : rfc3339(this.ctx.clock.now()),
      };
      const status = { ...pod.status, conditions: [...conditions.filter((c) => c.type !== "PodScheduled"), cond] };
      if (nominatedNodeName) status.nominatedNodeName = nominatedNodeName;
      else if (nominatedNodeName === "") delete status.nominatedNodeName;
      this.ctx.api.updateStatus({ ...obj, status });
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
      this.nominator.deleteNominatedPodIfExists(pod);
      this.priorities.delete(key);
      this.unschedulable.delete(key);
      this.hints.deleted(key);
      return pod.spec?.nodeName ? [...this.unschedulable] : [];
    }
    // Bound, being deleted or no longer nominated pods leave the nominator; pending ones are (re)recorded.
    this.nominator.addNominatedPod(pod);
    if (pod.spec?.nodeName) {
      this.priorities.delete(key);
      this.cache.setPod(pod);
      const phase = pod.status?.phase;
      // A pod that finished frees its node's resources: unschedulable pods may fit now.
      if (phase === "Succeeded" || phase === "Failed") return [...this.unschedulable];
      // A pod just bound may be what a pending pod's affinity or spread waits for.
      return this.hints.assignedPod(key);
    }
    // Our own status write on an unschedulable pod must not requeue it at once.
    if (ev.type === "MODIFIED" && this.unschedulable.has(key)) return [];
    if (!this.wantsScheduling(pod)) return [];
    this.priorities.set(key, podPriority(pod));
    return [key];
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
