import { ApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import { applyJsonPatch, jsonMergePatch, strategicMergePatch } from "../patch/index.js";
import type { PatchType } from "./types.js";

/** Applies a patch of the given type; a malformed patch is a BadRequest naming why. */
export function applyPatch(current: KubeObject, patch: unknown, type: PatchType): KubeObject {
  try {
    switch (type) {
      case "merge":
        return jsonMergePatch(current, patch) as KubeObject;
      case "json":
        return applyJsonPatch(current, patch) as KubeObject;
      case "strategic":
        return strategicMergePatch(current, patch);
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw ApiError.badRequest(`the patch could not be applied: ${(e as Error).message}`);
  }
}
