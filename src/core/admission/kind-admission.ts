import type { FieldError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { KindInfo } from "../api/registry.js";

/**
 * One kind's validation, as Kubernetes' registry strategies split it: a new object, and
 * a replacement checked against the stored one (for immutable fields).
 */
export interface KindValidation {
  create(obj: KubeObject, kind: KindInfo): FieldError[];
  update(obj: KubeObject, old: KubeObject, kind: KindInfo): FieldError[];
}

/** What a defaulter knows besides the object: its kind and, on update, the stored object. */
export interface DefaultingContext {
  kind: KindInfo;
  /** The stored object when this write replaces one; create-time defaults are skipped then. */
  old?: KubeObject;
}

/** One kind's defaulting. It receives a private copy of the object and fills it in place. */
export type KindDefaulter = (obj: KubeObject, ctx: DefaultingContext) => void;

/** The key kinds are registered under: Kubernetes' GroupKind string (`Pod`, `Deployment.apps`). */
export function groupKindOf(kind: Pick<KindInfo, "group" | "kind">): string {
  return kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
}
