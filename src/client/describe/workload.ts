/**
 * The describers of the workload kinds (kubectl's DeploymentDescriber,
 * ReplicaSetDescriber, ReplicationControllerDescriber, DaemonSetDescriber,
 * StatefulSetDescriber): their spec and status lines, the pod template, conditions,
 * and their events.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { Event, PersistentVolumeClaim, Pod, ReplicationController } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { canonicalQuantity } from "./quantity.js";
import { formatLabelSelector, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { describePodTemplate } from "./pod-template.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";

/** Pods Status: the phases of the pods a controller owns (getPodStatusForController). */
export interface PodPhaseCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** Counts the phases of the pods controlled by `uid`. */
export function podPhaseCounts(pods: readonly Pod[], uid: string | undefined): PodPhaseCounts {
  const c: PodPhaseCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const ref = (p.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    switch (p.status?.phase) {
      case "Running":
        c.running++;
        break;
      case "Pending":
        c.waiting++;
        break;
      case "Succeeded":
        c.succeeded++;
        break;
      case "Failed":
        c.failed++;
        break;
    }
  }
  return c;
}

function podsStatus(c: PodPhaseCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

/** `Kind/name` of the object's controller, or "". */
function controlledBy(meta: { ownerReferences?: { controller?: boolean; kind: string; name: string }[] } | undefined): string {
  const ref = (meta?.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** `labels.FormatLabels`: `a=b,c=d`, `<none>` when empty. */
function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${labels![k]}`).join(",");
}

function selectorText(selector: LabelSelector | undefined): string {
  const s = formatLabelSelector(selector);
  // LabelSelectorAsSelector(...).String() prints nothing for an empty selector.
  return s === "<none>" ? "" : s;
}

function writeConditions(w: PrefixWriter, conditions: readonly { type: string; status: string; reason?: string }[] | undefined): void {
  if ((conditions ?? []).length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions!) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
}

function replicaSetsLine(rss: readonly ReplicaSet[]): string {
  if (rss.length === 0) return "<none>";
  return rss.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(", ");
}

/**
 * `kubectl describe deployment`: replicas, strategy, the pod template, conditions, the
 * old and new ReplicaSets (`nginx-7d5f (3/3 replicas created)`) and events.
 */
export function describeDeployment(d: Deployment, oldRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const s = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
  printLabelsMultiline(w, "Labels", d.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", d.metadata?.annotations);
  w.write(LEVEL_0, `Selector:\t${selectorText(d.spec?.selector)}\n`);
  w.write(
    LEVEL_0,
    `Replicas:\t${d.spec?.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(LEVEL_0, `StrategyType:\t${d.spec?.strategy?.type ?? ""}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? "")} max unavailable, ${String(ru.maxSurge ?? "")} max surge\n`);
  describePodTemplate(d.spec?.template, w);
  writeConditions(w, s.conditions);
  if (oldRSs.length > 0 || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsLine(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsLine(newRS ? [newRS] : [])}\n`);
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe replicaset`. */
export function describeReplicaSet(rs: ReplicaSet, pods: PodPhaseCounts, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, "Labels", rs.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", rs.metadata?.annotations);
  const by = controlledBy(rs.metadata);
  if (by) w.write(LEVEL_0, `Controlled By:\t${by}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(rs.spec?.template, w);
  writeConditions(w, rs.status?.conditions);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe replicationcontroller`. */
export function describeReplicationController(rc: ReplicationController, pods: PodPhaseCounts, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rc.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${rc.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
  printLabelsMultiline(w, "Labels", rc.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", rc.metadata?.annotations);
  w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(rc.spec?.template, w);
  writeConditions(w, rc.status?.conditions);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe daemonset`. */
export function describeDaemonSet(ds: DaemonSet, pods: PodPhaseCounts, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const s = ds.status;
  w.write(LEVEL_0, `Name:\t${ds.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorText(ds.spec?.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  printLabelsMultiline(w, "Labels", ds.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", ds.metadata?.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(ds.spec?.template, w);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe statefulset`, with its volume claim templates. */
export function describeStatefulSet(sts: StatefulSet, pods: PodPhaseCounts, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sts.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${sts.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selectorText(sts.spec?.selector)}\n`);
  printLabelsMultiline(w, "Labels", sts.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", sts.metadata?.annotations);
  w.write(LEVEL_0, `Replicas:\t${sts.spec?.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  w.write(LEVEL_0, `Update Strategy:\t${sts.spec?.updateStrategy?.type ?? ""}\n`);
  const ru = sts.spec?.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined && ru.partition !== null) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(sts.spec?.template, w);
  describeVolumeClaimTemplates(sts.spec?.volumeClaimTemplates, w);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

function describeVolumeClaimTemplates(templates: readonly PersistentVolumeClaim[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "Volume Claims:\n");
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ""}\n`);
    const sc = pvc.spec?.storageClassName ?? pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
    w.write(LEVEL_1, `StorageClass:\t${sc}\n`);
    printLabelsMultiline(w, "Labels", pvc.metadata?.labels, "  ");
    printLabelsMultiline(w, "Annotations", pvc.metadata?.annotations, "  ");
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? canonicalQuantity(storage) : "<default>"}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(" ")}]\n`);
  }
}
