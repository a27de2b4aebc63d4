/**
 * `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE, and with -o wide
 * CONTAINERS IMAGES SELECTOR, as the API server's printJob computes them.
 */
import type { Job, JobCondition } from "kubernetes-types/batch/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import { humanDuration, timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells, formatLabelSelector } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Completions", priority: 0 },
  { name: "Duration", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
  { name: "Selector", priority: 1 },
];

/** hasJobCondition: the first condition of the type decides. */
function hasCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === "True";
}

/** STATUS: Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that order of precedence. */
export function jobStatusCell(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasCondition(conditions, "Complete")) return "Complete";
  if (hasCondition(conditions, "Failed")) return "Failed";
  if (job.metadata?.deletionTimestamp) return "Terminating";
  if (hasCondition(conditions, "Suspended")) return "Suspended";
  if (hasCondition(conditions, "FailureTarget")) return "FailureTarget";
  return "Running";
}

/** COMPLETIONS: `succeeded/completions`, or for a work queue `succeeded/1` (`of <parallelism>` when above 1). */
export function jobCompletionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from start to completion, or to now while running; empty before the Job starts. */
export function jobDurationCell(job: Job, now: number): string {
  const start = parseTime(job.status?.startTime ?? undefined);
  if (Number.isNaN(start)) return "";
  const end = parseTime(job.status?.completionTime ?? undefined);
  return humanDuration((Number.isNaN(end) ? now : end) - start);
}

function jobRow(obj: KubeObject, ctx: PrintContext): string[] {
  const job = asKind<Job>(obj);
  const [names, images] = containerCells(job.spec?.template?.spec?.containers);
  return [
    job.metadata?.name ?? "",
    jobStatusCell(job),
    jobCompletionsCell(job),
    jobDurationCell(job, ctx.now),
    timestampSince(job.metadata?.creationTimestamp, ctx.now),
    names,
    images,
    formatLabelSelector(job.spec?.selector),
  ];
}

/** Jobs in `kubectl get` tables. */
export const jobPrinter: KindPrinter = { columns: COLUMNS, row: jobRow };
