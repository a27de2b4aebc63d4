/**
 * A Deployment's status (pkg/controller/deployment/progress.go and sync.go): the sums
 * over its ReplicaSets, the Available condition, and the Progressing condition with the
 * progress deadline.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from "kubernetes-types/apps/v1";
import { mutableCopy } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { ReconcileResult } from "../engine/reconciler.js";
import {
  actualReplicas,
  availableReplicas,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  maxUnavailable,
  newCondition,
  readyReplicas,
  REASON,
  removeCondition,
  replicasOf,
  setCondition,
  specReplicas,
} from "./deployment-util.js";

/** calculateStatus: counts over the ReplicaSets, and the Available condition. */
export function calculateStatus(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = availableReplicas(all);
  const total = specReplicas(all);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicas(all),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    ...(d.status?.conditions ? { conditions: mutableCopy(d.status.conditions) } : {}),
  };
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition("Available", "True", REASON.minimumReplicasAvailable, "Deployment has minimum availability.", now));
  } else {
    setCondition(status, newCondition("Available", "False", REASON.minimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
  }
  return status;
}

/**
 * The status syncRolloutStatus writes: calculateStatus, then Progressing (complete,
 * progressing, or timed out past progressDeadlineSeconds), and the ReplicaSets' failure.
 */
export function rolloutStatus(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const status = calculateStatus(d, all, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
  const current = getCondition(d.status, "Progressing");
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata?.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata?.name}" has successfully progressed.`;
      setCondition(status, newCondition("Progressing", "True", REASON.newRSAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata?.name}" is progressing.`;
      const cond = newCondition("Progressing", "True", REASON.replicaSetUpdated, msg, now);
      // Progress moves lastUpdateTime even when the reason stays: that is what the deadline is measured from.
      if (current?.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== "Progressing"), cond];
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata?.name}" has timed out progressing.`;
      setCondition(status, newCondition("Progressing", "False", REASON.timedOut, msg, now));
    }
  }
  const failure = all.flatMap((rs) => rs.status?.conditions ?? []).find((c) => c.type === "ReplicaFailure" && c.status === "True");
  if (failure) setCondition(status, newCondition("ReplicaFailure", "True", failure.reason ?? "", failure.message ?? "", now));
  else removeCondition(status, "ReplicaFailure");
  return status;
}

/** requeueStuckDeployment: come back when the progress deadline would pass. */
export function requeueStuckDeployment(d: Deployment, status: DeploymentStatus, now: number): ReconcileResult | void {
  const cond = getCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, status) || cond.reason === REASON.timedOut) return;
  const from = parseTime(cond.lastUpdateTime ?? undefined);
  if (Number.isNaN(from)) return;
  const after = from + (d.spec!.progressDeadlineSeconds ?? 600) * 1000 - now;
  return { requeueAfter: after < 1000 ? 1000 : after + 1000 };
}

/** reflect.DeepEqual of two statuses, field by field. */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return JSON.stringify(normalizeStatus(a ?? {})) === JSON.stringify(normalizeStatus(b));
}

function normalizeStatus(s: DeploymentStatus): unknown {
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    collisionCount: s.collisionCount,
    conditions: (s.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message, c.lastUpdateTime, c.lastTransitionTime]),
  };
}
