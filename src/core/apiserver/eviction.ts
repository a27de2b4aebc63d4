/**
 * The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go): a delete
 * that honours PodDisruptionBudgets. A pod that is finished, still Pending or already
 * terminating goes at once; otherwise the one budget covering it must allow a
 * disruption, which this handler spends (decrementing `status.disruptionsAllowed` and
 * recording the pod in `status.disruptedPods`) before marking the pod
 * `DisruptionTarget` and deleting it gracefully.
 *
 * The caller runs this inside one store transaction, so the budget check, the spend
 * and the delete commit together; the budget is also written with its
 * resourceVersion as a precondition, so two evictions never spend one allowance.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { ApiError, isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339, type Clock } from "../engine/clock.js";
import {
  DISRUPTION_TARGET,
  EVICTION_BY_EVICTION_API,
  MAX_DISRUPTED_POD_SIZE,
  PDB_RESOURCE,
  pdbsForPod,
  withDisruptionAllowedCondition,
  withPodCondition,
} from "../disruption/index.js";
import type { Api, DeleteOptions, EvictOptions } from "./types.js";

/** How many times a conflicting budget write is retried with a fresh read (EvictionsRetry's steps). */
const EVICTIONS_RETRY_STEPS = 20;

const VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Evicts one pod; throws the API's error when the eviction is refused. */
export function evictPod(api: Api, clock: Clock, namespace: string, name: string, opts: EvictOptions = {}): void {
  const pod = asKind<Pod>(api.get("pods", namespace, name));
  const deleteOptions: DeleteOptions = {
    ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.preconditionResourceVersion !== undefined ? { preconditionResourceVersion: opts.preconditionResourceVersion } : {}),
  };

  // A finished, pending or terminating pod has already left (or never joined) what a
  // budget protects: it is deleted without looking at budgets.
  if (canIgnorePDB(pod)) {
    const options =
      shouldEnforceResourceVersion(pod) && opts.preconditionResourceVersion === undefined
        ? { ...deleteOptions, preconditionResourceVersion: pod.metadata?.resourceVersion ?? "" }
        : deleteOptions;
    addConditionAndDeletePod(api, clock, namespace, name, options);
    return;
  }

  const pdbs = pdbsForPod(api, pod);
  if (pdbs.length > 1) {
    throw new ApiError("InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  }
  let updateDeletionOptions = false;
  const pdb = pdbs[0];
  if (pdb) {
    const ready = isReady(pod);
    const status = pdb.status;
    if (!ready && pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") {
      // An unhealthy pod does not count towards the budget: it may go without spending an allowance.
      updateDeletionOptions = true;
    } else if (!ready && status && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) {
      // IfHealthyBudget (the default): the application is not disrupted now, so its unready pod may go.
      updateDeletionOptions = true;
    } else {
      checkAndDecrementWithRetry(api, clock, pod, pdb, opts.dryRun === true);
    }
  }

  // The pod must not have become ready since the decision that let it go unpaid.
  const options =
    updateDeletionOptions && opts.preconditionResourceVersion === undefined
      ? { ...deleteOptions, preconditionResourceVersion: pod.metadata?.resourceVersion ?? "" }
      : deleteOptions;
  try {
    addConditionAndDeletePod(api, clock, namespace, name, options);
  } catch (e) {
    if (isApiError(e, "Conflict") && updateDeletionOptions && opts.preconditionResourceVersion === undefined) {
      throw tooManyRequestsStillProcessing(pdb!.metadata?.name ?? "");
    }
    throw e;
  }
}

/** Finished, still Pending, or already being deleted (canIgnorePDB). */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata?.deletionTimestamp;
}

/** Every pod but finished or terminating ones: they could race into readiness. */
function shouldEnforceResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !(phase === "Succeeded" || phase === "Failed" || pod.metadata?.deletionTimestamp);
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** RetryOnConflict around checkAndDecrement, re-reading the budget after a conflict. */
function checkAndDecrementWithRetry(api: Api, clock: Clock, pod: Pod, first: PodDisruptionBudget, dryRun: boolean): void {
  let pdb = first;
  for (let attempt = 0; ; attempt++) {
    try {
      checkAndDecrement(api, clock, pod.metadata?.name ?? "", pdb, dryRun);
      return;
    } catch (e) {
      if (!isApiError(e, "Conflict")) throw e;
      if (attempt + 1 >= EVICTIONS_RETRY_STEPS) {
        throw new ApiError("InternalError", `couldn't update PodDisruptionBudget "${pdb.metadata?.name ?? ""}" due to conflicts`);
      }
      pdb = asKind<PodDisruptionBudget>(api.get(PDB_RESOURCE, pdb.metadata?.namespace ?? "", pdb.metadata?.name ?? ""));
    }
  }
}

/**
 * Spends one of the budget's allowed disruptions on `podName`, or refuses: 429 while
 * the controller has not caught up with the budget's spec or no disruption is
 * allowed, 403 for a negative allowance or an overfull disruptedPods map.
 */
function checkAndDecrement(api: Api, clock: Clock, podName: string, pdb: PodDisruptionBudget, dryRun: boolean): void {
  const name = pdb.metadata?.name ?? "";
  const status = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) throw tooManyRequestsStillProcessing(name);
  if (status.disruptionsAllowed < 0) throw forbiddenBudget(name, "pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbiddenBudget(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  }
  if (status.disruptionsAllowed === 0) {
    throw new ApiError("TooManyRequests", VIOLATES_BUDGET, [
      { type: "DisruptionBudget", field: "", detail: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` },
    ]);
  }
  let next = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, clock.now());
  if (dryRun) return;
  // The controller learns from this map that the pod is about to go, and stops counting it as healthy.
  next = { ...next, disruptedPods: { ...(status.disruptedPods ?? {}), [podName]: rfc3339(clock.now()) } };
  api.updateStatus({ ...(pdb as unknown as KubeObject), status: next });
}

/** addConditionAndDeletePod: marks the pod DisruptionTarget (unless a dry run), then deletes it. */
function addConditionAndDeletePod(api: Api, clock: Clock, namespace: string, name: string, options: DeleteOptions): void {
  let opts = options;
  if (!opts.dryRun) {
    const latest = asKind<Pod>(api.get("pods", namespace, name));
    if (opts.preconditionResourceVersion && opts.preconditionResourceVersion !== latest.metadata?.resourceVersion) {
      throw new ApiError(
        "Conflict",
        `Operation cannot be fulfilled on Pod "${name}": the ResourceVersion in the precondition (${opts.preconditionResourceVersion}) does not match the ResourceVersion in record (${latest.metadata?.resourceVersion ?? ""}). The object might have been modified`,
      );
    }
    const status = withPodCondition(latest, { type: DISRUPTION_TARGET, status: "True", reason: EVICTION_BY_EVICTION_API, message: "Eviction API: evicting" }, clock.now());
    if (status) {
      const updated = api.updateStatus({ ...(latest as unknown as KubeObject), status });
      // This handler made the pod's latest change: the precondition moves with it.
      if (opts.preconditionResourceVersion) opts = { ...opts, preconditionResourceVersion: updated.metadata.resourceVersion ?? "" };
    }
  }
  api.delete("pods", namespace, name, opts);
}

/** createTooManyRequestsError: the budget's status is not yet current; try again shortly. */
function tooManyRequestsStillProcessing(pdbName: string): ApiError {
  return new ApiError("TooManyRequests", VIOLATES_BUDGET, [
    { type: "DisruptionBudget", field: "", detail: `The disruption budget ${pdbName} is still being processed by the server.` },
  ]);
}

function forbiddenBudget(name: string, reason: string): ApiError {
  return new ApiError("Forbidden", `poddisruptionbudget.policy "${name}" is forbidden: ${reason}`);
}
