/**
 * Helpers of the Deployment controller (pkg/controller/deployment/util): revisions and
 * the annotations that carry them, max surge and unavailability, conditions, and the
 * sums over ReplicaSets that make up a Deployment's status.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { semanticEqual } from "../admission/semantic-equal.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import { POD_TEMPLATE_HASH_LABEL, scaledValue } from "./controller-utils.js";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO_ANNOTATION = "deprecated.deployment.rollback.to";

/** Annotations a Deployment does not copy to its ReplicaSets (and `rollout undo` does not copy back). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

/** The revision history annotation is kept under this many characters. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

export const REASON = {
  newRSAvailable: "NewReplicaSetAvailable",
  replicaSetUpdated: "ReplicaSetUpdated",
  timedOut: "ProgressDeadlineExceeded",
  newReplicaSet: "NewReplicaSetCreated",
  foundNewRS: "FoundNewReplicaSet",
  failedRSCreate: "ReplicaSetCreateError",
  minimumReplicasAvailable: "MinimumReplicasAvailable",
  minimumReplicasUnavailable: "MinimumReplicasUnavailable",
  paused: "DeploymentPaused",
  resumed: "DeploymentResumed",
} as const;

/** A ReplicaSet's `deployment.kubernetes.io/revision`, 0 when absent or unreadable. */
export function revisionOf(rs: ReplicaSet | Deployment): number {
  const v = rs.metadata?.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs));
  return max;
}

export function replicasOf(x: ReplicaSet | Deployment | undefined): number {
  return x?.spec?.replicas ?? 0;
}

/** Templates equal once the pod-template-hash label is left out of both (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): PodTemplateSpec => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    return { ...t, metadata: { ...t?.metadata, labels } };
  };
  return semanticEqual(strip(a), strip(b));
}

/** Oldest first, then by name (controller.ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = parseTime(a.metadata?.creationTimestamp ?? undefined);
  const tb = parseTime(b.metadata?.creationTimestamp ?? undefined);
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? "";
  const nb = b.metadata?.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; among equals newer first (ReplicaSetsBySizeNewer), for scaling up. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return byCreation(b, a);
  return replicasOf(b) - replicasOf(a);
}

/** Larger first; among equals older first (ReplicaSetsBySizeOlder), for scaling down. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (replicasOf(a) === replicasOf(b)) return byCreation(a, b);
  return replicasOf(b) - replicasOf(a);
}

/** Oldest revision first (ReplicaSetsByRevision), ties by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  return ra === rb ? byCreation(a, b) : ra - rb;
}

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec?.strategy?.type === "RollingUpdate";
}

/** ResolveFenceposts: max surge rounded up, max unavailable rounded down; never both 0. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const desired = replicasOf(d);
  const ru = d.spec?.strategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge ?? "25%", desired, true);
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? "25%", desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicasOf(d));
}

/** Sum of spec.replicas. */
export function specReplicas(rss: readonly (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** Sum of status.replicas. */
export function actualReplicas(rss: readonly (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
}

export function readyReplicas(rss: readonly (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
}

export function availableReplicas(rss: readonly (ReplicaSet | undefined)[]): number {
  return rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
}

/** ReplicaSets with replicas wanted (FilterActiveReplicaSets). */
export function activeReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  const v = rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** Sets desired-replicas and max-replicas; true when they changed. */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  const d = String(desired);
  const m = String(max);
  if (annotations[DESIRED_REPLICAS_ANNOTATION] === d && annotations[MAX_REPLICAS_ANNOTATION] === m) return false;
  annotations[DESIRED_REPLICAS_ANNOTATION] = d;
  annotations[MAX_REPLICAS_ANNOTATION] = m;
  return true;
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations (but the skipped
 * ones), raises the revision to `newRevision` (remembering the old one in the history
 * when a ReplicaSet is rolled back to), and on create the replica annotations.
 */
export function setNewReplicaSetAnnotations(d: Deployment, annotations: Record<string, string>, newRevision: number, exists: boolean): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldInt = oldRevision === undefined || oldRevision === "" ? 0 : Number(oldRevision);
  if (!Number.isInteger(oldInt)) return changed;
  if (oldInt < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? "";
      let old = history === "" ? [] : history.split(",");
      let total = history.length + oldRevision.length + 1;
      while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && old.length > 0) {
        total -= old[0]!.length + 1;
        old = old.slice(1);
      }
      annotations[REVISION_HISTORY_ANNOTATION] = [...old, oldRevision].join(",");
    }
  }
  if (!exists && setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== 2147483647;
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

export function newCondition(type: string, status: "True" | "False" | "Unknown", reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * SetDeploymentCondition: nothing changes when status and reason are the same; the
 * transition time is kept when only the reason changed; the condition moves to the end.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** Every replica updated, available, and the latest spec observed (DeploymentComplete). */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const want = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === want &&
    (status.replicas ?? 0) === want &&
    (status.availableReplicas ?? 0) === want &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** Any sign of progress between the stored status and the new one (DeploymentProgressing). */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** The Progressing condition was last updated more than progressDeadlineSeconds ago (DeploymentTimedOut). */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(status, "Progressing");
  if (!cond) return false;
  if (cond.reason === REASON.newRSAvailable) return false;
  if (cond.reason === REASON.timedOut) return true;
  const from = parseTime(cond.lastUpdateTime ?? undefined);
  return from + (d.spec!.progressDeadlineSeconds ?? 600) * 1000 < now;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: Deployment, all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (d.spec?.strategy?.type === "Recreate") return replicasOf(d);
  const surge = resolveFenceposts(d).maxSurge;
  const current = specReplicas(all);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + scaleUp;
}

/** A ReplicaSet at the Deployment's size with every replica available (IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  return replicasOf(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** math.Round: halves away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** GetReplicaSetProportion: this ReplicaSet's share of replicas to add (or remove) when the Deployment is scaled. */
export function replicaSetProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}
