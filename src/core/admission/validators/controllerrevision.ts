import type { FieldError } from "../../api/errors.js";
import type { KubeObject } from "../../api/object.js";
import { newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateNonnegative } from "./workload.js";

/** ValidateControllerRevision: data is mandatory, the revision is not negative. */
export function validateControllerRevision(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  if (obj.data === undefined || obj.data === null) errs.push(required(newPath("data"), "data is mandatory"));
  errs.push(...validateNonnegative(obj.revision, newPath("revision")));
  return errs;
}

/** Kubernetes' registration of ControllerRevision validation: data never changes. */
export const controllerRevisionValidation: KindValidation = {
  create: (obj) => validateControllerRevision(obj),
  update: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")),
    ...validateControllerRevision(obj),
    ...validateImmutableField(obj.data, old.data, newPath("data")),
  ],
};
