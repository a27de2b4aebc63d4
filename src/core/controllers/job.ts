import type { Job, JobCondition, JobStatus } from "kubernetes-types/batch/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { JOB_CONTROLLER, JOB_TRACKING_FINALIZER } from "./job-names.js";
import { OwnerIndex } from "./job-owner-index.js";
import { completionIndex, hasTrackingFinalizer, isActive, isPodFailed, isReady, isTerminal, isTerminating, pastBackoffLimitOnFailure } from "./job-pods.js";
import { manageJob, type ManageResult } from "./job-manage.js";
import {
  backoffRecord,
  ensureCondition,
  findCondition,
  formatIndexes,
  isConditionTrue,
  isJobFinished,
  MESSAGE_BACKOFF_LIMIT_EXCEEDED,
  MESSAGE_COMPLETIONS_REACHED,
  MESSAGE_DEADLINE_EXCEEDED,
  newCondition,
  parseIndexes,
  REASON_BACKOFF_LIMIT_EXCEEDED,
  REASON_COMPLETIONS_REACHED,
  REASON_DEADLINE_EXCEEDED,
} from "./job-status.js";

const JOBS = "jobs.batch";
/** Keys of pods that hold the tracking finalizer but no Job: the finalizer is all that is left to remove. */
const ORPHAN_POD_PREFIX = "pod:";

/**
 * The Job controller (pkg/controller/job): runs a Job's pods to `completions`
 * successes (or, without completions, until one succeeds and the rest finish), at most
 * `parallelism` at a time, Indexed or not; replaces failed pods after a back-off of
 * 10 s doubling to 6 min; fails the Job past `backoffLimit` or `activeDeadlineSeconds`
 * (FailureTarget, then Failed once no pod is terminating); completes it
 * (SuccessCriteriaMet, then Complete); suspends and resumes it.
 *
 * Pods carry the `batch.kubernetes.io/job-tracking` finalizer until the controller has
 * counted them: a finished pod's uid goes to `status.uncountedTerminatedPods` first,
 * then its finalizer is removed, then it moves into the `succeeded`/`failed` counters,
 * so that a count is never lost nor doubled whatever step is interrupted. The pods of
 * a Job that is gone lose the finalizer; the garbage collector deletes them.
 */
export class JobReconciler implements Reconciler {
  readonly name = JOB_CONTROLLER;
  readonly watches;
  private readonly pods = new OwnerIndex("Job", "batch/v1");

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: JOBS, keys: (ev: WatchEvent) => [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    const pods = this.ctx.api.list("pods");
    this.pods.rebuild(pods);
    const keys = new Set<string>();
    for (const j of this.ctx.api.list(JOBS)) keys.add(objectKey(j.metadata.namespace, j.metadata.name!));
    // Owners that are gone still have pods to release.
    for (const owner of this.pods.owners()) keys.add(owner);
    yield* keys;
    for (const p of pods) {
      if (hasTrackingFinalizer(asKind<Pod>(p)) && !this.pods.ownerKey(p)) yield ORPHAN_POD_PREFIX + objectKey(p.metadata.namespace, p.metadata.name!);
    }
  }

  reconcile(key: string): ReconcileResult | void {
    if (key.startsWith(ORPHAN_POD_PREFIX)) {
      this.releaseOrphanPod(key.slice(ORPHAN_POD_PREFIX.length));
      return;
    }
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(JOBS, namespace, name);
    if (!obj) {
      this.releasePodsOfDeletedJob(key, undefined);
      return;
    }
    const job = asKind<Job>(obj);
    const pods = this.ownedPods(key, job.metadata!.uid!);
    if (job.metadata?.deletionTimestamp || isJobFinished(job)) {
      for (const p of pods) this.removeTrackingFinalizer(p);
      return;
    }
    return this.syncJob(obj, job, pods);
  }

  private onPod(ev: WatchEvent): string[] {
    const keys = this.pods.observe(ev);
    const pod = asKind<Pod>(ev.object);
    if (ev.type !== "DELETED" && hasTrackingFinalizer(pod) && !this.pods.ownerKey(ev.object)) {
      keys.push(ORPHAN_POD_PREFIX + objectKey(pod.metadata?.namespace, pod.metadata!.name!));
    }
    return keys;
  }

  /** The pods this Job controls; pods left by an earlier Job of the same name are released. */
  private ownedPods(key: string, uid: string): Pod[] {
    this.releasePodsOfDeletedJob(key, uid);
    const { namespace } = splitKey(key);
    const out: Pod[] = [];
    for (const childKey of this.pods.children(key)) {
      const obj = this.ctx.api.tryGet("pods", namespace, splitKey(childKey).name);
      if (obj && (obj.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid)) out.push(asKind<Pod>(obj));
    }
    return out;
  }

  /** The status a sync arrives at, written in one or two steps (see the class comment). */
  private syncJob(obj: KubeObject, job: Job, pods: Pod[]): ReconcileResult | void {
    const now = this.ctx.clock.now();
    const spec = job.spec!;
    const status: JobStatus = job.status ?? {};
    const indexed = spec.completionMode === "Indexed";
    const completions = spec.completions ?? undefined;
    const suspended = spec.suspend === true;
    let requeueAfter: number | undefined;

    const uncounted = {
      succeeded: new Set(status.uncountedTerminatedPods?.succeeded ?? []),
      failed: new Set(status.uncountedTerminatedPods?.failed ?? []),
    };
    const validIndex = (p: Pod) => !indexed || (completionIndex(p) >= 0 && completionIndex(p) < (completions ?? 0));
    const counted = (p: Pod) => !hasTrackingFinalizer(p) || uncounted.succeeded.has(p.metadata!.uid!) || uncounted.failed.has(p.metadata!.uid!);
    const newSucceeded = pods.filter((p) => !counted(p) && validIndex(p) && p.status?.phase === "Succeeded");
    const newFailed = pods.filter((p) => !counted(p) && validIndex(p) && isPodFailed(p, job));

    let succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size;
    const failed = (status.failed ?? 0) + newFailed.length + uncounted.failed.size;
    let startTime = status.startTime;
    if (!startTime && !suspended) startTime = rfc3339(now);

    let conditions = [...(status.conditions ?? [])];
    let finished: JobCondition | undefined;
    let failure = false;
    if (isConditionTrue(conditions, "SuccessCriteriaMet")) {
      finished = findCondition(conditions, "SuccessCriteriaMet");
    } else if (isConditionTrue(conditions, "FailureTarget")) {
      finished = findCondition(conditions, "FailureTarget");
      failure = true;
    } else if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      finished = newCondition("FailureTarget", "True", REASON_BACKOFF_LIMIT_EXCEEDED, MESSAGE_BACKOFF_LIMIT_EXCEEDED, now);
      failure = true;
    } else if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null && !suspended && startTime) {
      const deadline = parseTime(startTime) + spec.activeDeadlineSeconds * 1000;
      if (now >= deadline) {
        finished = newCondition("FailureTarget", "True", REASON_DEADLINE_EXCEEDED, MESSAGE_DEADLINE_EXCEEDED, now);
        failure = true;
      } else {
        requeueAfter = deadline - now;
      }
    }

    let succeededIndexes = new Set<number>();
    if (indexed) {
      succeededIndexes = parseIndexes(status.completedIndexes, completions ?? 0);
      for (const p of pods) if (p.status?.phase === "Succeeded" && validIndex(p)) succeededIndexes.add(completionIndex(p));
      succeeded = succeededIndexes.size;
    }

    let active = pods.filter(isActive);
    let terminating = pods.filter(isTerminating).length;
    let ready = active.filter(isReady).length;
    let manage: ManageResult = { created: 0, deleted: [] };
    if (failure) {
      manage = this.deletePods(job, active);
    } else if (!finished) {
      manage = manageJob(this.ctx, job, { pods, active, succeeded, succeededIndexes, terminating, backoff: backoffRecord(job, pods), now });
      if (manage.requeueAfter !== undefined) requeueAfter = Math.min(requeueAfter ?? Infinity, manage.requeueAfter);
    }
    if (manage.deleted.length > 0) {
      const deleted = new Set(manage.deleted.map((p) => p.metadata!.uid));
      ready -= active.filter((p) => deleted.has(p.metadata!.uid) && isReady(p)).length;
      active = active.filter((p) => !deleted.has(p.metadata!.uid));
      terminating += manage.deleted.length;
    }
    const activeCount = active.length + manage.created;

    if (!finished) {
      const complete = completions === undefined ? succeeded > 0 && activeCount === 0 : succeeded >= completions && activeCount === 0;
      if (complete) {
        finished = newCondition("SuccessCriteriaMet", "True", REASON_COMPLETIONS_REACHED, MESSAGE_COMPLETIONS_REACHED, now);
      } else {
        const { next, startTime: resumedAt } = this.suspendConditions(obj, conditions, suspended, now);
        conditions = next;
        if (resumedAt) startTime = resumedAt;
      }
    }
    if (finished && findCondition(conditions, finished.type) === undefined) conditions = [...conditions, finished];

    // Step 1: record what finished, by uid, before the finalizers go.
    // When the Job fails, every pod it still holds counts (its active ones were just deleted).
    const toRelease = pods.filter((p) => hasTrackingFinalizer(p) && (p.status?.phase === "Succeeded" || isPodFailed(p, job) || failure));
    const releasedUids = new Set<string>();
    for (const p of toRelease) {
      const uid = p.metadata!.uid!;
      if (uncounted.succeeded.has(uid) || uncounted.failed.has(uid)) continue;
      if (!validIndex(p)) continue;
      if (p.status?.phase === "Succeeded") {
        if (!indexed) uncounted.succeeded.add(uid);
      } else {
        uncounted.failed.add(uid);
      }
    }
    const base = {
      conditions,
      startTime,
      active: activeCount,
      ready,
      terminating,
      completedIndexes: indexed ? formatIndexes(succeededIndexes) : undefined,
    };
    let current = this.writeStatus(obj, jobStatus({ ...base, succeeded: status.succeeded ?? 0, failed: status.failed ?? 0, uncounted, completionTime: status.completionTime }));

    // Step 2: release the finalizers; step 3: count what was released.
    for (const p of toRelease) if (this.removeTrackingFinalizer(p)) releasedUids.add(p.metadata!.uid!);
    let succeededCount = status.succeeded ?? 0;
    let failedCount = status.failed ?? 0;
    for (const uid of [...uncounted.succeeded]) {
      if (releasedUids.has(uid) || !this.stillHolds(pods, uid)) {
        uncounted.succeeded.delete(uid);
        succeededCount++;
      }
    }
    for (const uid of [...uncounted.failed]) {
      if (releasedUids.has(uid) || !this.stillHolds(pods, uid)) {
        uncounted.failed.delete(uid);
        failedCount++;
      }
    }
    if (indexed) succeededCount = succeededIndexes.size;

    // The terminal condition waits for every count and every terminating pod.
    let completionTime = status.completionTime;
    let done: JobCondition | undefined;
    if (finished && uncounted.succeeded.size + uncounted.failed.size === 0 && terminating === 0) {
      done = failure ? newCondition("Failed", "True", finished.reason ?? "", finished.message ?? "", now) : newCondition("Complete", "True", finished.reason ?? "", finished.message ?? "", now);
      const ensured = ensureCondition(conditions, done);
      if (!ensured.changed) done = undefined;
      conditions = ensured.list;
      if (done && !failure) completionTime = done.lastTransitionTime;
    }
    current = this.writeStatus(current, jobStatus({ ...base, conditions, succeeded: succeededCount, failed: failedCount, uncounted, completionTime }));
    if (done) this.recordFinished(current, done, succeededCount);
    return requeueAfter !== undefined ? { requeueAfter } : undefined;
  }

  /** The Suspended condition follows `spec.suspend`; resuming restarts the active-deadline clock. */
  private suspendConditions(obj: KubeObject, conditions: JobCondition[], suspended: boolean, now: number): { next: JobCondition[]; startTime?: string } {
    if (suspended) {
      const r = ensureCondition(conditions, newCondition("Suspended", "True", "JobSuspended", "Job suspended", now));
      if (r.changed) this.event(obj, "Normal", "Suspended", "Job suspended");
      return { next: r.list };
    }
    const r = ensureCondition(conditions, newCondition("Suspended", "False", "JobResumed", "Job resumed", now));
    if (!r.changed) return { next: r.list };
    this.event(obj, "Normal", "Resumed", "Job resumed");
    return { next: r.list, startTime: rfc3339(now) };
  }

  private recordFinished(obj: KubeObject, cond: JobCondition, succeeded: number): void {
    if (cond.type === "Complete") {
      const completions = asKind<Job>(obj).spec?.completions;
      if (typeof completions === "number" && succeeded > completions) {
        this.event(obj, "Warning", "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
      }
      this.event(obj, "Normal", "Completed", "Job completed");
    } else {
      this.event(obj, "Warning", cond.reason ?? "", cond.message ?? "");
    }
  }

  /** Deletes pods (keeping their finalizer until they are counted), with the event for each. */
  private deletePods(job: Job, pods: readonly Pod[]): ManageResult {
    const obj = job as unknown as KubeObject;
    const deleted: Pod[] = [];
    for (const p of pods) {
      try {
        this.ctx.api.delete("pods", p.metadata!.namespace ?? "", p.metadata!.name!);
        this.event(obj, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata!.name}`);
        deleted.push(p);
      } catch (e) {
        if (!isApiError(e, "NotFound")) throw e;
      }
    }
    return { created: 0, deleted };
  }

  /** Writes `next` as the status unless it already is; returns the stored object. */
  private writeStatus(obj: KubeObject, next: JobStatus): KubeObject {
    if (JSON.stringify(obj.status ?? {}) === JSON.stringify(next)) return obj;
    return this.ctx.api.updateStatus({ ...obj, status: next });
  }

  private stillHolds(pods: readonly Pod[], uid: string): boolean {
    const p = pods.find((x) => x.metadata?.uid === uid);
    if (!p) return false;
    const live = this.ctx.api.tryGet("pods", p.metadata!.namespace ?? "", p.metadata!.name!);
    return !!live && live.metadata.uid === uid && hasTrackingFinalizer(asKind<Pod>(live));
  }

  /**
   * Removes the tracking finalizer; a pod already deleted that has finished (or never
   * reached a node) goes at once, as nothing else will complete its deletion.
   * Returns whether the pod no longer holds the finalizer.
   */
  private removeTrackingFinalizer(pod: Pod): boolean {
    const live = this.ctx.api.tryGet("pods", pod.metadata!.namespace ?? "", pod.metadata!.name!);
    if (!live || live.metadata.uid !== pod.metadata!.uid) return true;
    const finalizers = live.metadata.finalizers ?? [];
    if (!finalizers.includes(JOB_TRACKING_FINALIZER)) return true;
    const rest = finalizers.filter((f) => f !== JOB_TRACKING_FINALIZER);
    const { finalizers: _dropped, ...meta } = live.metadata;
    const updated = asKind<Pod>(this.ctx.api.update({ ...live, metadata: rest.length > 0 ? { ...meta, finalizers: rest } : meta }));
    if (updated.metadata?.deletionTimestamp && (updated.metadata.finalizers ?? []).length === 0 && (isTerminal(updated) || !updated.spec?.nodeName)) {
      this.ctx.api.delete("pods", updated.metadata.namespace ?? "", updated.metadata.name!, { gracePeriodSeconds: 0 });
    }
    return true;
  }

  private releaseOrphanPod(podKey: string): void {
    const { namespace, name } = splitKey(podKey);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    if (obj && !this.pods.ownerKey(obj)) this.removeTrackingFinalizer(asKind<Pod>(obj));
  }

  /**
   * Pods filed under a Job key whose Job (of this uid) no longer exists: their tracking
   * finalizer goes, so that the garbage collector's deletion of them can complete.
   */
  private releasePodsOfDeletedJob(key: string, liveUid: string | undefined): void {
    const { namespace } = splitKey(key);
    for (const childKey of this.pods.children(key)) {
      const obj = this.ctx.api.tryGet("pods", namespace, splitKey(childKey).name);
      const ref = obj && (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
      if (obj && ref && ref.uid !== liveUid) this.removeTrackingFinalizer(asKind<Pod>(obj));
    }
  }

  private event(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.ctx.events.record(obj, type, reason, message, { component: JOB_CONTROLLER });
  }
}

/** A JobStatus with Kubernetes' omissions: zero counters and empty lists are left out; ready, terminating and uncountedTerminatedPods are always there. */
function jobStatus(s: {
  conditions: JobCondition[];
  startTime: string | undefined;
  completionTime: string | undefined;
  active: number;
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  completedIndexes: string | undefined;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
}): JobStatus {
  const out: JobStatus = {};
  if (s.conditions.length > 0) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active > 0) out.active = s.active;
  if (s.succeeded > 0) out.succeeded = s.succeeded;
  if (s.failed > 0) out.failed = s.failed;
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  const uncounted: { succeeded?: string[]; failed?: string[] } = {};
  if (s.uncounted.succeeded.size > 0) uncounted.succeeded = [...s.uncounted.succeeded];
  if (s.uncounted.failed.size > 0) uncounted.failed = [...s.uncounted.failed];
  out.uncountedTerminatedPods = uncounted;
  (out as JobStatus & { terminating?: number }).terminating = s.terminating;
  out.ready = s.ready;
  return out;
}
