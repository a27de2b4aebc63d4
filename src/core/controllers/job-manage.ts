import type { Job } from "kubernetes-types/batch/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { JOB_CONTROLLER, JOB_TRACKING_FINALIZER } from "./job-names.js";
import { completionIndex, podFromTemplate, removalOrder } from "./job-pods.js";
import { backoffRemaining, type BackoffRecord } from "./job-status.js";

/** The controller creates or deletes at most this many pods per sync (MaxPodCreateDeletePerSync). */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** After a failed pod creation, try again this much later (the work queue's rate limit, roughly). */
const CREATE_RETRY_MS = 10_000;

/** What one sync sees of a Job's pods. */
export interface ManageInput {
  pods: readonly Pod[];
  active: readonly Pod[];
  succeeded: number;
  /** Indexed Jobs: the indexes that succeeded. */
  succeededIndexes: ReadonlySet<number>;
  terminating: number;
  backoff: BackoffRecord;
  now: number;
}

export interface ManageResult {
  created: number;
  deleted: Pod[];
  /** When the pod-failure back-off or a failed create holds creations back. */
  requeueAfter?: number;
}

/**
 * manageJob: the number of active pods follows the Job. A suspended Job has none; a
 * Job with completions wants as many as remain (at most parallelism); one without
 * (a work queue) wants parallelism until a pod succeeds, then lets the rest finish.
 * Excess pods are deleted first, the least advanced first; missing ones are created
 * once the back-off after failures allows, Indexed Jobs' with the lowest free indexes.
 * Deleted pods lose their tracking finalizer first: a pod the Job removes is not a failure.
 */
export function manageJob(ctx: EngineContext, job: Job, s: ManageInput): ManageResult {
  const spec = job.spec!;
  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions ?? undefined;
  const indexed = spec.completionMode === "Indexed";

  if (spec.suspend === true) return { created: 0, deleted: deletePods(ctx, job, [...s.active].sort(removalOrder)) };

  let wantActive: number;
  if (completions === undefined) wantActive = s.succeeded > 0 ? s.active.length : parallelism;
  else wantActive = Math.max(0, Math.min(completions - s.succeeded, parallelism));

  const removable = indexed ? extraIndexedPods(s.active, completions ?? 0, s.succeededIndexes) : [];
  const kept = s.active.filter((p) => !removable.includes(p));
  const rmAtLeast = Math.max(0, s.active.length - wantActive);
  if (removable.length < rmAtLeast) removable.push(...[...kept].sort(removalOrder).slice(0, rmAtLeast - removable.length));
  if (removable.length > 0) return { created: 0, deleted: deletePods(ctx, job, removable.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC)) };

  const waitForTerminating = spec.podReplacementPolicy === "Failed" || !!spec.podFailurePolicy;
  let diff = wantActive - (waitForTerminating ? s.terminating : 0) - s.active.length;
  if (diff <= 0) return { created: 0, deleted: [] };
  const remaining = backoffRemaining(s.backoff, s.now);
  if (remaining > 0) return { created: 0, deleted: [], requeueAfter: remaining };
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  const indexes = indexed ? firstPendingIndexes(s.active, s.succeededIndexes, completions ?? 0, diff) : undefined;
  const count = indexes ? indexes.length : diff;
  const obj = job as unknown as KubeObject;
  let created = 0;
  for (let i = 0; i < count; i++) {
    try {
      const pod = ctx.api.create(podFromTemplate(job, indexes?.[i]));
      created++;
      ctx.events.record(obj, "Normal", "SuccessfulCreate", `Created pod: ${pod.metadata.name}`, { component: JOB_CONTROLLER });
    } catch (e) {
      if (!isApiError(e)) throw e;
      // A namespace being deleted takes new pods no more; that is not worth an event. Other
      // refusals (a quota, a LimitRange) are, with the API's message.
      if (!(isApiError(e, "Forbidden") && e.message.includes("because it is being terminated"))) ctx.events.record(obj, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`, { component: JOB_CONTROLLER });
      return { created, deleted: [], requeueAfter: CREATE_RETRY_MS };
    }
  }
  return { created, deleted: [] };
}

/** Active pods of an Indexed Job that cannot count: no valid index, an index already done, or one another pod holds. */
function extraIndexedPods(active: readonly Pod[], completions: number, succeeded: ReadonlySet<number>): Pod[] {
  const extra: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of active) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions || succeeded.has(ix)) extra.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const group of byIndex.values()) {
    // Keep the most advanced pod of an index; remove the others.
    if (group.length > 1) extra.push(...[...group].sort(removalOrder).slice(0, group.length - 1));
  }
  return extra;
}

/** The lowest `count` indexes below `completions` that neither succeeded nor have an active pod. */
function firstPendingIndexes(active: readonly Pod[], succeeded: ReadonlySet<number>, completions: number, count: number): number[] {
  const held = new Set(active.map(completionIndex));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!succeeded.has(i) && !held.has(i)) out.push(i);
  return out;
}

/** Releases each pod from the tracking finalizer and deletes it, with kubectl's event on the Job. */
function deletePods(ctx: EngineContext, job: Job, pods: readonly Pod[]): Pod[] {
  const obj = job as unknown as KubeObject;
  const deleted: Pod[] = [];
  for (const p of pods) {
    const namespace = p.metadata!.namespace ?? "";
    const name = p.metadata!.name!;
    try {
      const live = ctx.api.tryGet("pods", namespace, name);
      if (!live) continue;
      const finalizers = live.metadata.finalizers ?? [];
      if (finalizers.includes(JOB_TRACKING_FINALIZER)) {
        const rest = finalizers.filter((f) => f !== JOB_TRACKING_FINALIZER);
        const { finalizers: _dropped, ...meta } = live.metadata;
        ctx.api.update({ ...live, metadata: rest.length > 0 ? { ...meta, finalizers: rest } : meta });
      }
      ctx.api.delete("pods", namespace, name);
      ctx.events.record(obj, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`, { component: JOB_CONTROLLER });
      deleted.push(p);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }
  return deleted;
}
