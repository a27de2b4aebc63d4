import type { CronJob, CronJobStatus, Job } from "kubernetes-types/batch/v1";
import type { ObjectReference } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { cronJobSchedule, CronSyntaxError, rfc3339InZone, timeZoneError, type CronSchedule } from "./cronjob-schedule.js";
import { nextScheduleDelay, nextScheduleTime, rfc1123z } from "./cronjob-times.js";
import { CRONJOB_CONTROLLER, CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION } from "./job-names.js";
import { OwnerIndex } from "./job-owner-index.js";
import { finishedCondition } from "./job-status.js";

const CRONJOBS = "cronjobs.batch";
const JOBS = "jobs.batch";

/**
 * The CronJob controller (cronjob_controllerv2): creates a Job named
 * `<cronjob>-<scheduled minute since the epoch>` at each scheduled time, in the
 * CronJob's time zone, unless it is suspended, the start is later than
 * `startingDeadlineSeconds` allows, or the concurrency policy says no (Forbid skips
 * while a Job runs; Replace deletes the running ones first). It keeps
 * `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, trims finished Jobs to
 * the history limits, and asks to be woken at the next scheduled time (virtual time).
 * A deleted CronJob's Jobs are the garbage collector's to delete.
 */
export class CronJobReconciler implements Reconciler {
  readonly name = CRONJOB_CONTROLLER;
  readonly watches;
  private readonly jobs = new OwnerIndex("CronJob", "batch/v1");
  /** Parsed schedules by `timeZone\0schedule`: cron-parser is slow to build. */
  private readonly schedules = new Map<string, CronSchedule>();

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: CRONJOBS, keys: (ev: WatchEvent) => [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] },
      { resource: JOBS, keys: (ev: WatchEvent) => this.jobs.observe(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.jobs.rebuild(this.ctx.api.list(JOBS));
    const keys = new Set<string>();
    for (const cj of this.ctx.api.list(CRONJOBS)) keys.add(objectKey(cj.metadata.namespace, cj.metadata.name!));
    for (const owner of this.jobs.owners()) keys.add(owner);
    yield* keys;
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(CRONJOBS, namespace, name);
    if (!obj) return;
    const jobs = this.childJobs(key);
    const uid = obj.metadata.uid;
    const own = jobs.filter((j) => j.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === uid));
    const cj = structuredClone(asKind<CronJob>(obj));
    cj.status ??= {};
    const cleaned = this.cleanupFinishedJobs(obj, cj, own);
    const { requeueAfter, changed } = this.syncCronJob(obj, cj, own);
    if (cleaned || changed) this.ctx.api.updateStatus({ ...obj, status: tidyStatus(cj.status) });
    return requeueAfter !== undefined ? { requeueAfter } : undefined;
  }

  private childJobs(key: string): KubeObject[] {
    const { namespace } = splitKey(key);
    const out: KubeObject[] = [];
    for (const childKey of this.jobs.children(key)) {
      const j = this.ctx.api.tryGet(JOBS, namespace, splitKey(childKey).name);
      if (j) out.push(j);
    }
    return out;
  }

  /** syncCronJob: the active list, then at most one new Job for the most recent unmet schedule. */
  private syncCronJob(obj: KubeObject, cj: CronJob, jobs: KubeObject[]): { requeueAfter?: number; changed: boolean } {
    const now = this.ctx.clock.now();
    const status = cj.status!;
    let changed = false;
    const children = new Set(jobs.map((j) => j.metadata.uid));
    for (const jobObj of jobs) {
      const job = asKind<Job>(jobObj);
      const inActive = (status.active ?? []).some((r) => r.uid === jobObj.metadata.uid);
      const finished = finishedCondition(job);
      if (!inActive && !finished) {
        this.event(obj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${jobObj.metadata.name}`);
      } else if (finished) {
        if (inActive) {
          status.active = (status.active ?? []).filter((r) => r.uid !== jobObj.metadata.uid);
          this.event(obj, "Normal", "SawCompletedJob", `Saw completed job: ${jobObj.metadata.name}, condition: ${finished.type}`);
          changed = true;
        }
        const completed = job.status?.completionTime;
        if (finished.type === "Complete" && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
          status.lastSuccessfulTime = completed;
          changed = true;
        }
      }
    }
    for (const ref of status.active ?? []) {
      if (children.has(ref.uid)) continue;
      if (this.ctx.api.tryGet(JOBS, ref.namespace ?? "", ref.name ?? "")) continue;
      this.event(obj, "Normal", "MissingJob", `Active job went missing: ${ref.name}`);
      status.active = (status.active ?? []).filter((r) => r.uid !== ref.uid);
      changed = true;
    }
    if (obj.metadata.deletionTimestamp) return { changed };

    const spec = cj.spec!;
    if (spec.timeZone !== undefined && spec.timeZone !== null) {
      const zoneError = spec.timeZone === "" ? undefined : timeZoneError(spec.timeZone);
      if (zoneError) {
        this.event(obj, "Warning", "UnknownTimeZone", `invalid timeZone: ${JSON.stringify(spec.timeZone)}: ${zoneError}`);
        return { changed };
      }
    }
    if (spec.suspend === true) return { changed };
    if (spec.schedule.includes("TZ")) {
      this.event(obj, "Warning", "UnsupportedSchedule", `CRON_TZ or TZ used in schedule ${JSON.stringify(spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    let schedule: CronSchedule;
    try {
      schedule = this.schedule(spec.schedule, spec.timeZone ?? undefined);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      this.event(obj, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${e.message}`);
      return { changed };
    }
    const creation = Date.parse(obj.metadata.creationTimestamp ?? "");
    const times = nextScheduleTime(cj, creation, now, schedule);
    if (times.error) {
      this.event(obj, "Warning", "InvalidSchedule", `invalid schedule: ${spec.schedule} : ${times.error}`);
      return { changed };
    }
    if (times.manyMissed) {
      this.event(obj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    const scheduledTime = times.scheduled;
    const requeue = () => nextScheduleDelay(cj, creation, now, schedule);
    if (scheduledTime === undefined) return { changed, requeueAfter: requeue() };

    const deadline = spec.startingDeadlineSeconds;
    if (typeof deadline === "number" && scheduledTime + deadline * 1000 < now) {
      this.event(obj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduledTime)}`);
      return { changed, requeueAfter: requeue() };
    }
    const jobName = `${obj.metadata.name}-${Math.floor(scheduledTime / 60_000)}`;
    if ((status.active ?? []).some((r) => r.name === jobName) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduledTime)) {
      return { changed, requeueAfter: requeue() };
    }
    if (spec.concurrencyPolicy === "Forbid" && (status.active ?? []).length > 0) {
      this.event(obj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
      return { changed, requeueAfter: requeue() };
    }
    if (spec.concurrencyPolicy === "Replace") {
      for (const ref of [...(status.active ?? [])]) {
        const job = this.ctx.api.tryGet(JOBS, ref.namespace ?? "", ref.name ?? "");
        if (job) this.deleteJob(obj, cj, job);
        changed = true;
      }
    }

    let created: KubeObject;
    try {
      created = this.ctx.api.create(jobFromTemplate(obj, cj, jobName, scheduledTime));
      this.event(obj, "Normal", "SuccessfulCreate", `Created job ${created.metadata.name}`);
    } catch (e) {
      if (isApiError(e, "AlreadyExists")) {
        const existing = this.ctx.api.tryGet(JOBS, obj.metadata.namespace ?? "", jobName);
        const ours = existing?.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === obj.metadata.uid);
        if (!existing || !ours || (status.active ?? []).some((r) => r.uid === existing.metadata.uid)) return { changed };
        created = existing;
      } else if (isApiError(e, "Forbidden")) {
        return { changed };
      } else {
        if (isApiError(e)) this.event(obj, "Warning", "FailedCreate", `Error creating job: ${e.message}`);
        throw e;
      }
    }
    status.active = [...(status.active ?? []), jobReference(created)];
    status.lastScheduleTime = rfc3339(scheduledTime);
    return { changed: true, requeueAfter: nextScheduleDelay(cj, creation, now, schedule) };
  }

  /** Keeps the newest `successfulJobsHistoryLimit` complete and `failedJobsHistoryLimit` failed Jobs. */
  private cleanupFinishedJobs(obj: KubeObject, cj: CronJob, jobs: KubeObject[]): boolean {
    const spec = cj.spec!;
    if (spec.successfulJobsHistoryLimit == null && spec.failedJobsHistoryLimit == null) return false;
    const succeeded: KubeObject[] = [];
    const failed: KubeObject[] = [];
    for (const j of jobs) {
      const cond = finishedCondition(asKind<Job>(j));
      if (cond?.type === "Complete") succeeded.push(j);
      else if (cond?.type === "Failed") failed.push(j);
    }
    let changed = false;
    if (spec.successfulJobsHistoryLimit != null && this.removeOldestJobs(obj, cj, succeeded, spec.successfulJobsHistoryLimit)) changed = true;
    if (spec.failedJobsHistoryLimit != null && this.removeOldestJobs(obj, cj, failed, spec.failedJobsHistoryLimit)) changed = true;
    return changed;
  }

  private removeOldestJobs(obj: KubeObject, cj: CronJob, jobs: KubeObject[], keep: number): boolean {
    const excess = jobs.length - keep;
    if (excess <= 0) return false;
    const sorted = [...jobs].sort(byJobStartTime);
    let changed = false;
    for (const j of sorted.slice(0, excess)) if (this.deleteJob(obj, cj, j)) changed = true;
    return changed;
  }

  /** Deletes a Job (its pods follow) and drops it from the active list. */
  private deleteJob(obj: KubeObject, cj: CronJob, job: KubeObject): boolean {
    try {
      this.ctx.api.delete(JOBS, job.metadata.namespace ?? "", job.metadata.name!, { propagationPolicy: "Background" });
    } catch (e) {
      if (!isApiError(e, "NotFound")) {
        this.event(obj, "Warning", "FailedDelete", `Deleted job: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    }
    cj.status!.active = (cj.status!.active ?? []).filter((r) => r.uid !== job.metadata.uid);
    this.event(obj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
    return true;
  }

  private schedule(text: string, timeZone: string | undefined): CronSchedule {
    const key = `${timeZone ?? ""}\u0000${text}`;
    let s = this.schedules.get(key);
    if (!s) {
      s = cronJobSchedule(text, timeZone);
      if (this.schedules.size > 1000) this.schedules.clear();
      this.schedules.set(key, s);
    }
    return s;
  }

  private event(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string): void {
    this.ctx.events.record(obj, type, reason, message, { component: CRONJOB_CONTROLLER });
  }
}

/** getJobFromTemplate2: the template's labels, annotations and spec, the scheduled-time annotation, and the CronJob as owner. */
function jobFromTemplate(obj: KubeObject, cj: CronJob, name: string, scheduledTime: number): KubeObject {
  const template = cj.spec!.jobTemplate;
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledTime, cj.spec!.timeZone ?? undefined);
  const metadata: KubeObject["metadata"] = {
    name,
    namespace: obj.metadata.namespace,
    annotations,
    ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: obj.metadata.name!, uid: obj.metadata.uid!, controller: true, blockOwnerDeletion: true }],
  };
  if (template.metadata?.labels && Object.keys(template.metadata.labels).length > 0) metadata.labels = { ...template.metadata.labels };
  return { apiVersion: "batch/v1", kind: "Job", metadata, spec: structuredClone(template.spec) };
}

function jobReference(job: KubeObject): ObjectReference {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    resourceVersion: job.metadata.resourceVersion,
    uid: job.metadata.uid,
  };
}

/** byJobStartTime: started Jobs oldest first, then unstarted ones; names break ties. */
function byJobStartTime(a: KubeObject, b: KubeObject): number {
  const sa = Date.parse(asKind<Job>(a).status?.startTime ?? "");
  const sb = Date.parse(asKind<Job>(b).status?.startTime ?? "");
  if (Number.isNaN(sa) !== Number.isNaN(sb)) return Number.isNaN(sa) ? 1 : -1;
  if (!Number.isNaN(sa) && sa !== sb) return sa - sb;
  return (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

/** The status as Kubernetes serialises it: an empty active list is left out. */
function tidyStatus(status: CronJobStatus | undefined): CronJobStatus {
  const out: CronJobStatus = { ...(status ?? {}) };
  if ((out.active ?? []).length === 0) delete out.active;
  return out;
}
