/**
 * VerticalPodAutoscaler validation as its CustomResourceDefinition's schema does it:
 * a targetRef, and the enumerations of update and container modes and controlled values.
 * The add-on's webhook checks (min under max, positive minReplicas) are in
 * apiserver/vpa-admission.ts, worded as a webhook's denial.
 */
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import type { VerticalPodAutoscaler } from "../../api/verticalpodautoscaler.js";
import { type FieldPath, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateCrossVersionObjectReference } from "./horizontalpodautoscaler.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord, listOf } from "./values.js";

const UPDATE_MODES = ["Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"];
const CONTAINER_MODES = ["Auto", "Off"];
const CONTROLLED_VALUES = ["RequestsAndLimits", "RequestsOnly"];

function enumValue(v: unknown, allowed: string[], p: FieldPath): FieldError[] {
  return v === undefined || v === null || (typeof v === "string" && allowed.includes(v)) ? [] : [notSupported(p, v, allowed)];
}

function validateSpec(vpa: VerticalPodAutoscaler): FieldError[] {
  const p = newPath("spec");
  if (!isRecord(vpa.spec)) return [required(p, "")];
  const errs: FieldError[] = [];
  if (!isRecord(vpa.spec.targetRef)) errs.push(required(p.child("targetRef"), ""));
  else errs.push(...validateCrossVersionObjectReference(vpa.spec.targetRef, p.child("targetRef")));
  const policy = vpa.spec.updatePolicy;
  if (isRecord(policy)) errs.push(...enumValue(policy.updateMode, UPDATE_MODES, p.child("updatePolicy", "updateMode")));
  const resourcePolicy = vpa.spec.resourcePolicy;
  const policies = typeof resourcePolicy === "object" && resourcePolicy !== null ? listOf(resourcePolicy.containerPolicies) : [];
  policies.forEach((cp, i) => {
    const cpp = p.child("resourcePolicy", "containerPolicies").index(i);
    if (!isRecord(cp)) return;
    errs.push(...enumValue(cp.mode, CONTAINER_MODES, cpp.child("mode")));
    errs.push(...enumValue(cp.controlledValues, CONTROLLED_VALUES, cpp.child("controlledValues")));
  });
  return errs;
}

/** The CRD's structural checks, on create and update alike. */
export const verticalPodAutoscalerValidation: KindValidation = {
  create: (obj: KubeObject) => [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, newPath("metadata")), ...validateSpec(asKind<VerticalPodAutoscaler>(obj))],
  update: (obj: KubeObject, old: KubeObject) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateSpec(asKind<VerticalPodAutoscaler>(obj))],
};
