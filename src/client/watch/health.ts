import type { Pod } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../core/api/object.js";
import { summarizePod } from "../../core/printers/index.js";

/** How an object is doing, in the words of Argo CD and kstatus. */
export type HealthState = "ready" | "progressing" | "degraded" | "unknown";

export interface Health {
  readonly state: HealthState;
  /** A condition's or a container's reason (`CrashLoopBackOff`, `Unschedulable`), or a short phrase. */
  readonly reason?: string;
  readonly message?: string;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Container waiting reasons that will not clear by themselves. */
const STUCK_REASONS = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "Error",
  "OOMKilled",
]);

/**
 * An object's health from its status, following kstatus' rules: a controller that has
 * not observed the latest generation is progressing; kinds with replicas are ready when
 * all are updated and available; pods are ready when Ready, degraded when stuck
 * (CrashLoopBackOff, image pull errors, unschedulable, failed); anything else reads its
 * conditions (`Ready`/`Available`, `Stalled`, `Reconciling`), and an object without a
 * status (ConfigMap, Secret) is ready as soon as it exists.
 */
export function healthOf(obj: KubeObject | undefined): Health {
  if (!obj) return { state: "unknown", reason: "NotFound" };
  if (obj.metadata.deletionTimestamp) return { state: "progressing", reason: "Terminating" };
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const generation = obj.metadata.generation;
  const observed = status.observedGeneration;
  if (typeof observed === "number" && typeof generation === "number" && observed < generation) {
    return { state: "progressing", reason: "ObservedGeneration", message: `waiting for the controller to observe generation ${generation}` };
  }
  switch (obj.kind) {
    case "Pod":
      return podHealth(obj as unknown as Pod);
    case "Namespace":
      return status.phase === "Terminating" ? { state: "progressing", reason: "Terminating" } : { state: "ready" };
    case "PersistentVolumeClaim":
      return status.phase === "Bound" ? { state: "ready" } : status.phase === "Lost" ? { state: "degraded", reason: "Lost" } : { state: "progressing", reason: String(status.phase ?? "Pending") };
    case "Job":
      return jobHealth(conditionsOf(status));
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet":
    case "DaemonSet":
    case "ReplicationController":
      return replicasHealth(obj, status);
    default:
      return conditionsHealth(conditionsOf(status));
  }
}

function conditionsOf(status: Record<string, unknown>): Condition[] {
  return Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
}

function fromCondition(state: HealthState, c: Condition, fallback: string): Health {
  return { state, reason: c.reason || fallback, ...(c.message ? { message: c.message } : {}) };
}

function podHealth(pod: Pod): Health {
  const status = pod.status ?? {};
  const conditions = (status.conditions ?? []) as Condition[];
  if (status.phase === "Succeeded") return { state: "ready", reason: "Completed" };
  if (status.phase === "Failed") return { state: "degraded", reason: status.reason || "Failed", ...(status.message ? { message: status.message } : {}) };
  for (const cs of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
    const waiting = cs.state?.waiting;
    if (waiting?.reason && STUCK_REASONS.has(waiting.reason)) {
      return { state: "degraded", reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) };
    }
  }
  const scheduled = conditions.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") return fromCondition("degraded", scheduled, "Unschedulable");
  const ready = conditions.find((c) => c.type === "Ready");
  if (ready?.status === "True") return { state: "ready" };
  const summary = summarizePod(pod);
  return { state: "progressing", reason: summary.reason || "Pending" };
}

function jobHealth(conditions: Condition[]): Health {
  const failed = conditions.find((c) => c.type === "Failed" && c.status === "True");
  if (failed) return fromCondition("degraded", failed, "Failed");
  const complete = conditions.find((c) => c.type === "Complete" && c.status === "True");
  if (complete) return { state: "ready", reason: "Complete" };
  return { state: "progressing", reason: "Running" };
}

/** Deployments and the other kinds with replicas, as kstatus reads them. */
function replicasHealth(obj: KubeObject, status: Record<string, unknown>): Health {
  const conditions = conditionsOf(status);
  const stalled = conditions.find((c) => c.type === "Progressing" && c.status === "False");
  if (stalled) return fromCondition("degraded", stalled, "ProgressDeadlineExceeded");
  const failure = conditions.find((c) => c.type === "ReplicaFailure" && c.status === "True");
  if (failure) return fromCondition("degraded", failure, "ReplicaFailure");
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  if (obj.kind === "DaemonSet") {
    const desired = num(status.desiredNumberScheduled);
    const updated = num(status.updatedNumberScheduled);
    const available = num(status.numberAvailable);
    if (updated < desired) return { state: "progressing", reason: "RollingUpdate", message: `${updated} of ${desired} updated` };
    if (available < desired) return { state: "progressing", reason: "Available", message: `${available} of ${desired} available` };
    return { state: "ready" };
  }
  const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
  const replicas = num(status.replicas);
  const updated = obj.kind === "Deployment" || obj.kind === "StatefulSet" ? num(status.updatedReplicas) : replicas;
  const ready = num(status.readyReplicas);
  const available = obj.kind === "Deployment" || obj.kind === "ReplicaSet" ? num(status.availableReplicas) : ready;
  if (updated < desired) return { state: "progressing", reason: "RollingUpdate", message: `${updated} of ${desired} updated` };
  if (replicas > desired) return { state: "progressing", reason: "ScalingDown", message: `${replicas - desired} old replicas pending termination` };
  if (ready < desired) return { state: "progressing", reason: "Ready", message: `${ready} of ${desired} ready` };
  if (available < desired) return { state: "progressing", reason: "Available", message: `${available} of ${desired} available` };
  return { state: "ready" };
}

/** kstatus' generic rules: abnormal-true conditions first, then Ready or Available. */
function conditionsHealth(conditions: Condition[]): Health {
  const stalled = conditions.find((c) => c.type === "Stalled" && c.status === "True");
  if (stalled) return fromCondition("degraded", stalled, "Stalled");
  const reconciling = conditions.find((c) => c.type === "Reconciling" && c.status === "True");
  if (reconciling) return fromCondition("progressing", reconciling, "Reconciling");
  const ready = conditions.find((c) => (c.type === "Ready" || c.type === "Available") && c.status !== undefined);
  if (ready && ready.status !== "True") return fromCondition("progressing", ready, `Not${ready.type}`);
  return { state: "ready" };
}
