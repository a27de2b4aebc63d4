/**
 * The two conditions of voluntary disruptions: a pod's `DisruptionTarget` (set by
 * whoever is about to delete it: the eviction handler, the scheduler's preemption, the
 * taint manager) and a budget's `DisruptionAllowed` (set by the disruption controller
 * and by the eviction handler when it spends the last allowance).
 */
import type { Pod, PodCondition } from "kubernetes-types/core/v1";
import type { Condition } from "kubernetes-types/meta/v1";
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "kubernetes-types/policy/v1";
import { rfc3339 } from "../engine/clock.js";

/** The pod condition type for a pod about to be deleted by a disruption. */
export const DISRUPTION_TARGET = "DisruptionTarget";
/** The reason the eviction subresource gives its DisruptionTarget condition. */
export const EVICTION_BY_EVICTION_API = "EvictionByEvictionAPI";
/** The budget condition the disruption controller keeps. */
export const DISRUPTION_ALLOWED = "DisruptionAllowed";
export const SUFFICIENT_PODS = "SufficientPods";
export const INSUFFICIENT_PODS = "InsufficientPods";
export const SYNC_FAILED = "SyncFailed";

/**
 * The pod's status with `condition` set as podutil.UpdatePodCondition does: the
 * transition time moves only when the status changes; nothing else is touched.
 * Returns undefined when the pod already has that exact condition.
 */
export function withPodCondition(pod: Pod, condition: { type: string; status: string; reason?: string; message?: string }, now: number): Pod["status"] | undefined {
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const old = conditions.find((c) => c.type === condition.type);
  const next: PodCondition = {
    type: condition.type,
    status: condition.status,
    lastProbeTime: null as unknown as string,
    lastTransitionTime: old && old.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now),
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
  };
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return undefined;
  const list = old ? conditions.map((c) => (c.type === condition.type ? next : c)) : [...conditions, next];
  return { ...status, conditions: list };
}

/** The pod's status with `DisruptionTarget=True` for `reason` (undefined when already so). */
export function withDisruptionTarget(pod: Pod, reason: string, message: string, now: number): Pod["status"] | undefined {
  return withPodCondition(pod, { type: DISRUPTION_TARGET, status: "True", reason, message }, now);
}

/**
 * apimeta.SetStatusCondition: replaces the condition of the same type, keeping its
 * transition time unless the status changed; appends it otherwise.
 */
export function setStatusCondition(conditions: readonly Condition[], next: Omit<Condition, "lastTransitionTime">, now: number): Condition[] {
  const old = conditions.find((c) => c.type === next.type);
  if (!old) return [...conditions, { ...next, lastTransitionTime: rfc3339(now) }];
  const updated: Condition = {
    ...next,
    lastTransitionTime: old.status === next.status ? old.lastTransitionTime : rfc3339(now),
  };
  return conditions.map((c) => (c.type === next.type ? updated : c));
}

/**
 * pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods while an allowance
 * is left, False/InsufficientPods otherwise, at the status's observed generation.
 */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: number): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setStatusCondition(
    status.conditions ?? [],
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? "True" : "False",
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: "",
      observedGeneration: status.observedGeneration ?? 0,
    },
    now,
  );
  return { ...status, conditions };
}

/** pdbhelper.ConditionsAreUpToDate: the DisruptionAllowed condition agrees with the allowance and the generation. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  const cond = (status?.conditions ?? []).find((c) => c.type === DISRUPTION_ALLOWED);
  if (!cond || !status) return false;
  if ((status.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if (status.disruptionsAllowed > 0) return cond.status === "True" && cond.reason === SUFFICIENT_PODS;
  return cond.status === "False" && cond.reason === INSUFFICIENT_PODS;
}
