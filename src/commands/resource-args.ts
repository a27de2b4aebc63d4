import type { KubeObject, ListOptions } from "../client/cluster.js";
import { KINDS, resolveResourceArg, type KindInfo } from "../client/kinds.js";
import { UsageError } from "./context.js";

/** One kind the user asked for, with the names they gave (none: every object of the kind). */
export interface ResourceRequest {
  kind: KindInfo;
  names: string[];
  /** Asked for through a category (`all`): kubectl then names rows `pod/x` even for one kind. */
  viaCategory?: boolean;
}

/**
 * Reads kubectl's `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…` arguments, resolving each type
 * through the registry (which throws its "did you mean" message for unknown ones).
 * A category (`all`) stands for its kinds. Requests keep the order the user typed, and
 * one kind named twice is asked once.
 */
export function parseResourceArgs(args: readonly string[], verb: string): ResourceRequest[] {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes("/"));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new UsageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form " +
          `(e.g. 'kdeck ${verb} resource/<resource_name>' instead of 'kdeck ${verb} resource resource/<resource_name>'`,
        verb,
      );
    }
    const out: ResourceRequest[] = [];
    for (const arg of args) {
      const i = arg.indexOf("/");
      const type = arg.slice(0, i);
      const name = arg.slice(i + 1);
      if (!type || !name || name.includes("/")) throw new UsageError(`arguments in resource/name form must have a single resource and name`, verb);
      const kind = resolveResourceArg(type);
      const existing = out.find((r) => r.kind === kind);
      if (existing) existing.names.push(name);
      else out.push({ kind, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const out: ResourceRequest[] = [];
  for (const type of types!.split(",")) {
    if (type === "") continue;
    const category = KINDS.filter((k) => k.categories.includes(type.toLowerCase()));
    const kinds = category.length > 0 ? category : [resolveResourceArg(type)];
    for (const kind of kinds) {
      if (!out.some((r) => r.kind === kind)) out.push({ kind, names: [...names], ...(category.length > 0 ? { viaCategory: true } : {}) });
    }
  }
  return out;
}

/** `pod`, `deployment.apps`: how kubectl names a kind in `-o name` and in apply's and delete's output. */
export function kindString(kind: Pick<KindInfo, "kind" | "group">): string {
  const lower = kind.kind.toLowerCase();
  return kind.group ? `${lower}.${kind.group}` : lower;
}

/** `pod/nginx`, `deployment.apps/web`. */
export function objectRef(kind: Pick<KindInfo, "kind" | "group">, obj: KubeObject | string): string {
  return `${kindString(kind)}/${typeof obj === "string" ? obj : (obj.metadata.name ?? "")}`;
}

/** The namespace a request for `kind` reads in: none for cluster-scoped kinds. */
export function namespaceFor(kind: KindInfo, namespace: string): string {
  return kind.namespaced ? namespace : "";
}

/** The selection flags list-style verbs share. */
export interface Selection {
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
}

/** The list request for `kind` under `-n`, `-A`, `-l` and `--field-selector`. */
export function listOptionsFor(kind: KindInfo, namespace: string, sel: Selection): ListOptions {
  return {
    ...(kind.namespaced && !sel.allNamespaces ? { namespace } : {}),
    ...(sel.selector ? { labelSelector: sel.selector } : {}),
    ...(sel.fieldSelector ? { fieldSelector: sel.fieldSelector } : {}),
  };
}
