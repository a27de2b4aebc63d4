import { toStorageVersion } from "../core/api/conversion.js";
import type { KubeObject } from "../core/api/object.js";
import { kindForObject, resourceOf } from "../core/api/registry.js";
import type { Api } from "../core/apiserver/types.js";
import { isEmptyPatch, threeWayMergePatch } from "../core/patch/index.js";
import type { ApplyResult } from "./cluster.js";

/** The annotation kubectl's client-side apply keeps the last applied manifest in. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * kubectl's client-side apply: create the object with the manifest recorded in the
 * last-applied annotation, or patch the live object with a three-way strategic merge
 * (fields removed from the manifest are removed; fields others set are kept).
 */
export function applyObject(api: Api, raw: KubeObject, opts: { dryRun?: boolean } = {}): ApplyResult {
  // Merged in the version the cluster stores (an autoscaling/v1 manifest as autoscaling/v2).
  const manifest = toStorageVersion(raw);
  const kind = kindForObject(manifest.apiVersion, manifest.kind);
  const resource = resourceOf(kind);
  const modified = withLastApplied(manifest);
  const namespace = kind.namespaced ? (manifest.metadata.namespace ?? "default") : "";
  const live = api.tryGet(resource, namespace, manifest.metadata.name ?? "");
  const write = { dryRun: opts.dryRun, fieldValidation: "Strict" as const, fieldManager: "kubectl-client-side-apply" };
  if (!live || !manifest.metadata.name) {
    return { object: api.create(modified, write), action: "created" };
  }
  const lastRaw = live.metadata.annotations?.[LAST_APPLIED];
  let lastApplied: unknown;
  try {
    lastApplied = lastRaw ? JSON.parse(lastRaw) : undefined;
  } catch {
    lastApplied = undefined;
  }
  const patch = threeWayMergePatch(lastApplied, modified, live, kind.kind);
  if (isEmptyPatch(patch)) return { object: live, action: "unchanged" };
  const object = api.patch(resource, namespace, live.metadata.name!, patch, "strategic", write);
  return { object, action: object.metadata.resourceVersion === live.metadata.resourceVersion ? "unchanged" : "configured" };
}

/** The manifest with itself (minus the annotation and status) recorded in the annotation, as kubectl writes it. */
function withLastApplied(manifest: KubeObject): KubeObject {
  const annotations = { ...(manifest.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const recorded: KubeObject = {
    ...manifest,
    metadata: { ...manifest.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
  };
  if (Object.keys(annotations).length === 0) delete recorded.metadata.annotations;
  delete recorded.status;
  return {
    ...manifest,
    metadata: { ...manifest.metadata, annotations: { ...annotations, [LAST_APPLIED]: JSON.stringify(recorded) + "\n" } },
  };
}
