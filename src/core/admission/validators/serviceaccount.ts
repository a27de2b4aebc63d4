import type { FieldError } from "../../api/errors.js";
import type { KubeObject } from "../../api/object.js";
import { newPath } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";

/** A new ServiceAccount: Kubernetes checks only its metadata. */
export function validateServiceAccount(obj: KubeObject): FieldError[] {
  return validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
}

/** A ServiceAccount update: immutable metadata fields, then the same checks as on create. */
export function validateServiceAccountUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateServiceAccount(obj)];
}

/** Kubernetes' registration of ServiceAccount validation. */
export const serviceAccountValidation: KindValidation = {
  create: (obj) => validateServiceAccount(obj),
  update: (obj, old) => validateServiceAccountUpdate(obj, old),
};
