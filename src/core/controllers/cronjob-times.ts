/**
 * When a CronJob should have started a Job (pkg/controller/cronjob/utils.go):
 * the most recent scheduled time not yet acted on, how many were missed, and how
 * long until the next one.
 */
import type { CronJob } from "kubernetes-types/batch/v1";
import type { CronSchedule } from "./cronjob-schedule.js";

/** The controller wakes this long after a scheduled time, against clock skew (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** More missed start times than this are reported as too many. */
const MANY_MISSED = 100;

type Missed = "none" | "few" | "many";

interface MostRecent {
  /** The last schedule time, else the creation time (or the starting deadline's edge). */
  earliest: number;
  /** The most recent time a Job should have been created, if any is due. */
  mostRecent: number | undefined;
  missed: Missed;
  error?: string;
}

/** mostRecentScheduleTime, with `includeStartingDeadline` as the controller passes it. */
function mostRecentScheduleTime(cj: CronJob, created: number, now: number, schedule: CronSchedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = created;
  const last = cj.status?.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : NaN;
  if (!Number.isNaN(last)) earliest = last;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && typeof deadline === "number") {
    const schedulingDeadline = now - deadline * 1000;
    if (schedulingDeadline > earliest) earliest = schedulingDeadline;
  }
  const t1 = schedule.next(earliest);
  if (Number.isNaN(t1)) return { earliest, mostRecent: undefined, missed: "none", error: "time difference between two schedules is less than 1 second" };
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, mostRecent: undefined, missed: "none" };
  if (now < t2) return { earliest, mostRecent: t1, missed: "none" };
  // A schedule that is grammatical but never fires twice (the 31st of February).
  const between = Math.round((t2 - t1) / 1000);
  if (Number.isNaN(t2) || between < 1) return { earliest, mostRecent: undefined, missed: "none", error: "time difference between two schedules is less than 1 second" };
  // Count the missed times roughly, then find the most recent one exactly from a little before it.
  const elapsed = Math.floor((now - t1) / 1000);
  const numberMissed = Math.floor(elapsed / between) + 1;
  const potentialEarliest = t1 + (numberMissed - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); !Number.isNaN(t) && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: Missed = numberMissed > MANY_MISSED ? "many" : numberMissed > 0 ? "few" : "none";
  return { earliest, mostRecent, missed };
}

/**
 * nextScheduleTime: the scheduled time to act on now (within the starting deadline),
 * whether more than 100 were missed, or the schedule's logical error.
 */
export function nextScheduleTime(cj: CronJob, created: number, now: number, schedule: CronSchedule): { scheduled?: number; manyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, created, now, schedule, true);
  if (r.mostRecent === undefined || r.mostRecent > now) return { manyMissed: false, ...(r.error ? { error: r.error } : {}) };
  return { scheduled: r.mostRecent, manyMissed: r.missed === "many" };
}

/** nextScheduleTimeDuration: how long until the next scheduled time (plus the skew delta). */
export function nextScheduleDelay(cj: CronJob, created: number, now: number, schedule: CronSchedule): number {
  const r = mostRecentScheduleTime(cj, created, now, schedule, false);
  let from: number;
  if (r.error) from = now;
  else if (r.mostRecent === undefined) from = r.missed === "none" ? r.earliest : now;
  else from = r.mostRecent;
  const next = schedule.next(from);
  if (Number.isNaN(next)) return 24 * 3_600_000;
  return Math.max(0, next + NEXT_SCHEDULE_DELTA_MS - now);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.RFC1123Z in UTC, as the MissSchedule event prints a time. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
