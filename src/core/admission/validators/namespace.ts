import type { Namespace } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { newPath } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSLabel } from "./formats.js";
import { validateFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { listOf } from "./values.js";

/** A new Namespace: a DNS label name, and finalizers Kubernetes knows or that are qualified. */
export function validateNamespace(obj: KubeObject): FieldError[] {
  const ns = asKind<Namespace>(obj);
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel, newPath("metadata"));
  // Kubernetes names the list, not the entry, for spec finalizers.
  for (const f of listOf(ns.spec?.finalizers)) errs.push(...validateFinalizerName(f, newPath("spec", "finalizers")));
  return errs;
}

/** A Namespace update: only its metadata is checked (spec and status change through their own paths). */
export function validateNamespaceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateObjectMeta(obj.metadata, false, nameIsDNSLabel, newPath("metadata"))];
}

/** Kubernetes' registration of Namespace validation. */
export const namespaceValidation: KindValidation = {
  create: (obj) => validateNamespace(obj),
  update: (obj, old) => validateNamespaceUpdate(obj, old),
};
