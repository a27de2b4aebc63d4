import type { Node, Pod, PodCondition, Taint, Toleration } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { toleratesTaint } from "../scheduler/taints.js";
import type { WatchEvent } from "../store.js";
import type { NodePodIndex } from "./node-pod-index.js";

const COMPONENT = { component: "taint-eviction-controller" };

/** A pod's deletion, planned for when its shortest toleration runs out. */
interface ScheduledEviction {
  uid: string;
  fireAt: number;
}

/**
 * kube-controller-manager's taint eviction controller (pkg/controller/tainteviction, the
 * NoExecute taint manager), one reconcile per pod on a node with NoExecute taints:
 * a pod that does not tolerate every one of them is deleted at once; one that tolerates
 * them all, the shortest `tolerationSeconds` among the tolerations used after the taint
 * came (for ever without any); the plan is cancelled, with an event, when the taints go.
 * A deletion sets the pod's DisruptionTarget condition, records `TaintManagerEviction`
 * ("Marking for deletion Pod ns/name") and deletes it gracefully; on a node whose
 * kubelet is gone the pod then stays Terminating, and its controller replaces it.
 *
 * Plans live in memory, as in Kubernetes; a restarted engine counts again from when the
 * taint was added (its `timeAdded`) or the pod bound, whichever is later, so that a
 * stopped node's pods go 300 s after its taint whichever process runs the engine, and
 * `advance 30s` twice does what `advance 60s` does.
 */
export class TaintEvictionReconciler implements Reconciler {
  readonly name = "taint-eviction-controller";
  readonly watches;
  /** Each node's NoExecute taints (nodes without any are absent). */
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly scheduled = new Map<string, ScheduledEviction>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly pods: NodePodIndex,
  ) {
    this.watches = [
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.taintedNodes.clear();
    for (const obj of this.ctx.api.list("nodes")) {
      const taints = noExecuteTaints(asKind<Node>(obj));
      if (taints.length === 0) continue;
      const name = obj.metadata.name ?? "";
      this.taintedNodes.set(name, taints);
      yield* this.pods.podsOn(name);
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    if (!obj) {
      this.cancel(key, undefined);
      return;
    }
    const pod = asKind<Pod>(obj);
    if (this.scheduled.get(key)?.uid !== (pod.metadata?.uid ?? "")) this.scheduled.delete(key);
    // Already going: nothing to plan.
    if (pod.metadata?.deletionTimestamp) {
      this.scheduled.delete(key);
      return;
    }
    const taints = this.taintedNodes.get(pod.spec?.nodeName ?? "") ?? [];
    if (taints.length === 0) {
      this.cancel(key, obj);
      return;
    }
    const now = this.ctx.clock.now();
    const used = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (used === undefined) {
      this.scheduled.delete(key);
      this.evict(obj, now);
      return;
    }
    const seconds = minTolerationSeconds(used);
    if (seconds < 0) {
      this.cancel(key, obj);
      return;
    }
    let plan = this.scheduled.get(key);
    if (!plan) {
      plan = { uid: pod.metadata?.uid ?? "", fireAt: this.startOf(pod, taints, now) + seconds * 1000 };
      this.scheduled.set(key, plan);
    }
    if (now < plan.fireAt) return { requeueAfter: plan.fireAt - now };
    this.scheduled.delete(key);
    this.evict(obj, now);
  }

  /**
   * When the pod's toleration started to count: the later of the newest taint's
   * `timeAdded` (the API stamps NoExecute taints) and the pod's binding; that is now
   * for a plan made as either arrives, and the same after an engine restart.
   */
  private startOf(pod: Pod, taints: readonly Taint[], now: number): number {
    let start = NaN;
    for (const t of taints) {
      const added = parseTime(t.timeAdded);
      if (!Number.isNaN(added) && !(added <= start)) start = added;
    }
    if (Number.isNaN(start)) return now;
    const bound = parseTime(pod.status?.conditions?.find((c) => c.type === "PodScheduled")?.lastTransitionTime ?? undefined);
    if (!Number.isNaN(bound) && !(bound <= start)) start = bound;
    return Number.isNaN(start) || start > now ? now : start;
  }

  /** deletePodHandler: the DisruptionTarget condition, the event, then a graceful delete. */
  private evict(obj: KubeObject, now: number): void {
    const pod = asKind<Pod>(obj);
    const namespace = obj.metadata.namespace ?? "";
    const name = obj.metadata.name ?? "";
    this.ctx.events.record(obj, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${namespace}/${name}`, COMPONENT);
    try {
      const conditions = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === "DisruptionTarget" && c.status === "True")) {
        const target: PodCondition = {
          type: "DisruptionTarget",
          status: "True",
          lastProbeTime: null as unknown as string,
          lastTransitionTime: rfc3339(now),
          reason: "DeletionByTaintManager",
          message: "Taint manager: deleting due to NoExecute taint",
        };
        this.ctx.api.updateStatus({ ...obj, status: { ...pod.status, conditions: [...conditions.filter((c) => c.type !== "DisruptionTarget"), target] } });
      }
      this.ctx.api.delete("pods", namespace, name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }

  /** cancelWorkWithEvent: a planned deletion that no longer applies is dropped, and said so. */
  private cancel(key: string, obj: KubeObject | undefined): void {
    const plan = this.scheduled.get(key);
    if (!plan) return;
    this.scheduled.delete(key);
    const { namespace, name } = splitKey(key);
    const regarding: KubeObject = obj ?? { apiVersion: "v1", kind: "Pod", metadata: { namespace, name, uid: plan.uid } };
    this.ctx.events.record(regarding, "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${namespace}/${name}`, COMPONENT);
  }

  private onNode(ev: WatchEvent): Iterable<string> {
    const name = ev.object.metadata.name ?? "";
    const taints = ev.type === "DELETED" ? [] : noExecuteTaints(asKind<Node>(ev.object));
    const before = this.taintedNodes.get(name) ?? [];
    if (sameTaints(before, taints)) return [];
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    return [...this.pods.podsOn(name)];
  }

  private onPod(ev: WatchEvent): string[] {
    const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
    if (ev.type === "DELETED") return this.scheduled.has(key) ? [key] : [];
    const nodeName = asKind<Pod>(ev.object).spec?.nodeName;
    if (nodeName && this.taintedNodes.has(nodeName)) return [key];
    return this.scheduled.has(key) ? [key] : [];
  }
}

function noExecuteTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === "NoExecute");
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => t.key === b[i]!.key && (t.value ?? "") === (b[i]!.value ?? "") && t.timeAdded === b[i]!.timeAdded);
}

/**
 * GetMatchingTolerations: for each taint the first toleration that tolerates it, or
 * undefined when some taint is not tolerated.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/** getMinTolerationTime, in seconds: the shortest tolerationSeconds (0 for any ≤ 0), or -1 for ever. */
export function minTolerationSeconds(tolerations: readonly Toleration[]): number {
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min;
}
