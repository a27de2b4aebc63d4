import type { FieldError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { KindInfo } from "../api/registry.js";

/**
 * One step of the admission chain every write goes through, in Kubernetes' order:
 * mutating steps (defaulting, LimitRange) then validating ones (field validation,
 * ResourceQuota). A step that refuses returns field errors or throws an ApiError.
 */
export interface AdmissionPlugin {
  readonly name: string;
  /** Returns the object to store (a new object when it changes anything). */
  mutate?(obj: KubeObject, kind: KindInfo, old: KubeObject | undefined): KubeObject;
  validate?(obj: KubeObject, kind: KindInfo, old: KubeObject | undefined): FieldError[];
}
