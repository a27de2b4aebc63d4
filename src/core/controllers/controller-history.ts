/**
 * ControllerRevisions for DaemonSets and StatefulSets (pkg/controller/history): each
 * revision stores the pod template as a strategic-merge patch, numbered in order;
 * `rollout history` reads them and `rollout undo` applies one back.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { canonicalJson, controllerRefOf, newControllerRef } from "./controller-utils.js";

export const CONTROLLER_REVISIONS = "controllerrevisions.apps";

/** `{"spec":{"template":{…,"$patch":"replace"}}}`: what both controllers store (getPatch). */
export function templatePatch(template: PodTemplateSpec | undefined): Record<string, unknown> {
  return { spec: { template: { ...(template ?? {}), $patch: "replace" } } };
}

/** The revision's number, 0 when absent. */
export function revisionNumber(cr: KubeObject): number {
  return typeof cr.revision === "number" ? cr.revision : 0;
}

/** The revisions `owner` controls, oldest revision first. */
export function ownedRevisions(api: Api, owner: KubeObject): KubeObject[] {
  return api
    .list(CONTROLLER_REVISIONS, { namespace: owner.metadata.namespace ?? "" })
    .filter((cr) => controllerRefOf(cr)?.uid === owner.metadata.uid)
    .sort((a, b) => revisionNumber(a) - revisionNumber(b) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

/** The stored template of a revision. */
export function revisionTemplate(cr: KubeObject): PodTemplateSpec | undefined {
  const data = cr.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const t = data?.spec?.template;
  if (!t) return undefined;
  const copy = { ...t };
  delete copy.$patch;
  return copy as PodTemplateSpec;
}

/** Same stored data, whatever the key order. */
export function sameData(cr: KubeObject, data: unknown): boolean {
  return canonicalJson(cr.data) === canonicalJson(data);
}

/**
 * The revision for the owner's current template: the existing one with equal data
 * (renumbered to the newest when it is an older one coming back), or a new one named
 * `<owner>-<hash>`. Returns the revision and whether its number was raised.
 */
export function currentRevision(
  api: Api,
  owner: KubeObject,
  revisions: KubeObject[],
  data: Record<string, unknown>,
  name: (collisionCount: number) => { name: string; labels: Record<string, string> },
  collisionCount: number,
): KubeObject {
  const max = revisions.reduce((m, cr) => Math.max(m, revisionNumber(cr)), 0);
  const equal = revisions.filter((cr) => sameData(cr, data));
  if (equal.length > 0) {
    const cr = equal[equal.length - 1]!;
    if (revisionNumber(cr) < max) return api.update({ ...cr, revision: max + 1 });
    return cr;
  }
  for (let collisions = collisionCount; ; collisions++) {
    const { name: crName, labels } = name(collisions);
    const draft: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: crName,
        namespace: owner.metadata.namespace,
        labels,
        ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(owner)],
      },
      data,
      revision: max + 1,
    };
    try {
      return api.create(draft);
    } catch (e) {
      if (!isApiError(e, "AlreadyExists")) throw e;
      const existing = api.tryGet(CONTROLLER_REVISIONS, owner.metadata.namespace ?? "", crName);
      if (existing && controllerRefOf(existing)?.uid === owner.metadata.uid && sameData(existing, data)) return existing;
      if (collisions > collisionCount + 5) throw e;
    }
  }
}

/** Deletes the oldest revisions no live pod uses, beyond the history limit. */
export function truncateHistory(api: Api, revisions: KubeObject[], live: ReadonlySet<string>, current: KubeObject, limit: number): void {
  const old = revisions.filter((cr) => cr.metadata.name !== current.metadata.name && !live.has(cr.metadata.name ?? ""));
  const excess = old.length - limit;
  for (const cr of old.slice(0, Math.max(0, excess))) {
    try {
      api.delete(CONTROLLER_REVISIONS, cr.metadata.namespace ?? "", cr.metadata.name ?? "");
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }
}
