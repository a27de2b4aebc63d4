/**
 * Pod priority as Kubernetes defines it (pkg/apis/scheduling): the bounds of user
 * classes, the two system classes every cluster has, and a pod's effective priority.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";

/** The resource PriorityClasses are stored under. */
export const PRIORITY_CLASSES = "priorityclasses.scheduling.k8s.io";

/** Names with this prefix are reserved for the system classes. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = "system-";
/** The highest value a user-defined class may have (`HighestUserDefinablePriority`). */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The priority of `system-cluster-critical`; `system-node-critical` is 1000 above it. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
/** A pod's priority when it names no class and no class is the global default. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;
/** The preemption policy of pods and classes that state none. */
export const PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
/** The preemption policies Kubernetes accepts. */
export const PREEMPTION_POLICIES: readonly string[] = [PREEMPT_LOWER_PRIORITY, "Never"];

/** The classes kube-apiserver keeps in every cluster (`SystemPriorityClasses()`). */
export const SYSTEM_PRIORITY_CLASSES: readonly Readonly<{ name: string; value: number; description: string }>[] = Object.freeze([
  {
    name: "system-node-critical",
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    name: "system-cluster-critical",
    value: SYSTEM_CRITICAL_PRIORITY,
    description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
]);

/** The system class of this name, if it is one. */
export function systemPriorityClass(name: string): Readonly<{ name: string; value: number; description: string }> | undefined {
  return SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
}

/**
 * `IsKnownSystemPriorityClass`: undefined when `name` is a system class with its own
 * value and globalDefault false, otherwise the reason it is not.
 */
export function unknownSystemPriorityClassReason(name: string, value: number, globalDefault: boolean): string | undefined {
  const spc = systemPriorityClass(name);
  if (spc === undefined) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (globalDefault) return `globalDefault of ${spc.name} PriorityClass must be false`;
  return undefined;
}

/** A pod's priority (`corev1helpers.PodPriority`): spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  const p = pod.spec?.priority;
  return typeof p === "number" ? p : 0;
}

/**
 * The global default class: among the classes marked globalDefault, the one with the
 * lowest value (two can exist after a race, and Kubernetes picks that one).
 */
export function defaultPriorityClass(classes: Iterable<PriorityClass>): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  for (const pc of classes) {
    if (pc.globalDefault !== true) continue;
    if (best === undefined || (best.value ?? 0) > (pc.value ?? 0)) best = pc;
  }
  return best;
}
