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
  /**
   * A validating admission plugin (kube-apiserver's ValidationInterface: LimitRanger's
   * checks, ResourceQuota). Runs, in plugin order, only once the object passed field
   * validation; refuses by throwing an ApiError (Forbidden). It may write other objects
   * (quota usage) in the same transaction, unless the write is a dry run.
   */
  validateAdmission?(obj: KubeObject, kind: KindInfo, old: KubeObject | undefined, attrs: AdmissionAttributes): void;
}

/** What a validating admission plugin knows of the request besides the objects. */
export interface AdmissionAttributes {
  /** Nothing is persisted: the plugin must not record side effects either. */
  dryRun: boolean;
}
