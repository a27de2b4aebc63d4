import type { KubeObject } from "../../core/api/object.js";
import { KINDS, type KindInfo } from "../../core/api/registry.js";
import type { Cluster } from "../cluster.js";
import {
  APPLYSET_PART_OF,
  groupKindString,
  parentObject,
  parseGroupKind,
  PARENT_KIND,
  readParent,
  unionContents,
  type ApplySetContents,
  type ApplySetRef,
} from "./apply-set.js";
import type { DeclaredObject } from "./folder.js";
import { refFor, refKey, refName, type ObjectRef } from "./object-ref.js";

/** A live object of the apply set. */
export interface Member {
  readonly ref: ObjectRef;
  readonly key: string;
  readonly object: KubeObject;
}

/** The served kind for a `Kind.group` of the group-kinds annotation (none for a kind no longer served). */
export function kindForGroupKind(gk: string): KindInfo | undefined {
  const { group, kind } = parseGroupKind(gk);
  return KINDS.find((k) => k.group === group && k.kind === kind);
}

/** The kinds and namespaces the declared objects need recorded on the parent. */
export function contentsOf(objects: readonly { ref: ObjectRef }[], parentNamespace: string): ApplySetContents {
  const groupKinds = new Set<string>();
  const namespaces = new Set<string>([parentNamespace]);
  for (const { ref } of objects) {
    groupKinds.add(groupKindString(ref.group, ref.kind));
    if (ref.namespace) namespaces.add(ref.namespace);
  }
  return { groupKinds, namespaces };
}

/**
 * Where members may be: the kinds and namespaces the parent records (when it is this
 * folder's) together with those the folder declares.
 */
export function knownContents(cluster: Cluster, ref: ApplySetRef, folderId: string, declared: readonly { ref: ObjectRef }[]): ApplySetContents {
  let recorded: ApplySetContents = { groupKinds: new Set(), namespaces: new Set([ref.namespace]) };
  const live = cluster.tryGet(PARENT_KIND.resource, ref.namespace, ref.name);
  if (live) {
    try {
      recorded = readParent(live, ref, folderId);
    } catch {
      // Not this folder's set: only what the folder declares can be looked for.
    }
  }
  return unionContents(recorded, contentsOf(declared, ref.namespace));
}

/** Members the folder no longer declares (`pod/old`), not already being deleted. */
export function undeclaredMembers(cluster: Cluster, ref: ApplySetRef, contents: ApplySetContents, declaredKeys: ReadonlySet<string>): string[] {
  return listMembers(cluster, ref, contents)
    .filter((m) => !declaredKeys.has(m.key) && !m.object.metadata.deletionTimestamp)
    .map((m) => refName(m.ref));
}

/**
 * The apply set's members as kubectl finds them: for each kind the parent records, the
 * objects labelled `part-of=<id>`, in each recorded namespace for namespaced kinds.
 */
export function listMembers(cluster: Cluster, ref: ApplySetRef, contents: ApplySetContents): Member[] {
  const labelSelector = `${APPLYSET_PART_OF}=${ref.id}`;
  const out: Member[] = [];
  for (const gk of [...contents.groupKinds].sort()) {
    const kind = kindForGroupKind(gk);
    if (!kind) continue;
    const resource = refFor(kind, "", "").resource;
    const lists = kind.namespaced
      ? [...contents.namespaces].sort().map((namespace) => cluster.list(resource, { namespace, labelSelector }))
      : [cluster.list(resource, { labelSelector })];
    for (const object of lists.flat()) {
      const r = refFor(kind, object.metadata.namespace ?? "", object.metadata.name ?? "");
      out.push({ ref: r, key: refKey(r), object });
    }
  }
  return out;
}

/** Objects every namespace gets from the control plane: they do not make a namespace "used". */
function isSystemDefault(kind: KindInfo, obj: KubeObject): boolean {
  if (kind.kind === "ServiceAccount" && obj.metadata.name === "default") return true;
  if (kind.kind === "ConfigMap" && obj.metadata.name === "kube-root-ca.crt") return true;
  return false;
}

/** Namespaces Kubernetes keeps whatever a manifest says. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/**
 * What stops a member namespace from being pruned: objects in it that the watch did
 * not apply (not members, not owned by another object, not the control plane's
 * defaults, not events), and objects the folder still declares there.
 */
export function namespaceBlockers(cluster: Cluster, namespace: string, applySetId: string, declaredKeys: ReadonlySet<string>): { foreign: string[]; declared: string[] } {
  const foreign: string[] = [];
  const declared: string[] = [];
  for (const kind of KINDS) {
    if (!kind.namespaced || kind.kind === "Event") continue;
    const resource = refFor(kind, "", "").resource;
    for (const obj of cluster.list(resource, { namespace })) {
      const r = refFor(kind, namespace, obj.metadata.name ?? "");
      if (declaredKeys.has(refKey(r))) {
        declared.push(refName(r));
        continue;
      }
      if (obj.metadata.labels?.[APPLYSET_PART_OF] === applySetId) continue;
      if ((obj.metadata.ownerReferences ?? []).length > 0 || obj.metadata.deletionTimestamp) continue;
      if (isSystemDefault(kind, obj)) continue;
      foreign.push(refName(r));
    }
  }
  return { foreign, declared };
}

/** Creates or updates the parent so that it records `contents`. */
export function writeParent(cluster: Cluster, ref: ApplySetRef, contents: ApplySetContents, folder: string, toolingVersion: string): void {
  const desired = parentObject(ref, contents, folder, toolingVersion);
  const live = cluster.tryGet(PARENT_KIND.resource, ref.namespace, ref.name);
  if (!live) {
    cluster.create(desired);
    return;
  }
  cluster.patch(PARENT_KIND.resource, ref.namespace, ref.name, { metadata: { labels: desired.metadata.labels, annotations: desired.metadata.annotations } }, "merge");
}

/** Keys of declared objects, for set lookups. */
export function keysOf(objects: readonly DeclaredObject[]): Set<string> {
  return new Set(objects.map((o) => o.key));
}
