/** `kubectl describe job`, field for field as kubectl/pkg/describe writes it. */
import type { Job } from "kubernetes-types/batch/v1";
import type { Event } from "kubernetes-types/core/v1";
import { humanDuration } from "../../core/printers/duration.js";
import { parseTime } from "../../core/engine/clock.js";
import { formatLabelSelector, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { describePodTemplate } from "./pod-template.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

/** `Kind/name` of an object's controller, or "". */
export function controlledBy(meta: { ownerReferences?: readonly { controller?: boolean; kind: string; name: string }[] } | undefined): string {
  const ref = (meta?.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** capIndexesListOrNone: the completed indexes, cut after the interval that passes 50 characters. */
function capIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return "<none>";
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ",") ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

/**
 * `kubectl describe job`: selector, labels, controller, parallelism and completions,
 * mode, suspend, limits, start and completion times, the pods' statuses, the pod
 * template, and the Job's events.
 */
export function describeJob(job: Job, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = job.spec;
  const status = job.status ?? {};
  w.write(LEVEL_0, `Name:\t${job.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${job.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `Selector:\t${spec?.selector ? formatLabelSelector(spec.selector) : ""}\n`);
  printLabelsMultiline(w, "Labels", job.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", job.metadata?.annotations);
  const controller = controlledBy(job.metadata);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  if (spec?.parallelism !== undefined && spec.parallelism !== null) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(LEVEL_0, `Completions:\t${spec?.completions ?? "<unset>"}\n`);
  if (spec?.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend !== undefined && spec.suspend !== null) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit !== undefined && spec.backoffLimit !== null) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished !== undefined && spec.ttlSecondsAfterFinished !== null) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) {
    w.write(LEVEL_0, `Duration:\t${humanDuration(parseTime(status.completionTime) - parseTime(status.startTime))}\n`);
  }
  if (spec?.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
  if (status.ready === undefined || status.ready === null) w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active / ${counts}\n`);
  else w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${counts}\n`);
  if (spec?.completionMode === "Indexed") w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(status.completedIndexes)}\n`);
  describePodTemplate(spec?.template, w);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
