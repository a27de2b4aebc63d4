/**
 * quota.CalculateUsage: what a namespace's objects use of the resources one quota
 * tracks, summed by each evaluator over the objects in the quota's scopes.
 */
import type { Pod, ResourceQuota } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Amount } from "../amount.js";
import type { Api } from "../apiserver/types.js";
import { evaluatorsForNames, quotaMatches } from "../quota/evaluators.js";
import { podQuotaDeadline } from "../quota/pod-usage.js";
import { addLists, maskList } from "../quota/resources.js";
import { scopeSelectorsOf } from "../quota/scopes.js";

export interface QuotaUsage {
  /** Usage of every hard resource some evaluator accounts for (zero when nothing uses it). */
  used: Map<string, Amount>;
  /** When a terminating pod's grace period runs out and it stops counting, if one will. */
  nextChange?: number;
}

/**
 * Sums, for each evaluator the quota needs, the usage of the namespace's objects that
 * fall in the quota's scopes; every tracked name starts at zero, as the quota controller
 * reports `0` for a resource nothing uses.
 */
export function calculateUsage(api: Api, quota: ResourceQuota, hardNames: readonly string[], now: number): QuotaUsage {
  const namespace = quota.metadata?.namespace ?? "";
  const scopes = scopeSelectorsOf(quota);
  let used = new Map<string, Amount>();
  let nextChange: number | undefined;
  const matched = new Set<string>();
  for (const e of evaluatorsForNames(hardNames)) {
    const names = e.matchingResources(hardNames);
    for (const n of names) matched.add(n);
    let sum = new Map<string, Amount>(names.map((n) => [n, { nanos: 0n, format: "DecimalSI" }] as const));
    // An object count quota never matches scoped quotas; skip the listing.
    if (scopes.length === 0 || e.resource === "pods") {
      for (const obj of api.list(e.resource, { namespace })) {
        if (!quotaMatches(e, hardNames, scopes, obj)) continue;
        sum = addLists(sum, e.usage(obj, now));
        if (e.resource === "pods") {
          const deadline = podQuotaDeadline(asKind<Pod>(obj));
          if (deadline !== undefined && deadline >= now && (nextChange === undefined || deadline < nextChange)) nextChange = deadline;
        }
      }
    }
    used = addLists(used, sum);
  }
  return { used: maskList(used, matched), ...(nextChange !== undefined ? { nextChange } : {}) };
}
