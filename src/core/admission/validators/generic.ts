import type { KindValidation } from "../kind-admission.js";
import { newPath } from "../field.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";

/**
 * What every kind gets before it has validation of its own: its metadata checked the
 * way Kubernetes checks it for most kinds (DNS subdomain names).
 */
export const genericValidation: KindValidation = {
  create: (obj, kind) => validateObjectMeta(obj.metadata, kind.namespaced, nameIsDNSSubdomain, newPath("metadata")),
  update: (obj, old, kind) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")),
    ...validateObjectMeta(obj.metadata, kind.namespaced, nameIsDNSSubdomain, newPath("metadata")),
  ],
};
