/**
 * ResourceQuota scopes: which objects a quota with `scopes` or a `scopeSelector`
 * tracks. Only pods match scopes; every other kind matches a quota without any.
 */
import type { Pod, ResourceQuota, ScopedResourceSelectorRequirement } from "kubernetes-types/core/v1";
import { isBestEffortPod, isTerminatingPod } from "./pod-usage.js";

/** The quota's scopes as selector requirements: each `scopes` entry as Exists, then the scopeSelector's (getScopeSelectorsFromQuota). */
export function scopeSelectorsOf(quota: ResourceQuota): ScopedResourceSelectorRequirement[] {
  const out: ScopedResourceSelectorRequirement[] = (quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: "Exists" }));
  for (const r of quota.spec?.scopeSelector?.matchExpressions ?? []) out.push(r);
  return out;
}

/** podMatchesScopeFunc: whether the pod is in one scope. */
export function podMatchesScope(pod: Pod, req: ScopedResourceSelectorRequirement): boolean {
  switch (req.scopeName) {
    case "Terminating":
      return isTerminatingPod(pod);
    case "NotTerminating":
      return !isTerminatingPod(pod);
    case "BestEffort":
      return isBestEffortPod(pod);
    case "NotBestEffort":
      return !isBestEffortPod(pod);
    case "PriorityClass":
      return priorityClassMatches(pod.spec?.priorityClassName ?? "", req);
    case "CrossNamespacePodAffinity":
      return usesCrossNamespacePodAffinity(pod);
    default:
      return false;
  }
}

/** The PriorityClass scope reads as a label selector on `{PriorityClass: <class>}`; a pod without a class has no such label. */
function priorityClassMatches(className: string, req: ScopedResourceSelectorRequirement): boolean {
  const has = className !== "";
  const values = req.values ?? [];
  switch (req.operator) {
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "In":
      return has && values.includes(className);
    case "NotIn":
      return !has || !values.includes(className);
    default:
      return false;
  }
}

function usesCrossNamespacePodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  const terms = [
    ...(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
    ...(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
  ];
  return terms.some((t) => (t.namespaces ?? []).length > 0 || t.namespaceSelector !== undefined);
}
