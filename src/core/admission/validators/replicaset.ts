import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { ReplicationController } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord } from "./values.js";
import { isObject, compileMapSelector, compileSelector, validateNonnegative, validateWorkloadSelector, validateWorkloadTemplate } from "./workload.js";

/** ValidateReplicaSet (its empty-selector message names a deployment, as Kubernetes' does). */
export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const rs = asKind<ReplicaSet>(obj);
  const errs = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec = isRecord(rs.spec) ? rs.spec : ({} as NonNullable<ReplicaSet["spec"]>);
  const p = newPath("spec");
  errs.push(...validateNonnegative(spec.replicas, p.child("replicas")));
  errs.push(...validateNonnegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...validateWorkloadSelector(spec.selector, "deployment", p.child("selector")));
  const selector = compileSelector(spec.selector);
  if (!selector) errs.push(invalid(p.child("selector"), spec.selector, "invalid label selector"));
  else errs.push(...validateWorkloadTemplate(spec.template, selector, "ReplicaSet", p.child("template")));
  return errs;
}

/** ValidateReplicationController: a non-empty selector map that the template's labels match. */
export function validateReplicationController(obj: KubeObject): FieldError[] {
  const rc = asKind<ReplicationController>(obj);
  const errs = validateObjectMeta(rc.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec: NonNullable<ReplicationController["spec"]> = isObject(rc.spec) ? rc.spec : {};
  const p = newPath("spec");
  errs.push(...validateNonnegative(spec.minReadySeconds, p.child("minReadySeconds")));
  if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) errs.push(required(p.child("selector"), ""));
  else errs.push(...validateLabels(spec.selector, p.child("selector")));
  errs.push(...validateNonnegative(spec.replicas, p.child("replicas")));
  errs.push(...validateWorkloadTemplate(spec.template, compileMapSelector(spec.selector), "ReplicationController", p.child("template")));
  return errs;
}

/** Kubernetes' registration of ReplicaSet validation: apps/v1 makes the selector immutable. */
export const replicaSetValidation: KindValidation = {
  create: (obj) => validateReplicaSet(obj),
  update: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")),
    ...validateReplicaSet(obj),
    ...validateImmutableField(asKind<ReplicaSet>(obj).spec?.selector, asKind<ReplicaSet>(old).spec?.selector, newPath("spec", "selector")),
  ],
};

/** Kubernetes' registration of ReplicationController validation (its selector may change). */
export const replicationControllerValidation: KindValidation = {
  create: (obj) => validateReplicationController(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateReplicationController(obj)],
};
