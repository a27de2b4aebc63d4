import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { HIGHEST_USER_DEFINABLE_PRIORITY, PREEMPTION_POLICIES, SYSTEM_PRIORITY_CLASS_PREFIX, unknownSystemPriorityClassReason } from "../../api/priority.js";
import { forbidden, newPath, notSupported, required, type FieldPath } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { str } from "./values.js";

/** `ValidatePreemptionPolicy`: one of PreemptLowerPriority and Never. */
export function validatePreemptionPolicy(policy: unknown, fldPath: FieldPath): FieldError[] {
  if (policy === "") return [required(fldPath)];
  return typeof policy === "string" && PREEMPTION_POLICIES.includes(policy) ? [] : [notSupported(fldPath, policy, PREEMPTION_POLICIES)];
}

/**
 * `ValidatePriorityClass`: a DNS subdomain name; `system-` names only for the system
 * classes with their own values; user classes at most 1,000,000,000.
 */
function validatePriorityClass(obj: KubeObject): FieldError[] {
  const pc = asKind<PriorityClass>(obj);
  const errs = validateObjectMeta(pc.metadata, false, nameIsDNSSubdomain, newPath("metadata"));
  const name = str(pc.metadata?.name);
  const value = typeof pc.value === "number" ? pc.value : 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const reason = unknownSystemPriorityClassReason(name, value, pc.globalDefault === true);
    if (reason !== undefined) {
      errs.push(forbidden(newPath("metadata", "name"), `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${reason}`));
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden(newPath("value"), `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) errs.push(...validatePreemptionPolicy(pc.preemptionPolicy, newPath("preemptionPolicy")));
  return errs;
}

/** `ValidatePriorityClassUpdate`: the name, value and preemptionPolicy never change. */
function validatePriorityClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const pc = asKind<PriorityClass>(obj);
  const before = asKind<PriorityClass>(old);
  const errs = validateObjectMetaUpdate(pc.metadata, before.metadata, newPath("metadata"));
  if ((pc.value ?? 0) !== (before.value ?? 0)) errs.push(forbidden(newPath("value"), "may not be changed in an update."));
  errs.push(...validateImmutableField(pc.preemptionPolicy, before.preemptionPolicy, newPath("preemptionPolicy")));
  return errs;
}

/** PriorityClass (scheduling.k8s.io/v1) validation. */
export const priorityClassValidation: KindValidation = {
  create: (obj) => validatePriorityClass(obj),
  update: (obj, old) => validatePriorityClassUpdate(obj, old),
};
