/**
 * The patch formats the API server applies and `kubectl apply` computes: JSON merge
 * patch (RFC 7386), JSON patch (RFC 6902) and Kubernetes' strategic merge patch,
 * with kubectl's three-way patch built on top.
 */
export { jsonMergePatch, createJsonMergePatch } from "./json-merge-patch.js";
export { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from "./json-patch.js";
export { strategicMergePatch } from "./strategic-merge.js";
export { threeWayMergePatch, twoWayMergePatch, isEmptyPatch, PatchPreconditionError } from "./three-way.js";
export { StrategicMergePatchError } from "./directives.js";
export { patchSchemaFor, type FieldPatchMeta, type PatchSchema } from "./patch-meta.js";
