/**
 * The ResourceQuota admission plugin (apiserver's admission/plugin/resourcequota): a
 * write that would take a namespace past one of its quotas is refused
 * (`pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=500m,
 * used: requests.cpu=800m, limited: requests.cpu=1`), and one that fits is charged to
 * each matching quota's `status.used` in the same transaction, so that two creates
 * racing for the last of a quota cannot both pass.
 */
import type { ResourceQuota } from "kubernetes-types/core/v1";
import { ApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { resourceOf, type KindInfo } from "../api/registry.js";
import type { Amount } from "../amount.js";
import type { Clock } from "../engine/clock.js";
import { evaluatorFor, quotaMatches, type QuotaEvaluator } from "../quota/evaluators.js";
import {
  addLists,
  equalLists,
  formatResourceList,
  isZeroList,
  lessThanOrEqual,
  maskList,
  negativeNames,
  parseResourceList,
  prettyPrint,
  subtractNonNegative,
} from "../quota/resources.js";
import { scopeSelectorsOf } from "../quota/scopes.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";

/** A quota whose usage this write changes, with the usage to store. */
interface Charge {
  quota: KubeObject;
  used: Map<string, Amount>;
}

function forbidden(kind: KindInfo, obj: KubeObject, message: string): ApiError {
  const name = obj.metadata.name || obj.metadata.generateName || "Unknown";
  return new ApiError("Forbidden", `${resourceOf(kind)} "${name}" is forbidden: ${message}`);
}

/** hasUsageStats: the controller has reported usage for every tracked resource the quota limits. */
function hasUsageStats(rq: ResourceQuota, restricted: readonly string[]): boolean {
  const used = rq.status?.used ?? {};
  return restricted.every((r) => !(r in (rq.status?.hard ?? {})) || r in used);
}

/**
 * CheckRequest: the quotas that match the object must have usage stats and accept the
 * object's constraints; its cost (on update, only what it adds) must fit each of them.
 * Returns the quotas whose usage grows.
 */
export function checkRequest(
  quotas: readonly KubeObject[],
  e: QuotaEvaluator,
  kind: KindInfo,
  obj: KubeObject,
  old: KubeObject | undefined,
  now: number,
): Charge[] {
  const interesting: { quota: KubeObject; rq: ResourceQuota; hard: Map<string, Amount> }[] = [];
  for (const quota of quotas) {
    const rq = asKind<ResourceQuota>(quota);
    const hard = parseResourceList(rq.status?.hard);
    const hardNames = [...hard.keys()];
    if (!quotaMatches(e, hardNames, scopeSelectorsOf(rq), obj)) continue;
    const restricted = e.matchingResources(hardNames);
    const unmet = e.constraints(restricted, obj);
    if (unmet) throw forbidden(kind, obj, `failed quota: ${rq.metadata?.name}: ${unmet}`);
    if (!hasUsageStats(rq, restricted)) {
      throw forbidden(kind, obj, `status unknown for quota: ${rq.metadata?.name}, resources: ${[...restricted].sort().join(",")}`);
    }
    interesting.push({ quota, rq, hard });
  }
  if (interesting.length === 0) return [];
  let delta = e.usage(obj, now);
  const negative = negativeNames(delta);
  if (negative.length > 0) throw forbidden(kind, obj, `quota usage is negative for resource(s): ${negative.sort().join(",")}`);
  if (old?.metadata.resourceVersion) delta = subtractNonNegative(delta, e.usage(old, now));
  if (isZeroList(delta)) return [];

  const charges: Charge[] = [];
  for (const { quota, rq, hard } of interesting) {
    const used = parseResourceList(rq.status?.used);
    const requested = maskList(delta, hard.keys());
    const newUsage = addLists(used, requested);
    const { allowed, exceeded } = lessThanOrEqual(maskList(newUsage, requested.keys()), hard);
    if (!allowed) {
      throw forbidden(
        kind,
        obj,
        `exceeded quota: ${rq.metadata?.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(used, exceeded))}, limited: ${prettyPrint(maskList(hard, exceeded))}`,
      );
    }
    if (!equalLists(newUsage, used)) charges.push({ quota, used: newUsage });
  }
  return charges;
}

/**
 * ResourceQuota, the last admission step: checks every namespaced write its evaluator
 * says can change usage, and (unless it is a dry run) stores the new usage of the
 * quotas it charges, each write checked against the resourceVersion it read.
 */
export function resourceQuotaAdmission(store: Store, clock: Clock): AdmissionPlugin {
  return {
    name: "ResourceQuota",
    validateAdmission(obj, kind, old, attrs) {
      if (!kind.namespaced || store.count("resourcequotas") === 0) return;
      const quotas = store.list("resourcequotas", obj.metadata.namespace ?? "");
      if (quotas.length === 0) return;
      const e = evaluatorFor(resourceOf(kind));
      if (!e || !e.handles(obj, old)) return;
      const charges = checkRequest(quotas, e, kind, obj, old, clock.now());
      if (attrs.dryRun) return;
      for (const { quota, used } of charges) {
        const status = { ...((quota.status as object | undefined) ?? {}), used: formatResourceList(used) };
        store.update("resourcequotas", { ...quota, status }, quota.metadata.resourceVersion);
      }
    },
  };
}
