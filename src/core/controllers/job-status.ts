/**
 * Pieces of a Job's status the Job controller computes: conditions, the pod-failure
 * back-off, and the compressed index lists of Indexed Jobs (`0-2,5`).
 */
import type { Job, JobCondition } from "kubernetes-types/batch/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { rfc3339 } from "../engine/clock.js";
import { finishedTime, isPodFailed } from "./job-pods.js";

/** The first delay after a failed pod, doubling with each further failure... */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** ...up to six minutes (DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff). */
export const MAX_POD_FAILURE_BACKOFF_MS = 360_000;

export const REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
export const MESSAGE_BACKOFF_LIMIT_EXCEEDED = "Job has reached the specified backoff limit";
export const REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
export const MESSAGE_DEADLINE_EXCEEDED = "Job was active longer than specified deadline";
export const REASON_COMPLETIONS_REACHED = "CompletionsReached";
export const MESSAGE_COMPLETIONS_REACHED = "Reached expected number of succeeded pods";

export function newCondition(type: string, status: "True" | "False", reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === "True";
}

/** Complete or Failed: the Job is done and the controller leaves it alone. */
export function isJobFinished(job: Job): boolean {
  return isConditionTrue(job.status?.conditions, "Complete") || isConditionTrue(job.status?.conditions, "Failed");
}

/** The terminal condition, when there is one (the CronJob and TTL controllers read it). */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
}

/**
 * ensureJobConditionStatus: replaces a condition of the type whose status, reason or
 * message differs (with new times), or appends one unless it would be False.
 */
export function ensureCondition(list: JobCondition[], cond: JobCondition): { list: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === cond.type);
  if (i >= 0) {
    const cur = list[i]!;
    if (cur.status === cond.status && (cur.reason ?? "") === (cond.reason ?? "") && (cur.message ?? "") === (cond.message ?? "")) return { list, changed: false };
    return { list: list.map((c, j) => (j === i ? cond : c)), changed: true };
  }
  if (cond.status === "False") return { list, changed: false };
  return { list: [...list, cond], changed: true };
}

/** Consecutive pod failures since the last success, and when the last one finished. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number | undefined;
}

/**
 * The back-off record, rebuilt from the Job's finished pods in the order they finished
 * (the controller's backoffStore keeps the same facts in memory): a success resets it,
 * each failure after it counts.
 */
export function backoffRecord(job: Job, pods: readonly Pod[]): BackoffRecord {
  const finished = pods
    .filter((p) => p.status?.phase === "Succeeded" || isPodFailed(p, job))
    .map((p) => ({ failed: p.status?.phase !== "Succeeded", at: finishedTime(p) }))
    .sort((a, b) => a.at - b.at);
  const record: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };
  for (const f of finished) {
    if (f.failed) {
      record.failuresAfterLastSuccess++;
      record.lastFailureTime = f.at;
    } else {
      record.failuresAfterLastSuccess = 0;
      record.lastFailureTime = undefined;
    }
  }
  return record;
}

/** How long before another pod may be created: 10 s doubling per failure, capped at 6 min, less the time since the last failure. */
export function backoffRemaining(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}

/** Parses `completedIndexes` (`1,3-5,7`) into a set, ignoring indexes at or past `completions`. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? "").split(",")) {
    if (!part) continue;
    const [lo, hi] = part.split("-");
    const a = Number(lo);
    const b = hi === undefined ? a : Number(hi);
    if (!Number.isInteger(a) || !Number.isInteger(b)) continue;
    for (let i = a; i <= b && i < completions; i++) out.add(i);
  }
  return out;
}

/** Renders indexes as Kubernetes does: increasing, runs of three or more as `first-last`. */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(",");
}
