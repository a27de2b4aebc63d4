import { createJsonMergePatch, filterMergePatchNulls, jsonMergePatch } from "./json-merge-patch.js";
import { isJsonObject, type JsonObject } from "./json-value.js";
import { patchSchemaFor } from "./patch-meta.js";
import { diffMaps } from "./strategic-diff.js";
import { mergeMap } from "./strategic-merge.js";

/** Raised when a three-way patch would change what identifies the object (kubectl's precondition). */
export class PatchPreconditionError extends Error {
  constructor() {
    super("At least one of apiVersion, kind and name was changed");
    this.name = "PatchPreconditionError";
  }
}

/**
 * kubectl apply's three-way patch (CreateThreeWayMergePatch). Deletions come from
 * `lastApplied` → `modified`, so only fields the manifest once set and has since
 * dropped are removed; additions and changes come from `current` → `modified`, so
 * fields that others set (replicas changed by hand, status, defaults, labels added
 * with `kubectl label`) survive. Built-in kinds get a strategic merge patch, other
 * kinds (custom resources) a JSON merge patch, as kubectl does. Returns `{}` when
 * applying would change nothing.
 *
 * @throws {PatchPreconditionError} if the patch would change apiVersion, kind or metadata.name.
 */
export function threeWayMergePatch(lastApplied: unknown | undefined, modified: unknown, current: unknown, kind: string): Record<string, unknown> {
  const original = isJsonObject(lastApplied) ? lastApplied : {};
  if (!isJsonObject(modified)) throw new TypeError("the applied configuration must be a JSON object");
  if (!isJsonObject(current)) throw new TypeError("the live object must be a JSON object");
  const schema = patchSchemaFor(kind);
  let patch: JsonObject;
  if (schema.strategic) {
    const deletions = diffMaps(original, modified, schema, "", { setElementOrder: true, ignoreChangesAndAdditions: true, ignoreDeletions: false });
    const delta = diffMaps(current, modified, schema, "", { setElementOrder: true, ignoreChangesAndAdditions: false, ignoreDeletions: true });
    patch = mergeMap(deletions, delta, schema, "", { apply: false });
  } else {
    const additions = filterMergePatchNulls(createJsonMergePatch(current, modified) as JsonObject, false);
    const deletions = filterMergePatchNulls(createJsonMergePatch(original, modified) as JsonObject, true);
    patch = jsonMergePatch(deletions, additions) as JsonObject;
  }
  checkPreconditions(patch);
  return patch;
}

/**
 * A strategic merge patch from `original` to `modified` (CreateTwoWayMergePatch),
 * for commands that edit a copy of the live object (`label`, `annotate`, `edit`).
 */
export function twoWayMergePatch(original: unknown, modified: unknown, kind: string): Record<string, unknown> {
  if (!isJsonObject(original) || !isJsonObject(modified)) throw new TypeError("both objects must be JSON objects");
  const schema = patchSchemaFor(kind);
  if (!schema.strategic) return createJsonMergePatch(original, modified) as JsonObject;
  return diffMaps(original, modified, schema, "", { setElementOrder: true, ignoreChangesAndAdditions: false, ignoreDeletions: false });
}

function checkPreconditions(patch: JsonObject): void {
  const metadata = patch.metadata;
  if ("apiVersion" in patch || "kind" in patch || (isJsonObject(metadata) && "name" in metadata)) {
    throw new PatchPreconditionError();
  }
}

/**
 * True when a patch would change nothing: `{}`, `null`, an empty JSON patch, or an
 * object whose values are all empty objects in turn.
 */
export function isEmptyPatch(p: unknown): boolean {
  if (p === undefined || p === null) return true;
  if (Array.isArray(p)) return p.length === 0;
  if (!isJsonObject(p)) return false;
  return Object.values(p).every((v) => isJsonObject(v) && isEmptyPatch(v));
}

