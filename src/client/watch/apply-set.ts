import { createHash } from "node:crypto";
import path from "node:path";
import type { KubeObject } from "../../core/api/object.js";

/**
 * kubectl's ApplySet (KEP-3659), so that a kubectl user recognises what kdeck's watch
 * owns: members carry `applyset.kubernetes.io/part-of=<id>`; a parent object (a Secret,
 * kubectl's default) carries the id label, the tooling, the member kinds and the
 * namespaces other than its own that members live in.
 */
export const APPLYSET_PART_OF = "applyset.kubernetes.io/part-of";
export const APPLYSET_ID = "applyset.kubernetes.io/id";
export const APPLYSET_TOOLING = "applyset.kubernetes.io/tooling";
export const APPLYSET_GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";
export const APPLYSET_NAMESPACES = "applyset.kubernetes.io/additional-namespaces";
/** kdeck's own: the folder a watch's apply set belongs to, so that two folders with one name do not prune each other. */
export const WATCH_FOLDER_ANNOTATION = "kdeck.dev/watch-folder";

/** The tooling name kdeck writes (`kdeck/v0.1.0`) and accepts on an existing parent. */
export const TOOLING_NAME = "kdeck";

/** The parent object's kind: a Secret, as `kubectl apply --applyset=NAME` makes one. */
export const PARENT_KIND = { apiVersion: "v1", group: "", kind: "Secret", resource: "secrets" } as const;

/** Where an apply set's parent lives. */
export interface ApplySetRef {
  readonly name: string;
  readonly namespace: string;
  /** `applyset-<base64url(sha256(name.namespace.Secret.))>-v1`. */
  readonly id: string;
}

/**
 * kubectl's id: the URL-safe, unpadded base64 of the SHA-256 of
 * `<name>.<namespace>.<kind>.<group>`, between `applyset-` and `-v1`.
 */
export function applySetId(name: string, namespace: string, kind: string = PARENT_KIND.kind, group: string = PARENT_KIND.group): string {
  const hash = createHash("sha256").update([name, namespace, kind, group].join(".")).digest("base64url");
  return `applyset-${hash}-v1`;
}

export function applySetRef(name: string, namespace: string): ApplySetRef {
  return { name, namespace, id: applySetId(name, namespace) };
}

/**
 * The parent's name for a folder: `kdeck-watch-<folder name>`, lower-cased and cut to
 * what a Secret's name allows (a DNS subdomain of at most 253 characters).
 */
export function parentNameForFolder(dir: string): string {
  const base = path.basename(path.resolve(dir)).toLowerCase();
  const cleaned = base
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/[^a-z0-9]+$/, "");
  return `kdeck-watch-${cleaned || "folder"}`.slice(0, 253).replace(/[^a-z0-9]+$/, "");
}

/** `Deployment.apps`, `ConfigMap`: how the group-kinds annotation names a kind. */
export function groupKindString(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** Splits `Deployment.apps` at its first dot, as apimachinery's ParseGroupKind does. */
export function parseGroupKind(s: string): { group: string; kind: string } {
  const i = s.indexOf(".");
  return i < 0 ? { group: "", kind: s } : { group: s.slice(i + 1), kind: s.slice(0, i) };
}

/** What the parent records: member kinds and every namespace members live in (its own included). */
export interface ApplySetContents {
  readonly groupKinds: ReadonlySet<string>;
  readonly namespaces: ReadonlySet<string>;
}

/** A parent that exists, read and checked. */
export interface ParentRecord extends ApplySetContents {
  /** The folder recorded on it, when kdeck wrote it. */
  readonly folder?: string;
}

/**
 * Reads an existing parent the way kubectl's fetchParent checks it: it must be kdeck's
 * (tooling annotation), carry this set's id, and (kdeck's own rule) belong to `folder`.
 *
 * @throws Error with kubectl's wording when the object belongs to something else.
 */
export function readParent(obj: KubeObject, ref: ApplySetRef, folder: string): ParentRecord {
  const where = `"secrets/${ref.name}" in namespace "${ref.namespace}"`;
  const annotations = obj.metadata.annotations ?? {};
  const labels = obj.metadata.labels ?? {};
  const tooling = annotations[APPLYSET_TOOLING];
  if (tooling === undefined) {
    throw new Error(`ApplySet parent object ${where} already exists and is missing required annotation "${APPLYSET_TOOLING}"`);
  }
  const managedBy = toolingBaseName(tooling);
  if (managedBy !== TOOLING_NAME) {
    throw new Error(`ApplySet parent object ${where} already exists and is managed by tooling "${managedBy}" instead of "${TOOLING_NAME}"`);
  }
  const id = labels[APPLYSET_ID];
  if (id === undefined) throw new Error(`ApplySet parent object ${where} exists and does not have required label ${APPLYSET_ID}`);
  if (id !== ref.id) {
    throw new Error(`ApplySet parent object ${where} exists and has incorrect value for label "${APPLYSET_ID}" (got: ${id}, want: ${ref.id})`);
  }
  const recorded = annotations[WATCH_FOLDER_ANNOTATION];
  if (recorded !== undefined && recorded !== folder) {
    throw new Error(
      `ApplySet parent object ${where} belongs to the folder ${recorded}, not ${folder}: ` +
        `pass --applyset with another name, or delete the secret to let this folder take the set over`,
    );
  }
  const gks = annotations[APPLYSET_GROUP_KINDS];
  const namespaces = new Set((annotations[APPLYSET_NAMESPACES] ?? "").split(",").filter((s) => s !== ""));
  namespaces.add(ref.namespace);
  return {
    groupKinds: new Set((gks ?? "").split(",").filter((s) => s !== "")),
    namespaces,
    ...(recorded !== undefined ? { folder: recorded } : {}),
  };
}

/** `helm/v3` → `helm`, `example.com/tool/v1` → `example.com/tool`, as kubectl reads it. */
function toolingBaseName(tooling: string): string {
  const parts = tooling.split("/");
  return parts.length >= 2 ? parts.slice(0, -1).join("/") : tooling;
}

/**
 * The parent as kdeck writes it: kubectl's labels and annotations (kinds sorted, the
 * parent's own namespace left out of additional-namespaces), plus the folder.
 */
export function parentObject(ref: ApplySetRef, contents: ApplySetContents, folder: string, toolingVersion: string): KubeObject {
  const others = [...contents.namespaces].filter((ns) => ns !== ref.namespace && ns !== "").sort();
  return {
    apiVersion: PARENT_KIND.apiVersion,
    kind: PARENT_KIND.kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [APPLYSET_ID]: ref.id },
      annotations: {
        [APPLYSET_TOOLING]: `${TOOLING_NAME}/${toolingVersion.startsWith("v") ? toolingVersion : `v${toolingVersion}`}`,
        [APPLYSET_GROUP_KINDS]: [...contents.groupKinds].sort().join(","),
        [APPLYSET_NAMESPACES]: others.join(","),
        [WATCH_FOLDER_ANNOTATION]: folder,
      },
    },
    type: "Opaque",
  };
}

/** The union of two contents: what a parent records before a round (kubectl's "superset" update). */
export function unionContents(a: ApplySetContents, b: ApplySetContents): ApplySetContents {
  return { groupKinds: new Set([...a.groupKinds, ...b.groupKinds]), namespaces: new Set([...a.namespaces, ...b.namespaces]) };
}

/** True when both record the same kinds and namespaces. */
export function sameContents(a: ApplySetContents, b: ApplySetContents): boolean {
  const eq = (x: ReadonlySet<string>, y: ReadonlySet<string>) => x.size === y.size && [...x].every((v) => y.has(v));
  return eq(a.groupKinds, b.groupKinds) && eq(a.namespaces, b.namespaces);
}
