/**
 * `rollout status`'s viewers (kubectl's polymorphichelpers/rollout_status.go): one
 * progress line per state of a Deployment, DaemonSet or StatefulSet, whether the
 * rollout is done, or why it failed.
 */
import type { DaemonSet, Deployment, StatefulSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";

/** One look at a rollout. */
export interface RolloutState {
  /** The line kubectl prints (with its newline). */
  message: string;
  done: boolean;
  /** Set when the rollout failed (the command exits 1 with it). */
  error?: string;
}

/** The viewer for a kind, or undefined when kubectl has none (`no status viewer has been implemented`). */
export function statusViewerFor(kind: string): ((obj: KubeObject, revision: number) => RolloutState) | undefined {
  switch (kind) {
    case "Deployment":
      return (o, r) => deploymentStatus(asKind<Deployment>(o), r);
    case "DaemonSet":
      return (o) => daemonSetStatus(asKind<DaemonSet>(o));
    case "StatefulSet":
      return (o) => statefulSetStatus(asKind<StatefulSet>(o));
    default:
      return undefined;
  }
}

export function deploymentStatus(d: Deployment, revision: number): RolloutState {
  const name = d.metadata?.name ?? "";
  if (revision > 0) {
    const current = Number(d.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? NaN);
    if (Number.isNaN(current)) return { message: "", done: false, error: `cannot get the revision of deployment "${name}"` };
    if (current !== revision) return { message: "", done: false, error: `desired revision (${revision}) is different from the running revision (${current})` };
  }
  const status = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = (status.conditions ?? []).find((c) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") {
      return { message: "", done: false, error: `deployment "${name}" exceeded its progress deadline` };
    }
    const want = d.spec?.replicas ?? 1;
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (updated < want) return waiting(`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`);
    if (replicas > updated) return waiting(`Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...\n`);
    if (available < updated) return waiting(`Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`);
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return waiting("Waiting for deployment spec update to be observed...\n");
}

export function daemonSetStatus(ds: DaemonSet): RolloutState {
  const name = ds.metadata?.name ?? "";
  if (ds.spec?.updateStrategy?.type !== "RollingUpdate") {
    return { message: "", done: true, error: "rollout status is only available for RollingUpdate strategy type" };
  }
  const s = ds.status;
  if ((ds.metadata?.generation ?? 0) <= (s?.observedGeneration ?? 0)) {
    const desired = s?.desiredNumberScheduled ?? 0;
    if ((s?.updatedNumberScheduled ?? 0) < desired) {
      return waiting(`Waiting for daemon set "${name}" rollout to finish: ${s?.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`);
    }
    if ((s?.numberAvailable ?? 0) < desired) {
      return waiting(`Waiting for daemon set "${name}" rollout to finish: ${s?.numberAvailable ?? 0} of ${desired} updated pods are available...\n`);
    }
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return waiting("Waiting for daemon set spec update to be observed...\n");
}

export function statefulSetStatus(sts: StatefulSet): RolloutState {
  if (sts.spec?.updateStrategy?.type !== "RollingUpdate") {
    return { message: "", done: true, error: "rollout status is only available for RollingUpdate strategy type" };
  }
  const s = sts.status;
  if (!s?.observedGeneration || (sts.metadata?.generation ?? 0) > s.observedGeneration) return waiting("Waiting for statefulset spec update to be observed...\n");
  const want = sts.spec.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < want) return waiting(`Waiting for ${want - (s.readyReplicas ?? 0)} pods to be ready...\n`);
  const partition = sts.spec.updateStrategy.rollingUpdate?.partition;
  if (sts.spec.updateStrategy.rollingUpdate) {
    if (partition !== undefined && partition !== null && (s.updatedReplicas ?? 0) < want - partition) {
      return waiting(`Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...\n`);
    }
    return { message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) {
    return waiting(`waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...\n`);
  }
  return { message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...\n`, done: true };
}

function waiting(message: string): RolloutState {
  return { message, done: false };
}
