import type { ObjectMeta } from "kubernetes-types/meta/v1";

/**
 * Any Kubernetes object as stored and served by kdeck: plain JSON with
 * apiVersion, kind and metadata. Concrete kinds are typed with `kubernetes-types`
 * (`Pod`, `Node`, …) and narrowed with {@link asKind} where a caller needs them.
 *
 * Objects handed out by the store are deep-frozen: callers copy before they change
 * anything (`{ ...pod, status: next }` shares the unchanged parts safely).
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** A reference to one object: its resource (plural, with group), namespace and name. */
export interface ObjectKey {
  /** `pods`, `deployments.apps` — the registry's `resource` string. */
  resource: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  name: string;
}

export function keyString(k: ObjectKey): string {
  return k.namespace ? `${k.resource}/${k.namespace}/${k.name}` : `${k.resource}//${k.name}`;
}

/** Recursively freezes a JSON value; already-frozen subtrees are skipped. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/** A mutable deep copy, for code that builds a changed object step by step. */
export function mutableCopy<T>(value: T): T {
  return structuredClone(value) as T;
}

/** Narrows a stored object to its kubernetes-types shape (no runtime check). */
export function asKind<T>(obj: KubeObject): T {
  return obj as unknown as T;
}
