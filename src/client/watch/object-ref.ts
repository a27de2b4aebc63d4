import type { KindInfo } from "../../core/api/registry.js";
import { resourceOf } from "../../core/api/registry.js";

/** One object a folder declares or an apply set holds, by kind and name. */
export interface ObjectRef {
  /** API group, empty for the core group. */
  readonly group: string;
  readonly kind: string;
  /** The registry's resource key: `pods`, `deployments.apps`. */
  readonly resource: string;
  /** Empty for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
}

/** The ref of an object of `kind` named `name` in `namespace` (ignored for cluster-scoped kinds). */
export function refFor(kind: KindInfo, namespace: string, name: string): ObjectRef {
  return { group: kind.group, kind: kind.kind, resource: resourceOf(kind), namespace: kind.namespaced ? namespace : "", name };
}

/** A stable identity for maps and sets: `apps/Deployment/demo/web`. */
export function refKey(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** How kubectl names it in apply's output: `pod/web`, `deployment.apps/web`. */
export function refName(ref: ObjectRef): string {
  const kind = ref.kind.toLowerCase();
  return `${ref.group ? `${kind}.${ref.group}` : kind}/${ref.name}`;
}
