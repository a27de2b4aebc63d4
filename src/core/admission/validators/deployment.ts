import type { Deployment, DeploymentStrategy } from "kubernetes-types/apps/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, forbidden, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord } from "./values.js";
import {
  compileSelector,
  intOrPercentValue,
  validateNonnegative,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateWorkloadSelector,
  validateWorkloadTemplate,
} from "./workload.js";

function validateStrategy(strategy: DeploymentStrategy | undefined, fldPath: FieldPath): FieldError[] {
  const s = isRecord(strategy) ? strategy : {};
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate ? [forbidden(fldPath.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!isRecord(ru)) return [required(fldPath.child("rollingUpdate"), "this should be defaulted and never be nil")];
      const p = fldPath.child("rollingUpdate");
      const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, p.child("maxUnavailable")), ...validatePositiveIntOrPercent(ru.maxSurge, p.child("maxSurge"))];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalid(p.child("maxUnavailable"), ru.maxUnavailable, "may not be 0 when `maxSurge` is 0"));
      }
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, p.child("maxUnavailable")));
      return errs;
    }
    default:
      return [notSupported(fldPath.child("type"), s.type ?? "", ["Recreate", "RollingUpdate"])];
  }
}

/** ValidateDeployment: metadata, replicas, selector, template, strategy and the counts. */
export function validateDeployment(obj: KubeObject): FieldError[] {
  const d = asKind<Deployment>(obj);
  const errs = validateObjectMeta(d.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec = isRecord(d.spec) ? d.spec : ({} as NonNullable<Deployment["spec"]>);
  const p = newPath("spec");
  errs.push(...validateNonnegative(spec.replicas, p.child("replicas")));
  errs.push(...validateWorkloadSelector(spec.selector, "deployment", p.child("selector")));
  const selector = compileSelector(spec.selector);
  if (!selector) errs.push(invalid(p.child("selector"), spec.selector, "invalid label selector"));
  else errs.push(...validateWorkloadTemplate(spec.template, selector, "ReplicaSet", p.child("template")));
  errs.push(...validateStrategy(spec.strategy, p.child("strategy")));
  errs.push(...validateNonnegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, p.child("revisionHistoryLimit")));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === "number") {
    errs.push(...validateNonnegative(deadline, p.child("progressDeadlineSeconds")));
    if (deadline <= (spec.minReadySeconds ?? 0)) errs.push(invalid(p.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds"));
  }
  return errs;
}

/** Kubernetes' registration of Deployment validation: apps/v1 makes the selector immutable. */
export const deploymentValidation: KindValidation = {
  create: (obj) => validateDeployment(obj),
  update: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")),
    ...validateDeployment(obj),
    ...validateImmutableField(asKind<Deployment>(obj).spec?.selector, asKind<Deployment>(old).spec?.selector, newPath("spec", "selector")),
  ],
};
