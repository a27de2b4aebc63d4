/**
 * The ReplicaSet controller (kube-controller-manager's replicaset package), also run for
 * ReplicationControllers, which are ReplicaSets with an equality-based selector.
 *
 * It keeps `spec.replicas` active pods matching the selector: it adopts orphans whose
 * labels match and releases pods whose labels no longer do, creates pods from the
 * template (at most 500 per sync), deletes the best candidates first when there are too
 * many (unscheduled, pending, not ready, newest…), and reports counts in its status.
 */
import type { ReplicaSet, ReplicaSetCondition } from "kubernetes-types/apps/v1";
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector, OwnerReference } from "kubernetes-types/meta/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { fromMap, matches, type Selector } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import {
  BURST_REPLICAS,
  controllerRefOf,
  ControllerEvents,
  isPodAvailable,
  isPodReady,
  newControllerRef,
  podFromTemplate,
  podReadySince,
  selectorOf,
} from "./controller-utils.js";
import type { SharedInformers } from "./informers.js";
import { podsToDelete } from "./pod-deletion-rank.js";

/** One of the two kinds this controller runs for. */
export interface ReplicaKind {
  resource: "replicasets.apps" | "replicationcontrollers";
  kind: "ReplicaSet" | "ReplicationController";
  /** The event source and reconciler name. */
  component: string;
  selector(obj: KubeObject): Selector | undefined;
}

export const REPLICA_SET_KIND: ReplicaKind = {
  resource: "replicasets.apps",
  kind: "ReplicaSet",
  component: "replicaset-controller",
  selector: (obj) => selectorOf((obj.spec as { selector?: LabelSelector } | undefined)?.selector),
};

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  resource: "replicationcontrollers",
  kind: "ReplicationController",
  component: "replication-controller",
  selector: (obj) => {
    const s = fromMap((obj.spec as { selector?: Record<string, string> } | undefined)?.selector);
    return s.length === 0 ? undefined : s;
  },
};

interface ReplicaSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplateSpec;
}

/** Keeps `spec.replicas` pods, for ReplicaSets or ReplicationControllers. */
export class ReplicaSetReconciler implements Reconciler {
  readonly name: string;
  readonly watches;
  private readonly events: ControllerEvents;
  /** Per controller uid: the selector and orphan version last claimed against, to skip needless scans. */
  private readonly claimed = new Map<string, { selector: string; orphans: number }>();
  /** Per controller uid: syncs in a row that failed to create pods, for the retry back-off. */
  private readonly failedSyncs = new Map<string, number>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly informers: SharedInformers,
    private readonly kind: ReplicaKind = REPLICA_SET_KIND,
  ) {
    this.name = kind.component;
    this.events = new ControllerEvents(ctx, kind.component);
    this.watches = [
      { resource: kind.resource, keys: (ev: WatchEvent) => this.onSelf(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.claimed.clear();
    this.failedSyncs.clear();
    for (const o of this.ctx.api.list(this.kind.resource)) yield objectKey(o.metadata.namespace, o.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(this.kind.resource, namespace, name);
    if (!obj) return;
    const uid = obj.metadata.uid ?? "";
    const spec = (obj.spec ?? {}) as ReplicaSpec;
    const pods = this.informers.pods;
    pods.setTemplateLabels(uid, spec.template?.metadata?.labels);
    const selector = this.kind.selector(obj);
    if (selector) this.claimPods(obj, selector);

    let failure: { reason: string; message: string } | undefined;
    if (!obj.metadata.deletionTimestamp) failure = this.manageReplicas(obj, spec);
    const result = this.updateStatus(obj, spec, failure);
    if (!failure) {
      this.failedSyncs.delete(uid);
      return result;
    }
    // A refused create (a quota, a LimitRange) is retried as client-go's rate-limited
    // queue retries a failed sync: 5 ms doubling to 1000 s, so a quota that frees up is
    // noticed without the controller spinning.
    const n = (this.failedSyncs.get(uid) ?? 0) + 1;
    this.failedSyncs.set(uid, n);
    return { requeueAfter: Math.min(5 * 2 ** (n - 1), 1_000_000) };
  }

  // ---- adoption and release ------------------------------------------------------

  /**
   * ClaimPods: adopt active orphans that match (unless this controller is being deleted)
   * and release owned pods that no longer match. Scans only when something could have
   * changed: the selector, the namespace's orphans, or the labels of an owned pod.
   */
  private claimPods(obj: KubeObject, selector: Selector): void {
    const uid = obj.metadata.uid ?? "";
    const ns = obj.metadata.namespace ?? "";
    const index = this.informers.pods;
    const selectorKey = JSON.stringify(selector);
    const last = this.claimed.get(uid);
    const orphanVersion = index.orphanVersion(ns);
    const relabelled = index.takeRelabelled(uid);
    if (last && last.selector === selectorKey && last.orphans === orphanVersion && !relabelled) return;
    if (!last || last.selector !== selectorKey || relabelled) {
      for (const key of [...index.owned(uid)]) {
        const e = index.get(key);
        if (e && !matches(selector, e.labels)) this.release(e.namespace, e.name, uid);
      }
    }
    if (!obj.metadata.deletionTimestamp) {
      for (const key of [...index.orphansIn(ns)]) {
        const e = index.get(key);
        if (!e || !matches(selector, e.labels)) continue;
        const pod = this.ctx.api.tryGet("pods", e.namespace, e.name);
        if (!pod || pod.metadata.deletionTimestamp) continue;
        this.adopt(pod, obj);
      }
    }
    this.claimed.set(uid, { selector: selectorKey, orphans: index.orphanVersion(ns) });
  }

  private adopt(pod: KubeObject, owner: KubeObject): void {
    const refs: OwnerReference[] = [...(pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid), newControllerRef(owner)];
    try {
      this.ctx.api.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }

  private release(namespace: string, name: string, uid: string): void {
    const pod = this.ctx.api.tryGet("pods", namespace, name);
    if (!pod) return;
    const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    const meta = { ...pod.metadata, ownerReferences: refs };
    if (refs.length === 0) delete (meta as { ownerReferences?: unknown }).ownerReferences;
    try {
      this.ctx.api.update({ ...pod, metadata: meta });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }

  // ---- replicas ------------------------------------------------------------------

  /** Creates or deletes pods towards `spec.replicas`; returns the failure to report, if any. */
  private manageReplicas(obj: KubeObject, spec: ReplicaSpec): { reason: string; message: string } | undefined {
    const uid = obj.metadata.uid ?? "";
    const desired = spec.replicas ?? 1;
    const active = this.informers.pods.countsFor(uid).active;
    const diff = active - desired;
    if (diff < 0) return this.createPods(obj, spec, Math.min(-diff, BURST_REPLICAS));
    if (diff > 0) this.deletePods(obj, Math.min(diff, BURST_REPLICAS));
    return undefined;
  }

  private createPods(obj: KubeObject, spec: ReplicaSpec, count: number): { reason: string; message: string } | undefined {
    const ns = obj.metadata.namespace ?? "";
    const ref = newControllerRef(obj);
    for (let i = 0; i < count; i++) {
      try {
        const created = this.createWithRetry(podFromTemplate(spec.template, ns, `${obj.metadata.name}-`, ref));
        this.events.record(obj, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
      } catch (e) {
        if (!isApiError(e)) throw e;
        // A namespace being deleted refuses every create: nothing worth reporting.
        if (isApiError(e, "Forbidden") && e.message.includes("being terminated")) return undefined;
        const message = e.message;
        this.events.record(obj, "Warning", "FailedCreate", `Error creating: ${message}`);
        return { reason: "FailedCreate", message };
      }
    }
    return undefined;
  }

  /** Generated names collide now and then (27^5 of them): the API refuses, the client draws again. */
  private createWithRetry(pod: KubeObject): KubeObject {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.ctx.api.create(pod);
      } catch (e) {
        if (!isApiError(e, "AlreadyExists") || attempt >= 5) throw e;
      }
    }
  }

  private deletePods(obj: KubeObject, count: number): void {
    const uid = obj.metadata.uid ?? "";
    const candidates = this.podsOf(uid, true);
    const related = this.relatedControllers(obj);
    const onNode = (node: string): number => related.reduce((n, r) => n + this.informers.pods.activeOnNode(r, node), 0);
    for (const pod of podsToDelete(candidates, onNode, count, this.ctx.clock.now())) {
      try {
        this.ctx.api.delete("pods", pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
        this.events.record(obj, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata?.name}`);
      } catch (e) {
        if (isApiError(e, "NotFound")) continue;
        if (!isApiError(e)) throw e;
        this.events.record(obj, "Warning", "FailedDelete", `Error deleting: ${e.message}`);
      }
    }
  }

  /** The uids of this ReplicaSet and of its siblings under the same Deployment (getIndirectlyRelatedPods). */
  private relatedControllers(obj: KubeObject): string[] {
    const owner = controllerRefOf(obj);
    if (!owner || this.kind.kind !== "ReplicaSet") return [obj.metadata.uid ?? ""];
    const uids: string[] = [];
    for (const key of this.informers.replicaSets.owned(owner.uid)) {
      const rs = this.informers.replicaSets.get(key);
      if (rs) uids.push(rs.object.metadata.uid ?? "");
    }
    return uids;
  }

  /** The pods `uid` controls (only the active ones, when asked), as the index last saw them. */
  private podsOf(uid: string, activeOnly = false): Pod[] {
    const out: Pod[] = [];
    for (const key of this.informers.pods.owned(uid)) {
      const e = this.informers.pods.get(key);
      if (e && (!activeOnly || e.active)) out.push(asKind<Pod>(e.object));
    }
    return out;
  }

  // ---- status --------------------------------------------------------------------

  private updateStatus(obj: KubeObject, spec: ReplicaSpec, failure: { reason: string; message: string } | undefined): ReconcileResult | void {
    const uid = obj.metadata.uid ?? "";
    const counts = this.informers.pods.countsFor(uid);
    const minReady = spec.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    let available = counts.ready;
    let nextAvailable = Infinity;
    if (minReady > 0 && counts.ready > 0) {
      available = 0;
      for (const p of this.podsOf(uid, true)) {
        if (!isPodReady(p)) continue;
        if (isPodAvailable(p, minReady, now)) available++;
        else nextAvailable = Math.min(nextAvailable, podReadySince(p) + minReady * 1000);
      }
    }
    const old = (obj.status ?? {}) as NonNullable<ReplicaSet["status"]>;
    let conditions: ReplicaSetCondition[] = [...(old.conditions ?? [])];
    const hasFailure = conditions.some((c) => c.type === "ReplicaFailure");
    if (failure && !hasFailure) {
      conditions.push({ type: "ReplicaFailure", status: "True", reason: failure.reason, message: failure.message, lastTransitionTime: rfc3339(now) });
    } else if (!failure && hasFailure) {
      conditions = conditions.filter((c) => c.type !== "ReplicaFailure");
    }
    const status: NonNullable<ReplicaSet["status"]> = {
      replicas: counts.active,
      fullyLabeledReplicas: counts.fullyLabeled,
      readyReplicas: counts.ready,
      availableReplicas: available,
      observedGeneration: obj.metadata.generation ?? 0,
      ...(conditions.length > 0 ? { conditions } : {}),
    };
    if (!sameStatus(old, status)) {
      try {
        this.ctx.api.updateStatus({ ...obj, status });
      } catch (e) {
        if (!isApiError(e, "NotFound")) throw e;
      }
    }
    if (!failure && Number.isFinite(nextAvailable)) return { requeueAfter: Math.max(0, nextAvailable - now) };
  }



  // ---- watch routing ---------------------------------------------------------------

  private onSelf(ev: WatchEvent): string[] {
    if (ev.type === "DELETED") {
      this.informers.pods.forgetOwner(ev.object.metadata.uid ?? "");
      this.claimed.delete(ev.object.metadata.uid ?? "");
      this.failedSyncs.delete(ev.object.metadata.uid ?? "");
      return [];
    }
    return [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)];
  }

  /**
   * A pod's controller (and its previous one, when that changed) is queued; an orphan that
   * is new or changed labels queues every controller of this kind in its namespace whose
   * selector matches it.
   */
  private onPod(ev: WatchEvent): string[] {
    const pod = ev.object;
    const ns = pod.metadata.namespace ?? "";
    const keys: string[] = [];
    const ref = controllerRefOf(pod);
    if (ref?.kind === this.kind.kind) keys.push(objectKey(ns, ref.name));
    const key = objectKey(ns, pod.metadata.name ?? "");
    const before = this.informers.pods.previousEntry(key);
    if (before?.owner && before.owner !== ref?.uid) {
      for (const o of this.ctx.api.list(this.kind.resource, { namespace: ns })) if (o.metadata.uid === before.owner) keys.push(objectKey(ns, o.metadata.name!));
    }
    const labelsChanged = !before || before.owner !== ref?.uid || JSON.stringify(before.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (!ref && ev.type !== "DELETED" && labelsChanged) {
      for (const o of this.ctx.api.list(this.kind.resource, { namespace: ns })) {
        const sel = this.kind.selector(o);
        if (sel && matches(sel, pod.metadata.labels)) keys.push(objectKey(ns, o.metadata.name!));
      }
    }
    return keys;
  }
}

function sameStatus(a: NonNullable<ReplicaSet["status"]>, b: NonNullable<ReplicaSet["status"]>): boolean {
  return (
    (a.replicas ?? 0) === b.replicas &&
    (a.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
    (a.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
    (a.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
    (a.observedGeneration ?? 0) === (b.observedGeneration ?? 0) &&
    JSON.stringify(a.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}
