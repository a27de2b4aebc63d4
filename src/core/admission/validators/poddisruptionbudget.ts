import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from "kubernetes-types/policy/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, invalid, newPath, notSupported } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateLabelSelector } from "./scheduling.js";
import { isRecord } from "./values.js";
import { validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./workload.js";

const UNHEALTHY_POD_EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

/**
 * ValidatePodDisruptionBudgetSpec: at most one of minAvailable and maxUnavailable, each
 * a non-negative integer or a percentage up to 100%, a well-formed selector, and a
 * known unhealthyPodEvictionPolicy.
 */
function validateSpec(spec: PodDisruptionBudgetSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const has = (v: unknown): boolean => v !== undefined && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) {
    errs.push(invalid(fldPath, spec, "minAvailable and maxUnavailable cannot be both set"));
  }
  if (has(spec.minAvailable)) {
    errs.push(...validatePositiveIntOrPercent(spec.minAvailable, fldPath.child("minAvailable")));
    errs.push(...validateNotMoreThan100Percent(spec.minAvailable, fldPath.child("minAvailable")));
  }
  if (has(spec.maxUnavailable)) {
    errs.push(...validatePositiveIntOrPercent(spec.maxUnavailable, fldPath.child("maxUnavailable")));
    errs.push(...validateNotMoreThan100Percent(spec.maxUnavailable, fldPath.child("maxUnavailable")));
  }
  errs.push(...validateLabelSelector(spec.selector ?? undefined, fldPath.child("selector")));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (has(policy) && !UNHEALTHY_POD_EVICTION_POLICIES.includes(policy!)) {
    errs.push(notSupported(fldPath.child("unhealthyPodEvictionPolicy"), policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

/** ValidatePodDisruptionBudget, with its object metadata. */
export function validatePodDisruptionBudget(obj: KubeObject): FieldError[] {
  const pdb = asKind<PodDisruptionBudget>(obj);
  const errs = validateObjectMeta(pdb.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  errs.push(...validateSpec(isRecord(pdb.spec) ? pdb.spec : {}, newPath("spec")));
  return errs;
}

/** Kubernetes' registration of PodDisruptionBudget validation: the spec may change (since 1.15). */
export const podDisruptionBudgetValidation: KindValidation = {
  create: (obj) => validatePodDisruptionBudget(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validatePodDisruptionBudget(obj)],
};
