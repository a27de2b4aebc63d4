/**
 * RollingUpdate's two steps (pkg/controller/deployment/rolling.go): grow the new
 * ReplicaSet within max surge, then shrink the old ones within max unavailable,
 * unhealthy replicas first.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { DeploymentSync } from "./deployment-sync.js";
import { availableReplicas, byCreation, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas } from "./deployment-util.js";

/** reconcileNewReplicaSet: grow the new ReplicaSet as far as surge allows (or shrink it to size). */
export function reconcileNewReplicaSet(sync: DeploymentSync, all: ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = replicasOf(sync.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return sync.scaleReplicaSetAndRecordEvent(newRS, want);
  return sync.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(sync.d, all, newRS));
}

/** reconcileOldReplicaSets: shrink old ReplicaSets, unhealthy replicas first, keeping minimum availability. */
export function reconcileOldReplicaSets(sync: DeploymentSync, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const oldPods = specReplicas(oldRSs);
  if (oldPods === 0) return false;
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(sync, oldRSs, maxScaledDown);
  const olds = oldRSs.map((rs) => sync.latest(rs));
  const scaled = scaleDownOldReplicaSetsForRollingUpdate(sync, [...olds, sync.latest(newRS)], olds);
  return cleaned + scaled > 0;
}

function cleanupUnhealthyReplicas(sync: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    sync.scaleReplicaSetAndRecordEvent(rs, replicas - count);
    total += count;
  }
  return total;
}

function scaleDownOldReplicaSetsForRollingUpdate(sync: DeploymentSync, all: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const available = availableReplicas(all);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), toScaleDown - total);
    sync.scaleReplicaSetAndRecordEvent(rs, replicasOf(rs) - count);
    total += count;
  }
  return total;
}
