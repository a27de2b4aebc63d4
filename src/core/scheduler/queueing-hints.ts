import type { Pod } from "kubernetes-types/core/v1";

/** True when a pod landing somewhere can make this pending pod fit: required pod affinity or a DoNotSchedule spread constraint. */
export function waitsForOtherPods(pod: Pod): boolean {
  if ((pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0) return true;
  return (pod.spec?.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === "DoNotSchedule");
}

/**
 * kube-scheduler's queueing hints for InterPodAffinity and PodTopologySpread: a pod
 * that is unschedulable for want of another pod (the cache its affinity asks for, a
 * domain to even out) is retried as soon as a pod is bound, instead of waiting for the
 * periodic flush. Other pending pods are not disturbed by binds.
 */
export class PodAffinityQueueingHints {
  /** Pods seen assigned to a node, by `namespace/name`. */
  private readonly assigned = new Set<string>();
  /** Unschedulable pods that wait for other pods. */
  private readonly waiting = new Set<string>();

  /** Forgets everything (the scheduler rebuilds its state). */
  reset(): void {
    this.assigned.clear();
    this.waiting.clear();
  }

  /** The scheduler could not place this pod. */
  unschedulable(key: string, pod: Pod): void {
    if (waitsForOtherPods(pod)) this.waiting.add(key);
    else this.waiting.delete(key);
  }

  /** A pod was deleted. */
  deleted(key: string): void {
    this.assigned.delete(key);
    this.waiting.delete(key);
  }

  /** An assigned pod was added or changed: the waiting pods to retry when it was just bound. */
  assignedPod(key: string): string[] {
    if (this.assigned.has(key)) return [];
    this.assigned.add(key);
    this.waiting.delete(key);
    return this.waiting.size === 0 ? [] : [...this.waiting];
  }
}
