import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { KubeObject } from "../../api/object.js";
import { PREEMPT_LOWER_PRIORITY } from "../../api/priority.js";
import type { DefaultingContext } from "../kind-admission.js";

/** A PriorityClass as Kubernetes defaults it (SetDefaults_PriorityClass): preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(obj: KubeObject, _ctx: DefaultingContext): void {
  const pc = obj as KubeObject & Partial<PriorityClass>;
  // Only an absent policy is defaulted: an explicit "" stays, for validation to refuse.
  if (pc.preemptionPolicy === undefined || pc.preemptionPolicy === null) pc.preemptionPolicy = PREEMPT_LOWER_PRIORITY;
}
