/**
 * PodDisruptionBudget arithmetic shared by the eviction subresource, the disruption
 * controller, the drain service, preemption and the autoscalers: which budgets cover a
 * pod, how many healthy pods a budget wants, and whether it allows one more disruption
 * (k8s.io/component-helpers/apps/poddisruptionbudget and pkg/controller/disruption).
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "kubernetes-types/policy/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { kindForResource } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import { parseTime } from "../engine/clock.js";
import { fromLabelSelector, matches, type Selector } from "../labels/selector.js";

/** The store resource of PodDisruptionBudgets. */
export const PDB_RESOURCE = "poddisruptionbudgets.policy";

/**
 * How long an eviction's entry in `status.disruptedPods` stands before the controller
 * stops expecting the pod to go (the disruption controller's DeletionTimeout).
 */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** The eviction handler refuses once this many evictions wait for the controller (MaxDisruptedPodSize). */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/** `spec.unhealthyPodEvictionPolicy` values. */
export const UNHEALTHY_POD_EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"] as const;

/**
 * A budget's selector compiled as policy/v1 reads it (metav1.LabelSelectorAsSelector):
 * a missing selector selects nothing, an empty one every pod of the namespace, an
 * invalid one nothing.
 */
export function pdbSelector(pdb: PodDisruptionBudget): Selector | undefined {
  const sel: LabelSelector | undefined = pdb.spec?.selector ?? undefined;
  if (!sel) return undefined;
  try {
    return fromLabelSelector(sel);
  } catch {
    return undefined;
  }
}

/** True when the budget covers the pod: same namespace, selector matches its labels. */
export function pdbCoversPod(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if ((pdb.metadata?.namespace ?? "") !== (pod.metadata?.namespace ?? "")) return false;
  const sel = pdbSelector(pdb);
  return sel !== undefined && matches(sel, pod.metadata?.labels);
}

/** True once the PodDisruptionBudget kind is served (other parts may run before it is). */
export function pdbsServed(): boolean {
  return kindForResource(PDB_RESOURCE) !== undefined;
}

/**
 * The budgets covering a pod, in name order (what the eviction handler and the
 * controller's GetPodPodDisruptionBudgets look at). Empty when none do.
 */
export function pdbsForPod(api: Pick<Api, "list">, pod: Pod | KubeObject): PodDisruptionBudget[] {
  if (!pdbsServed()) return [];
  const p = pod as Pod;
  const ns = p.metadata?.namespace ?? "";
  return api
    .list(PDB_RESOURCE, { namespace: ns })
    .map((o) => asKind<PodDisruptionBudget>(o))
    .filter((pdb) => pdbCoversPod(pdb, p));
}

/** `status.disruptionsAllowed`, 0 when the controller has not written it yet. */
export function disruptionsAllowed(pdb: PodDisruptionBudget): number {
  return pdb.status?.disruptionsAllowed ?? 0;
}

/**
 * True when the eviction handler would let one more pod covered by this budget go:
 * the controller has seen the current spec and the budget has an allowance left.
 */
export function canDisrupt(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  if (!status) return false;
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return false;
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) return false;
  return status.disruptionsAllowed > 0;
}

/** An int-or-percent field's value against `total`, rounding up (intstr.GetScaledValueFromIntOrPercent). */
export function scaledIntOrPercent(value: number | string, total: number): number {
  if (typeof value === "number") return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(value);
  if (value.trim() !== "" && Number.isInteger(n)) return n;
  throw new Error(`invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${value.replace(/%$/, "")}": invalid syntax`);
}

/** True when the budget's figure needs the scale of the pods' controllers (maxUnavailable, or a percentage). */
export function needsExpectedScale(pdb: PodDisruptionBudget): boolean {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) return true;
  return typeof spec.minAvailable === "string";
}

/**
 * desiredHealthy and expectedPods (getExpectedPodCount): with maxUnavailable, the
 * controllers' scale less the allowance (never below 0); with an integer minAvailable,
 * that number over the pods selected; with a percentage, that share of the scale,
 * rounded up. `scale` is only read when {@link needsExpectedScale} says so.
 */
export function expectedPodCount(pdb: PodDisruptionBudget, selectedPods: number, scale: () => number): { expectedCount: number; desiredHealthy: number } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedCount = scale();
    const maxUnavailable = scaledIntOrPercent(spec.maxUnavailable, expectedCount);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === "number") return { expectedCount: selectedPods, desiredHealthy: spec.minAvailable };
    const expectedCount = scale();
    return { expectedCount, desiredHealthy: scaledIntOrPercent(spec.minAvailable, expectedCount) };
  }
  return { expectedCount: 0, desiredHealthy: 0 };
}

/**
 * disruptionsAllowed as updatePdbStatus computes it: healthy pods beyond the desired
 * number, and none while the budget expects no pods at all (so that a budget whose
 * first pods just appeared is safe before the controller has counted them).
 */
export function allowedDisruptions(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}

/**
 * Pods a budget protects that are counted healthy (countHealthyPods): Ready, not being
 * deleted, and not recently approved for eviction (still in `disruptedPods`).
 */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: Readonly<Record<string, string>>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const disrupted = disruptedPods[pod.metadata?.name ?? ""];
    if (disrupted !== undefined && parseTime(disrupted) + DELETION_TIMEOUT_MS > now) continue;
    if (isReady(pod)) healthy++;
  }
  return healthy;
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** The status fields kdeck's describe and printers read, with the controller's zero values. */
export function budgetStatus(pdb: PodDisruptionBudget): PodDisruptionBudgetStatus {
  return pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
}
