/**
 * The Deployment controller: one ReplicaSet per pod template (named after its
 * pod-template-hash), rolled with RollingUpdate (max surge, max unavailable) or
 * Recreate, scaled proportionally during a rollout, paused and resumed, old ReplicaSets
 * kept up to revisionHistoryLimit, and Available / Progressing conditions with the
 * progress deadline (ProgressDeadlineExceeded).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { matches } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { controllerRefOf, EventSpamFilter, newControllerRef, selectorOf } from "./controller-utils.js";
import { DEPLOYMENT_CONTROLLER, DeploymentSync } from "./deployment-sync.js";
import type { SharedInformers } from "./informers.js";

const RS = "replicasets.apps";
const DEPLOYMENTS = "deployments.apps";

export class DeploymentReconciler implements Reconciler {
  readonly name = DEPLOYMENT_CONTROLLER;
  readonly watches;
  private readonly spam = new EventSpamFilter();

  constructor(
    private readonly ctx: EngineContext,
    private readonly informers: SharedInformers,
  ) {
    this.watches = [
      { resource: DEPLOYMENTS, keys: (ev: WatchEvent) => (ev.type === "DELETED" ? [] : [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)]) },
      { resource: RS, keys: (ev: WatchEvent) => this.onReplicaSet(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    for (const d of this.ctx.api.list(DEPLOYMENTS)) yield objectKey(d.metadata.namespace, d.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(DEPLOYMENTS, namespace, name);
    if (!obj) return;
    const rsList = this.replicaSetsFor(obj);
    const sync = new DeploymentSync(this.ctx, this.informers, this.spam, obj, rsList);
    if (obj.metadata.deletionTimestamp) return sync.syncStatusOnly();
    sync.checkPausedConditions();
    const d = sync.d;
    if (d.spec?.paused) return sync.sync();
    if (sync.isScalingEvent()) return sync.sync();
    return d.spec?.strategy?.type === "Recreate" ? sync.rolloutRecreate() : sync.rolloutRolling();
  }

  /**
   * getReplicaSetsForDeployment (ClaimReplicaSets): the ReplicaSets this Deployment
   * controls, after adopting orphans its selector matches and releasing those it no
   * longer matches.
   */
  private replicaSetsFor(obj: KubeObject): ReplicaSet[] {
    const d = asKind<Deployment>(obj);
    const uid = obj.metadata.uid ?? "";
    const ns = obj.metadata.namespace ?? "";
    const selector = selectorOf(d.spec?.selector);
    const index = this.informers.replicaSets;
    const out: ReplicaSet[] = [];
    for (const key of [...index.owned(uid)]) {
      const { name } = splitKey(key);
      const rs = this.ctx.api.tryGet(RS, ns, name);
      if (!rs) continue;
      if (selector && !matches(selector, rs.metadata.labels) && !obj.metadata.deletionTimestamp) {
        this.setOwner(rs, (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
        continue;
      }
      out.push(asKind<ReplicaSet>(rs));
    }
    if (selector && !obj.metadata.deletionTimestamp) {
      for (const key of [...index.orphansIn(ns)]) {
        const { name } = splitKey(key);
        const rs = this.ctx.api.tryGet(RS, ns, name);
        if (!rs || rs.metadata.deletionTimestamp || !matches(selector, rs.metadata.labels)) continue;
        const adopted = this.setOwner(rs, [...(rs.metadata.ownerReferences ?? []), newControllerRef(obj)]);
        if (adopted) out.push(asKind<ReplicaSet>(adopted));
      }
    }
    return out;
  }

  private setOwner(rs: KubeObject, refs: KubeObject["metadata"]["ownerReferences"]): KubeObject | undefined {
    const meta = { ...rs.metadata, ownerReferences: refs };
    if (!refs || refs.length === 0) delete meta.ownerReferences;
    try {
      return this.ctx.api.update({ ...rs, metadata: meta });
    } catch (e) {
      if (isApiError(e, "NotFound") || isApiError(e, "Conflict")) return undefined;
      throw e;
    }
  }

  /** A ReplicaSet queues its controlling Deployment (its former one too); an orphan, every Deployment that selects it. */
  private onReplicaSet(ev: WatchEvent): string[] {
    const ns = ev.object.metadata.namespace ?? "";
    const keys: string[] = [];
    const ref = controllerRefOf(ev.object);
    if (ref?.kind === "Deployment") keys.push(objectKey(ns, ref.name));
    const before = this.informers.replicaSets.previousEntry(objectKey(ns, ev.object.metadata.name ?? ""));
    if ((before?.owner && before.owner !== ref?.uid) || (!ref && ev.type !== "DELETED")) {
      for (const d of this.ctx.api.list(DEPLOYMENTS, { namespace: ns })) {
        const selector = selectorOf(asKind<Deployment>(d).spec?.selector);
        if (d.metadata.uid === before?.owner || (!ref && selector && matches(selector, ev.object.metadata.labels))) {
          keys.push(objectKey(ns, d.metadata.name!));
        }
      }
    }
    return keys;
  }

  /** A pod gone from one of a Deployment's ReplicaSets wakes a Recreate rollout waiting for old pods. */
  private onPod(ev: WatchEvent): string[] {
    if (ev.type !== "DELETED") return [];
    const ref = controllerRefOf(ev.object);
    if (ref?.kind !== "ReplicaSet") return [];
    const ns = ev.object.metadata.namespace ?? "";
    const rs = this.ctx.api.tryGet(RS, ns, ref.name);
    const owner = rs && controllerRefOf(rs);
    return owner?.kind === "Deployment" ? [objectKey(ns, owner.name)] : [];
  }
}
