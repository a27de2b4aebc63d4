import type { Taint, Toleration } from "kubernetes-types/core/v1";

/** The taint the node lifecycle controller puts on cordoned nodes. */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/**
 * Whether one toleration tolerates one taint, as `v1.Toleration.ToleratesTaint`: an empty
 * effect matches every effect, an empty key (with Exists) every key, and an empty
 * operator means Equal.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (tolerations === undefined) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** True for the effects that keep a pod off a node (the Filter's concern); PreferNoSchedule only scores. */
export function isDoNotScheduleEffect(effect: string): boolean {
  return effect === "NoSchedule" || effect === "NoExecute";
}

/** The first taint, in the node's order, that `inScope` selects and no toleration tolerates. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  inScope: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (inScope(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
