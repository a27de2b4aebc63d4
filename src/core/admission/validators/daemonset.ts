import type { DaemonSet, DaemonSetUpdateStrategy } from "kubernetes-types/apps/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateLabelSelector } from "./scheduling.js";
import { isRecord } from "./values.js";
import { isObject } from "./workload.js";
import {
  compileSelector,
  intOrPercentValue,
  validateNonnegative,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateWorkloadTemplate,
} from "./workload.js";

function validateUpdateStrategy(strategy: DaemonSetUpdateStrategy | undefined, fldPath: FieldPath): FieldError[] {
  const s = isRecord(strategy) ? strategy : {};
  if (s.type === "OnDelete") return [];
  if (s.type !== "RollingUpdate") return [notSupported(fldPath, s.type ?? "", ["RollingUpdate", "OnDelete"])];
  const ru = s.rollingUpdate;
  const p = fldPath.child("rollingUpdate");
  if (!isRecord(ru)) return [required(p, "")];
  const errs: FieldError[] = [];
  const hasUnavailable = ru.maxUnavailable !== undefined && ru.maxUnavailable !== null && intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = ru.maxSurge !== undefined && ru.maxSurge !== null && intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable) {
    errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, p.child("maxUnavailable")), ...validateNotMoreThan100Percent(ru.maxUnavailable, p.child("maxUnavailable")));
  }
  if (hasSurge) errs.push(...validatePositiveIntOrPercent(ru.maxSurge, p.child("maxSurge")), ...validateNotMoreThan100Percent(ru.maxSurge, p.child("maxSurge")));
  if (hasUnavailable && hasSurge) errs.push(invalid(p.child("maxSurge"), ru.maxSurge, "may not be set when maxUnavailable is non-zero"));
  if (!hasUnavailable && !hasSurge) errs.push(required(p.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
  return errs;
}

/** ValidateDaemonSet: selector, template, update strategy and counts. */
export function validateDaemonSet(obj: KubeObject): FieldError[] {
  const ds = asKind<DaemonSet>(obj);
  const errs = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec = isRecord(ds.spec) ? ds.spec : ({} as NonNullable<DaemonSet["spec"]>);
  const p = newPath("spec");
  if (!isObject(spec.selector)) errs.push(required(p.child("selector"), ""));
  else {
    errs.push(...validateLabelSelector(spec.selector, p.child("selector")));
    if (Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
      errs.push(invalid(p.child("selector"), spec.selector, "empty selector is invalid for daemonset"));
    }
  }
  errs.push(...validateWorkloadTemplate(spec.template, compileSelector(spec.selector), "DaemonSet", p.child("template")));
  errs.push(...validateNonnegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, p.child("updateStrategy")));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, p.child("revisionHistoryLimit")));
  return errs;
}

/** Kubernetes' registration of DaemonSet validation: apps/v1 makes the selector immutable. */
export const daemonSetValidation: KindValidation = {
  create: (obj) => validateDaemonSet(obj),
  update: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")),
    ...validateDaemonSet(obj),
    ...validateImmutableField(asKind<DaemonSet>(obj).spec?.selector, asKind<DaemonSet>(old).spec?.selector, newPath("spec", "selector")),
  ],
};
