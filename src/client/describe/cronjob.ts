/** `kubectl describe cronjob`, field for field as kubectl/pkg/describe writes it. */
import type { CronJob, JobTemplateSpec } from "kubernetes-types/batch/v1";
import type { Event } from "kubernetes-types/core/v1";
import { formatLabelSelector, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { describePodTemplate } from "./pod-template.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

function printBoolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return "<unset>";
  return value ? "True" : "False";
}

function describeJobTemplate(template: JobTemplateSpec | undefined, w: PrefixWriter): void {
  const spec = template?.spec;
  w.write(LEVEL_0, `Selector:\t${spec?.selector ? formatLabelSelector(spec.selector) : "<unset>"}\n`);
  w.write(LEVEL_0, `Parallelism:\t${spec?.parallelism ?? "<unset>"}\n`);
  w.write(LEVEL_0, `Completions:\t${spec?.completions ?? "<unset>"}\n`);
  if (spec?.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec?.template, w);
}

/**
 * `kubectl describe cronjob`: schedule, concurrency policy, suspend, history limits,
 * starting deadline, the Job template, the last schedule time, the active Jobs and
 * the CronJob's events.
 */
export function describeCronJob(cj: CronJob, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = cj.spec;
  w.write(LEVEL_0, `Name:\t${cj.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${cj.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", cj.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", cj.metadata?.annotations);
  w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ""}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ""}\n`);
  w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec?.suspend)}\n`);
  w.write(LEVEL_0, `Successful Job History Limit:\t${spec?.successfulJobsHistoryLimit ?? "<unset>"}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${spec?.failedJobsHistoryLimit ?? "<unset>"}\n`);
  const deadline = spec?.startingDeadlineSeconds;
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${deadline !== undefined && deadline !== null ? `${deadline}s` : "<unset>"}\n`);
  describeJobTemplate(spec?.jobTemplate, w);
  w.write(LEVEL_0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : "<unset>"}\n`);
  const active = cj.status?.active ?? [];
  w.write(LEVEL_0, "Active Jobs:\t");
  if (active.length === 0) w.writeLine("<none>");
  else w.writeLine(active.map((r) => r.name ?? "").join(", "));
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
