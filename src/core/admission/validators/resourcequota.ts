import type { ResourceQuota, ResourceQuotaSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { FIELD_IMMUTABLE_ERROR_MSG, nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateResourceName, validateResourceQuantityValue } from "./resources.js";
import { entriesOf, isRecord, listOf, str } from "./values.js";

/** Resource names quota knows without a domain (IsStandardQuotaResourceName). */
const STANDARD_QUOTA_RESOURCES = new Set([
  "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers",
  "secrets", "persistentvolumeclaims", "configmaps", "services.nodeports", "services.loadbalancers",
]);
const STANDARD_SCOPES = new Set(["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"]);
const POD_COMPUTE = new Set(["cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory"]);
const CONFLICTING_SCOPES: readonly [string, string][] = [
  ["BestEffort", "NotBestEffort"],
  ["Terminating", "NotTerminating"],
];

function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
}

/** IsResourceQuotaScopeValidForResource: BestEffort quotas count pods only; the other pod scopes pods and their compute. */
function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case "Terminating":
    case "NotTerminating":
    case "NotBestEffort":
    case "PriorityClass":
    case "CrossNamespacePodAffinity":
      return resource === "pods" || POD_COMPUTE.has(resource);
    case "BestEffort":
      return resource === "pods";
    default:
      return true;
  }
}

/** ValidateResourceQuotaSpec: hard names and quantities, then the scopes and the scope selector. */
function validateSpec(spec: ResourceQuotaSpec | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const hard = entriesOf(spec?.hard as Record<string, unknown> | undefined);
  for (const [k, v] of hard) {
    const p = fld.child("hard").key(k);
    errs.push(...validateResourceName(k, p));
    if (!k.includes("/") && !isStandardQuotaResourceName(k)) errs.push(invalid(p, k, "must be a standard resource for quota"));
    errs.push(...validateResourceQuantityValue(k, v, p));
  }
  const hardNames = hard.map(([k]) => k).sort();
  const scopes = listOf(spec?.scopes).map((s) => str(s));
  if (scopes.length > 0) {
    const p = fld.child("scopes");
    for (const scope of scopes) {
      if (!STANDARD_SCOPES.has(scope)) errs.push(invalid(p, scopes, "unsupported scope"));
      for (const k of hardNames) if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) errs.push(invalid(p, scopes, "unsupported scope applied to resource"));
    }
    for (const [a, b] of CONFLICTING_SCOPES) if (scopes.includes(a) && scopes.includes(b)) errs.push(invalid(p, scopes, "conflicting scopes"));
  }
  if (isRecord(spec?.scopeSelector)) errs.push(...validateScopeSelector(spec!, hardNames, fld.child("scopeSelector")));
  return errs;
}

function validateScopeSelector(spec: ResourceQuotaSpec, hardNames: readonly string[], fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const p = fld.child("matchExpressions");
  const seen = new Set<string>();
  for (const req of listOf(spec.scopeSelector?.matchExpressions)) {
    const scope = str(req.scopeName);
    if (!STANDARD_SCOPES.has(scope)) errs.push(invalid(p.child("scopeName"), scope, "unsupported scope"));
    for (const k of hardNames) if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) errs.push(invalid(p, spec.scopeSelector, "unsupported scope applied to resource"));
    if (["BestEffort", "NotBestEffort", "Terminating", "NotTerminating"].includes(scope) && req.operator !== "Exists") {
      errs.push(
        invalid(
          p.child("operator"),
          req.operator,
          "must be 'Exist' only operator when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort and ResourceQuotaScopeNotBestEffort",
        ),
      );
    }
    const values = listOf(req.values);
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errs.push(required(p.child("values"), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length !== 0) errs.push(invalid(p.child("values"), values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
        break;
      default:
        errs.push(invalid(p.child("operator"), req.operator, "not a valid selector operator"));
    }
    seen.add(scope);
  }
  for (const [a, b] of CONFLICTING_SCOPES) if (seen.has(a) && seen.has(b)) errs.push(invalid(p, spec.scopes ?? null, "conflicting scopes"));
  return errs;
}

/** A new ResourceQuota (ValidateResourceQuota). */
export function validateResourceQuota(obj: KubeObject): FieldError[] {
  const rq = asKind<ResourceQuota>(obj);
  return [...validateObjectMeta(rq.metadata, true, nameIsDNSSubdomain, newPath("metadata")), ...validateSpec(rq.spec, newPath("spec"))];
}

/** A ResourceQuota update: the same checks, and its scopes never change. */
export function validateResourceQuotaUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const rq = asKind<ResourceQuota>(obj);
  const old = asKind<ResourceQuota>(oldObj);
  const errs = [...validateObjectMetaUpdate(rq.metadata, old.metadata, newPath("metadata")), ...validateSpec(rq.spec, newPath("spec"))];
  const a = new Set(listOf(rq.spec?.scopes));
  const b = new Set(listOf(old.spec?.scopes));
  if (a.size !== b.size || [...a].some((s) => !b.has(s))) errs.push(invalid(newPath("spec", "scopes"), rq.spec?.scopes ?? null, FIELD_IMMUTABLE_ERROR_MSG));
  return errs;
}

/** Kubernetes' registration of ResourceQuota validation. */
export const resourceQuotaValidation: KindValidation = {
  create: (obj) => validateResourceQuota(obj),
  update: (obj, old) => validateResourceQuotaUpdate(obj, old),
};
