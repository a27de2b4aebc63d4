import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { FieldError } from "../../api/errors.js";
import { fromLabelSelector, fromMap, matches, type Selector } from "../../labels/selector.js";
import { type FieldPath, forbidden, invalid, notSupported, required } from "../field.js";
import { IS_NEGATIVE_ERROR_MSG, regexError } from "./formats.js";
import { validateAnnotations, validateLabels } from "./object-meta.js";
import { validatePodSpec } from "./pod-spec.js";
import { validateLabelSelector } from "./scheduling.js";
import { isRecord } from "./values.js";

/** A typed object check that keeps the field's declared type. */
export function isObject<T extends object>(v: T | null | undefined): v is T {
  return isRecord(v);
}

/**
 * Validation shared by the workload kinds (Deployment, ReplicaSet, ReplicationController,
 * DaemonSet, StatefulSet), after apps/validation and core/validation.
 */

const PERCENT_FMT = "[0-9]+%";
const PERCENT = /^[0-9]+%$/;

/** `must be greater than or equal to 0` for a negative count. */
export function validateNonnegative(value: unknown, fldPath: FieldPath): FieldError[] {
  return typeof value === "number" && value < 0 ? [invalid(fldPath, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** An int-or-percent value's number: `25%` → 25, `3` → 3 (what `getIntOrPercentValue` reads). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && PERCENT.test(v)) return Number(v.slice(0, -1));
  return 0;
}

/** ValidatePositiveIntOrPercent: a non-negative integer or a `N%` string. */
export function validatePositiveIntOrPercent(v: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof v === "string") {
    return PERCENT.test(v) ? [] : [invalid(fldPath, v, regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%"))];
  }
  if (typeof v === "number") return validateNonnegative(v, fldPath);
  return [invalid(fldPath, v, "must be an integer or percentage (e.g '5%')")];
}

/** IsNotMoreThan100Percent. */
export function validateNotMoreThan100Percent(v: unknown, fldPath: FieldPath): FieldError[] {
  return typeof v === "string" && PERCENT.test(v) && Number(v.slice(0, -1)) > 100 ? [invalid(fldPath, v, "must not be greater than 100%")] : [];
}

/**
 * A workload's structured selector: required, well formed, and (Kubernetes' words, kept
 * as they are, including the Deployment named for ReplicaSets) not empty.
 */
export function validateWorkloadSelector(selector: LabelSelector | undefined, emptyWord: string, fldPath: FieldPath): FieldError[] {
  if (!isObject(selector)) return [required(fldPath, "")];
  const errs = validateLabelSelector(selector, fldPath);
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid(fldPath, selector, `empty selector is invalid for ${emptyWord}`));
  }
  return errs;
}

/** The selector compiled, or undefined when it cannot be (already reported). */
export function compileSelector(selector: LabelSelector | undefined): Selector | undefined {
  try {
    return fromLabelSelector(selector);
  } catch {
    return undefined;
  }
}

/**
 * ValidatePodTemplateSpecForReplicaSet and its siblings: the template's labels match the
 * selector, the template is valid, restartPolicy is Always and there is no deadline.
 * `owner` names the kind in the deadline message (`ReplicaSet`, `StatefulSet`, …).
 */
export function validateWorkloadTemplate(
  template: PodTemplateSpec | undefined,
  selector: Selector | undefined,
  owner: string,
  fldPath: FieldPath,
): FieldError[] {
  if (!isObject(template)) return [required(fldPath, "")];
  const errs: FieldError[] = [];
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  if (selector && selector.length > 0 && !matches(selector, labels)) {
    errs.push(invalid(fldPath.child("metadata", "labels"), labels ?? {}, "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(template, fldPath));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== "Always") errs.push(notSupported(fldPath.child("spec", "restartPolicy"), restartPolicy ?? "", ["Always"]));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(fldPath.child("spec", "activeDeadlineSeconds"), `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels, annotations and the pod spec; no ephemeral containers. */
export function validatePodTemplateSpec(template: PodTemplateSpec, fldPath: FieldPath): FieldError[] {
  const meta = isObject(template.metadata) ? template.metadata : {};
  const errs = [...validateLabels(meta.labels, fldPath.child("labels")), ...validateAnnotations(meta.annotations, fldPath.child("annotations"))];
  errs.push(...validatePodSpec(template.spec, fldPath.child("spec"), { resourceIsPod: false }));
  if ((template.spec?.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(fldPath.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

/** An equality-based selector map (ReplicationController): the compiled form. */
export function compileMapSelector(selector: Record<string, string> | undefined): Selector {
  return fromMap(isObject(selector) ? selector : undefined);
}
