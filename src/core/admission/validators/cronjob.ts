import type { CronJob, CronJobSpec } from "kubernetes-types/batch/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { scheduleError, timeZoneError } from "../../controllers/cronjob-schedule.js";
import { type FieldPath, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { IS_NEGATIVE_ERROR_MSG, nameIsDNSSubdomain } from "./formats.js";
import { validateJobTemplateSpec } from "./job.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord } from "./values.js";

/** A Job's name is the CronJob's plus `-<minutes since the epoch>` (11 characters), within 63. */
const MAX_CRONJOB_NAME_LENGTH = 52;
const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"];
/** The IANA naming rules, with the digits and `+` of legacy names tolerated. */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** A new CronJob: metadata, its spec, and a name short enough for its Jobs' names. */
export function validateCronJob(obj: KubeObject): FieldError[] {
  const cj = asKind<CronJob>(obj);
  const errs = validateObjectMeta(cj.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  errs.push(...validateCronJobSpec(cj.spec, undefined, newPath("spec")));
  const name = cj.metadata?.name ?? "";
  if (name.length > MAX_CRONJOB_NAME_LENGTH) errs.push(invalid(newPath("metadata", "name"), name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
  return errs;
}

/**
 * A CronJob update: its spec checked against the old one (a schedule may keep a
 * `TZ=` prefix it already had; the time zone is checked only when it changes). The
 * name-length rule is skipped, so that older long-named CronJobs can still be changed.
 */
export function validateCronJobUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const cj = asKind<CronJob>(obj);
  const old = asKind<CronJob>(oldObj);
  const errs = validateObjectMetaUpdate(cj.metadata, old.metadata, newPath("metadata"));
  errs.push(...validateCronJobSpec(cj.spec, isRecord(old.spec) ? old.spec : ({} as CronJobSpec), newPath("spec")));
  return errs;
}

/** Kubernetes' registration of CronJob validation. */
export const cronJobValidation: KindValidation = {
  create: (obj) => validateCronJob(obj),
  update: (obj, old) => validateCronJobUpdate(obj, old),
};

function validateCronJobSpec(input: CronJobSpec | undefined, oldSpec: CronJobSpec | undefined, fldPath: FieldPath): FieldError[] {
  const spec: CronJobSpec = isRecord(input) ? input : ({} as CronJobSpec);
  const errs: FieldError[] = [];
  const schedule = typeof spec.schedule === "string" ? spec.schedule : "";
  if (schedule.length === 0) errs.push(required(fldPath.child("schedule")));
  else errs.push(...validateScheduleFormat(schedule, oldSpec?.schedule?.includes("TZ") === true, spec.timeZone, fldPath.child("schedule")));
  if (typeof spec.startingDeadlineSeconds === "number" && spec.startingDeadlineSeconds < 0) {
    errs.push(invalid(fldPath.child("startingDeadlineSeconds"), spec.startingDeadlineSeconds, IS_NEGATIVE_ERROR_MSG));
  }
  if (oldSpec === undefined || oldSpec.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, fldPath.child("timeZone")));
  const policy = spec.concurrencyPolicy ?? "";
  if (policy === "") errs.push(required(fldPath.child("concurrencyPolicy")));
  else if (!CONCURRENCY_POLICIES.includes(policy)) errs.push(notSupported(fldPath.child("concurrencyPolicy"), policy, CONCURRENCY_POLICIES));
  errs.push(...validateJobTemplateSpec(spec.jobTemplate?.spec, fldPath.child("jobTemplate", "spec")));
  for (const field of ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"] as const) {
    const v = spec[field];
    if (typeof v === "number" && v < 0) errs.push(invalid(fldPath.child(field), v, IS_NEGATIVE_ERROR_MSG));
  }
  return errs;
}

/**
 * The schedule parses as cron.ParseStandard reads it, and names no zone of its own
 * (`CRON_TZ=`/`TZ=`), which only an existing CronJob that already had one may keep.
 */
function validateScheduleFormat(schedule: string, allowTZInSchedule: boolean, timeZone: string | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const parseError = scheduleError(schedule);
  if (parseError) errs.push(invalid(fldPath, schedule, parseError));
  if (allowTZInSchedule && schedule.includes("TZ") && timeZone !== undefined && timeZone !== null) {
    errs.push(invalid(fldPath, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  } else if (!allowTZInSchedule && schedule.includes("TZ")) {
    errs.push(invalid(fldPath, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  }
  return errs;
}

function validateTimeZone(timeZone: string | undefined | null, fldPath: FieldPath): FieldError[] {
  if (timeZone === undefined || timeZone === null) return [];
  if (timeZone.length === 0) return [invalid(fldPath, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !TIME_ZONE_PART.test(part)) return [invalid(fldPath, timeZone, `unknown time zone ${timeZone}`)];
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === "local") errs.push(invalid(fldPath, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  const loadError = timeZone === "Local" ? undefined : timeZoneError(timeZone);
  if (loadError) errs.push(invalid(fldPath, timeZone, loadError));
  return errs;
}
