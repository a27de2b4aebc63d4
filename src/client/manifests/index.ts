/**
 * Reading manifests as `kubectl apply -f` does, keeping where every field came
 * from so that errors can name the file and line.
 */
export { readManifestSources, MANIFEST_EXTENSIONS, type ManifestSource } from "./sources.js";
export { parseManifests, type ManifestDocument } from "./parse.js";
export { locateField, parseFieldPath, type SourceNode, type SourcePosition } from "./source-tree.js";
export { resolvePlainScalar, type ResolvedScalar } from "./yaml-scalars.js";
