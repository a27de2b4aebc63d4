/**
 * What the Job controller reads from and writes into pods: phases and readiness, when a
 * pod finished, the ranking of pods to remove, and a Job's pod built from its template
 * (pkg/controller/job and controller_utils, as far as a simulated cluster needs them).
 */
import type { Job } from "kubernetes-types/batch/v1";
import type { Container, Pod } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from "./job-names.js";

/** Kubernetes' generated names keep the last 5 of 63 characters for the random suffix. */
const MAX_GENERATE_NAME_BASE = 58;

export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** Neither finished nor being deleted: counted in `status.active`. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

/** Being deleted but not finished: counted in `status.terminating`. */
export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp && !isTerminal(pod);
}

export function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/**
 * A failure as the Job controller counts it: the Failed phase, or (unless only failed
 * pods are replaced) a pod deleted before it succeeded.
 */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === "Failed") return true;
  if (job.spec?.podReplacementPolicy === "Failed") return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== "Succeeded";
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/**
 * When a pod finished (getFinishedTime): its containers' last finish, else when it
 * stopped being ready, else its deletion time less the grace period, else its creation.
 */
export function finishedTime(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  let latest = NaN;
  let allFinished = statuses.length > 0;
  for (const s of statuses) {
    const t = parseTime(s.state?.terminated?.finishedAt);
    if (Number.isNaN(t)) {
      allFinished = false;
      break;
    }
    if (Number.isNaN(latest) || t > latest) latest = t;
  }
  if (allFinished && !Number.isNaN(latest)) return latest;
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === "Ready");
  const readyAt = parseTime(ready?.lastTransitionTime);
  if (ready?.status === "False" && !Number.isNaN(readyAt)) return readyAt;
  const deletedAt = parseTime(pod.metadata?.deletionTimestamp);
  if (!Number.isNaN(deletedAt)) return deletedAt - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata?.creationTimestamp) || 0;
}

/** An Indexed Job pod's index from its annotation; -1 when it has none that parses. */
export function completionIndex(pod: Pod): number {
  const text = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text)) return -1;
  return Number(text);
}

function restarts(pod: Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods' order, the pods to remove first: unscheduled before scheduled,
 * pending before running, not ready before ready, ready for less time, more restarts,
 * newer.
 */
export function removalOrder(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Pod) => PHASE_RANK[p.status?.phase ?? "Pending"] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (isReady(a) !== isReady(b)) return isReady(a) ? 1 : -1;
  if (isReady(a) && isReady(b)) {
    const readySince = (p: Pod) => parseTime((p.status?.conditions ?? []).find((c) => c.type === "Ready")?.lastTransitionTime) || 0;
    if (readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Pod) => parseTime(p.metadata?.creationTimestamp) || 0;
  if (created(a) !== created(b)) return created(b) - created(a);
  return (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? "");
}

/**
 * The pod a Job creates (GetPodFromTemplate): the template's labels, annotations and
 * spec, the tracking finalizer, the Job as controlling owner, and `<job>-` as the name
 * prefix. An Indexed Job's pod also gets its index as annotation, label, hostname
 * (`<job>-<index>`) and `JOB_COMPLETION_INDEX` in every container's environment.
 */
export function podFromTemplate(job: Job, index: number | undefined): KubeObject {
  const template = job.spec!.template;
  const name = job.metadata!.name!;
  const labels = { ...(template.metadata?.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  const spec = structuredClone(template.spec ?? { containers: [] });
  let generateName = `${name}-`;
  if (index !== undefined) {
    annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    labels[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    spec.hostname = `${name}-${index}`;
    generateName = `${name}-${index}-`;
    spec.containers = spec.containers.map(withCompletionIndexEnv);
    if (spec.initContainers) spec.initContainers = spec.initContainers.map(withCompletionIndexEnv);
  }
  const metadata: KubeObject["metadata"] = {
    generateName: generateName.slice(0, MAX_GENERATE_NAME_BASE),
    namespace: job.metadata!.namespace,
    finalizers: [...(template.metadata?.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER],
    ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name, uid: job.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
  };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}

function withCompletionIndexEnv(c: Container): Container {
  if ((c.env ?? []).some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return c;
  const env = [
    ...(c.env ?? []),
    { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } },
  ];
  return { ...c, env };
}

/** Restarts of a Job's running or pending pods, for restartPolicy OnFailure's backoff limit. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let total = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase === "Running" || phase === "Pending") total += restarts(p);
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? total > 0 : total >= limit;
}

export function asPods(objects: readonly KubeObject[]): Pod[] {
  return objects.map((o) => asKind<Pod>(o));
}
