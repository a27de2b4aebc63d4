import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";

/**
 * policy/v1 has no field defaults for PodDisruptionBudgets; its registry strategy
 * (PrepareForCreate) starts every new budget with a zeroed status, which the
 * disruption controller then fills in.
 */
export function defaultPodDisruptionBudget(obj: KubeObject, ctx: DefaultingContext): void {
  if (ctx.old) return;
  const pdb = asKind<PodDisruptionBudget>(obj);
  pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}
