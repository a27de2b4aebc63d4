/**
 * One sync of one Deployment (pkg/controller/deployment: sync.go, rolling.go,
 * recreate.go, progress.go): it holds the Deployment as last written and its
 * ReplicaSets, and performs the steps the controller chooses between.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import { isApiError } from "../api/errors.js";
import { asKind, mutableCopy, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import type { ReconcileResult } from "../engine/reconciler.js";
import { computeHash, EventSpamFilter, newControllerRef, POD_TEMPLATE_HASH_LABEL } from "./controller-utils.js";
import {
  activeReplicaSets,
  actualReplicas,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  deploymentComplete,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  getCondition,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newCondition,
  newRSNewReplicas,
  REASON,
  replicaSetProportion,
  replicasOf,
  REVISION_ANNOTATION,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
} from "./deployment-util.js";
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from "./deployment-rolling.js";
import { calculateStatus, requeueStuckDeployment, rolloutStatus, sameStatus } from "./deployment-progress.js";
import type { SharedInformers } from "./informers.js";

export const DEPLOYMENT_CONTROLLER = "deployment-controller";

/** One Deployment being synced, with its ReplicaSets as they are written. */
export class DeploymentSync {
  /** The Deployment as stored after this sync's own writes. */
  private current: KubeObject;
  /** A mutable view of it, whose status this sync builds. */
  d: Deployment;
  rsList: ReplicaSet[];

  constructor(
    private readonly ctx: EngineContext,
    private readonly informers: SharedInformers,
    private readonly spam: EventSpamFilter,
    obj: KubeObject,
    rsList: ReplicaSet[],
  ) {
    this.current = obj;
    this.d = mutableCopy(asKind<Deployment>(obj));
    this.rsList = rsList;
  }

  private get now(): number {
    return this.ctx.clock.now();
  }

  // ---- the paths of syncDeployment --------------------------------------------------

  /** checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed. */
  checkPausedConditions(): void {
    if (!hasProgressDeadline(this.d)) return;
    const cond = getCondition(this.d.status, "Progressing");
    if (cond?.reason === REASON.timedOut) return;
    const pausedCondExists = cond?.reason === REASON.paused;
    const status = this.statusCopy();
    if (this.d.spec?.paused && !pausedCondExists) {
      setCondition(status, newCondition("Progressing", "Unknown", REASON.paused, "Deployment is paused", this.now));
    } else if (!this.d.spec?.paused && pausedCondExists) {
      setCondition(status, newCondition("Progressing", "Unknown", REASON.resumed, "Deployment is resumed", this.now));
    } else return;
    this.writeStatus(status);
  }

  /** A scaling event: some active ReplicaSet was sized for another replica count. */
  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== replicasOf(this.d)) return true;
    }
    return false;
  }

  /** sync: scale (proportionally during a rollout), clean up when paused, report status. */
  sync(): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(false);
    this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) this.cleanupDeployment(oldRSs);
    this.syncDeploymentStatus(this.allOf(newRS, oldRSs), newRS);
  }

  /** A Deployment being deleted only reports status. */
  syncStatusOnly(): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(false);
    this.syncDeploymentStatus(this.allOf(newRS, oldRSs), newRS);
  }

  /** rolloutRolling: scale the new ReplicaSet up, then the old ones down, within surge and unavailability. */
  rolloutRolling(): ReconcileResult | void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(true);
    if (!newRS) return this.syncRolloutStatus(oldRSs, undefined);
    let all = this.allOf(newRS, oldRSs);
    const scaledUp = reconcileNewReplicaSet(this, all, newRS);
    if (scaledUp) return this.syncRolloutStatus(this.allOf(this.latest(newRS), oldRSs), this.latest(newRS));
    all = this.allOf(newRS, oldRSs);
    const scaledDown = reconcileOldReplicaSets(this, all, activeReplicaSets(oldRSs), newRS);
    const olds = oldRSs.map((rs) => this.latest(rs));
    if (scaledDown) return this.syncRolloutStatus(this.allOf(newRS, olds), newRS);
    if (deploymentComplete(this.d, this.d.status ?? {})) this.cleanupDeployment(olds);
    return this.syncRolloutStatus(this.allOf(newRS, olds), newRS);
  }

  /** rolloutRecreate: every old pod gone before the new ReplicaSet is scaled up. */
  rolloutRecreate(): ReconcileResult | void {
    let { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(false);
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) if (this.scaleReplicaSetAndRecordEvent(rs, 0)) scaledDown = true;
    oldRSs = oldRSs.map((rs) => this.latest(rs));
    if (scaledDown) return this.syncRolloutStatus(this.allOf(newRS, oldRSs), newRS);
    if (this.oldPodsRunning(newRS, oldRSs)) return this.syncRolloutStatus(this.allOf(newRS, oldRSs), newRS);
    if (!newRS) ({ newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(true));
    if (newRS && replicasOf(newRS) !== replicasOf(this.d)) this.scaleReplicaSetAndRecordEvent(newRS, replicasOf(this.d));
    if (newRS) newRS = this.latest(newRS);
    if (deploymentComplete(this.d, this.d.status ?? {})) this.cleanupDeployment(oldRSs);
    return this.syncRolloutStatus(this.allOf(newRS, oldRSs), newRS);
  }

  // ---- ReplicaSets -------------------------------------------------------------------

  private allOf(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
    return newRS ? [...oldRSs, newRS] : [...oldRSs];
  }

  /** The ReplicaSet as this sync last wrote it. */
  latest(rs: ReplicaSet): ReplicaSet {
    return this.rsList.find((r) => r.metadata?.uid === rs.metadata?.uid) ?? rs;
  }

  private replaceRS(rs: ReplicaSet): void {
    const i = this.rsList.findIndex((r) => r.metadata?.uid === rs.metadata?.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
  }

  /** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked) and the old ones. */
  getAllReplicaSetsAndSyncRevision(createIfNotExisted: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const sorted = [...this.rsList].sort(byCreation);
    const existing = sorted.find((rs) => equalIgnoreHash(rs.spec?.template, this.d.spec?.template));
    const oldRSs = sorted.filter((rs) => rs !== existing);
    const newRS = this.getNewReplicaSet(existing, oldRSs, createIfNotExisted);
    return { newRS, oldRSs: oldRSs.map((rs) => this.latest(rs)) };
  }

  private getNewReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const annotations = { ...(existing.metadata?.annotations ?? {}) };
      const changed = setNewReplicaSetAnnotations(this.d, annotations, newRevision, true);
      const minReady = this.d.spec?.minReadySeconds ?? 0;
      if (changed || (existing.spec?.minReadySeconds ?? 0) !== minReady) {
        const updated = asKind<ReplicaSet>(
          this.ctx.api.update({
            ...(existing as unknown as KubeObject),
            metadata: { ...existing.metadata, annotations },
            spec: { ...existing.spec, minReadySeconds: minReady },
          }),
        );
        this.replaceRS(updated);
        return updated;
      }
      let needsStatus = this.setDeploymentRevision(existing.metadata?.annotations?.[REVISION_ANNOTATION] ?? "");
      const status = this.statusCopy();
      if (hasProgressDeadline(this.d) && !getCondition(status, "Progressing")) {
        setCondition(status, newCondition("Progressing", "True", REASON.foundNewRS, `Found new replica set "${existing.metadata?.name}"`, this.now));
        needsStatus = true;
      }
      if (needsStatus) this.writeStatus(status);
      return existing;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): ReplicaSet | undefined {
    const d = this.d;
    const template = mutableCopy(d.spec!.template);
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = { ...d.spec!.selector, matchLabels: { ...(d.spec!.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const name = `${d.metadata!.name}-${hash}`;
    const draft: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name,
        namespace: d.metadata!.namespace,
        ownerReferences: [newControllerRef(this.current)],
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {},
      },
      spec: { replicas: 0, minReadySeconds: d.spec!.minReadySeconds ?? 0, selector, template },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, draft], draft);
    draft.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, draft.metadata!.annotations!, newRevision, false);
    let created: ReplicaSet;
    let alreadyExisted = false;
    try {
      created = asKind<ReplicaSet>(this.ctx.api.create(draft as unknown as KubeObject));
    } catch (e) {
      if (isApiError(e, "AlreadyExists")) {
        const found = this.ctx.api.tryGet("replicasets.apps", d.metadata!.namespace ?? "", name);
        const rs = found && asKind<ReplicaSet>(found);
        const ref = rs?.metadata?.ownerReferences?.find((r) => r.controller);
        if (rs && ref?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
          created = rs;
          alreadyExisted = true;
        } else {
          // A hash collision: bump collisionCount and try again with another name.
          const status = this.statusCopy();
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          this.writeStatus(status);
          throw e;
        }
      } else if (isApiError(e, "Forbidden") && e.message.includes("being terminated")) {
        return undefined;
      } else if (isApiError(e)) {
        const msg = `Failed to create new replica set "${name}": ${e.message}`;
        if (hasProgressDeadline(d)) {
          const status = this.statusCopy();
          setCondition(status, newCondition("Progressing", "False", REASON.failedRSCreate, msg, this.now));
          this.writeStatus(status);
        }
        this.event("Warning", REASON.failedRSCreate, msg);
        return undefined;
      } else throw e;
    }
    this.replaceRS(created);
    if (!alreadyExisted && replicas > 0) this.event("Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`);
    let needsStatus = this.setDeploymentRevision(String(newRevision));
    const status = this.statusCopy();
    if (!alreadyExisted && hasProgressDeadline(d)) {
      setCondition(status, newCondition("Progressing", "True", REASON.newReplicaSet, `Created new replica set "${created.metadata?.name}"`, this.now));
      needsStatus = true;
    }
    if (needsStatus) this.writeStatus(status);
    return created;
  }

  /**
   * SetDeploymentRevision. Kubernetes' status write carries the Deployment's annotations;
   * kdeck's status subresource keeps metadata, so the annotation is written at once and
   * no status write is owed (always false).
   */
  private setDeploymentRevision(revision: string): boolean {
    if ((this.d.metadata?.annotations ?? {})[REVISION_ANNOTATION] === revision) return false;
    const annotations = { ...(this.current.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    this.current = this.ctx.api.update({ ...this.current, metadata: { ...this.current.metadata, annotations } });
    this.d.metadata = mutableCopy(this.current.metadata);
    return false;
  }

  /** Resizes a ReplicaSet (and its replica annotations); records the event. True when the size changed. */
  scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number): boolean {
    if (replicasOf(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? "up" : "down");
  }

  private scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: string): boolean {
    const current = this.latest(rs);
    const sizeChanged = replicasOf(current) !== newScale;
    const annotations = { ...(current.metadata?.annotations ?? {}) };
    const annotationsChanged = setReplicasAnnotations(annotations, replicasOf(this.d), replicasOf(this.d) + maxSurge(this.d));
    if (!sizeChanged && !annotationsChanged) return false;
    const oldScale = replicasOf(current);
    const updated = asKind<ReplicaSet>(
      this.ctx.api.update({
        ...(current as unknown as KubeObject),
        metadata: { ...current.metadata, annotations },
        spec: { ...current.spec, replicas: newScale },
      }),
    );
    this.replaceRS(updated);
    if (sizeChanged) this.event("Normal", "ScalingReplicaSet", `Scaled ${operation} replica set ${updated.metadata?.name} from ${oldScale} to ${newScale}`);
    return sizeChanged;
  }

  /** oldPodsRunning (Recreate): any pod of an old ReplicaSet not yet finished or gone. */
  private oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    if (actualReplicas(oldRSs) > 0) return true;
    for (const rs of this.rsList) {
      if (newRS && rs.metadata?.uid === newRS.metadata?.uid) continue;
      if (this.informers.pods.countsFor(rs.metadata?.uid ?? "").nonTerminal > 0) return true;
    }
    return false;
  }

  /** scale: the whole size to the one active ReplicaSet, or proportionally over all of them. */
  private scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
    const want = replicasOf(this.d);
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== want) this.scaleReplicaSetAndRecordEvent(activeOrLatest, want);
      return;
    }
    if (isSaturated(this.d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleReplicaSetAndRecordEvent(old, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const all = activeReplicaSets(this.allOf(newRS, oldRSs));
    const allowed = want > 0 ? want + maxSurge(this.d) : 0;
    const toAdd = allowed - specReplicas(all);
    let operation = "";
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      operation = "up";
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = "down";
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = replicaSetProportion(rs, this.d, toAdd, added);
        sizes.set(rs.metadata!.uid!, replicasOf(rs) + p);
        added += p;
      } else sizes.set(rs.metadata!.uid!, replicasOf(rs));
    }
    all.forEach((rs, i) => {
      let size = sizes.get(rs.metadata!.uid!)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      this.scaleReplicaSet(rs, size, operation);
    });
  }

  private findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const olds = [...oldRSs].sort(byCreation).reverse();
    const active = activeReplicaSets([...olds, newRS]);
    if (active.length === 0) return newRS ?? olds[0];
    return active.length === 1 ? active[0] : undefined;
  }

  /** cleanupDeployment: delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private cleanupDeployment(oldRSs: ReplicaSet[]): void {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.ctx.api.delete("replicasets.apps", rs.metadata?.namespace ?? "", rs.metadata?.name ?? "");
      } catch (e) {
        if (!isApiError(e, "NotFound")) throw e;
      }
    }
  }

  // ---- status ------------------------------------------------------------------------

  private statusCopy(): DeploymentStatus {
    return mutableCopy(this.d.status ?? {});
  }

  /** Writes the status subresource and keeps the local copies current. */
  private writeStatus(status: DeploymentStatus): void {
    this.current = this.ctx.api.updateStatus({ ...this.current, status });
    this.d = mutableCopy(asKind<Deployment>(this.current));
  }

  private syncDeploymentStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    const status = calculateStatus(this.d, all, newRS, this.now);
    if (!sameStatus(this.d.status, status)) this.writeStatus(status);
  }

  /** syncRolloutStatus: status plus the Progressing condition; requeues a stuck rollout for its deadline. */
  private syncRolloutStatus(all: ReplicaSet[], newRS: ReplicaSet | undefined): ReconcileResult | void {
    const status = rolloutStatus(this.d, all, newRS, this.now);
    if (!sameStatus(this.d.status, status)) this.writeStatus(status);
    return requeueStuckDeployment(this.d, status, this.now);
  }

  private event(type: "Normal" | "Warning", reason: string, message: string): void {
    if (this.spam.allow(this.current.metadata.uid ?? "", reason, this.now)) {
      this.ctx.events.record(this.current, type, reason, message, { component: DEPLOYMENT_CONTROLLER });
    }
  }
}
