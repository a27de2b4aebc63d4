import type { KubeObject } from "../api/object.js";
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  StrategicMergePatchError,
} from "./directives.js";
import { elementKind, indexOfItem, normalizeElementOrder, partitionByPresence, requireMergeKey, uniqueScalars } from "./element-order.js";
import { cloneJson, deepEqual, isJsonObject, jsonTypeOf, setField, type JsonObject } from "./json-value.js";
import { fieldPath, itemPath, patchSchemaFor, type FieldPatchMeta, type PatchSchema } from "./patch-meta.js";

/**
 * How {@link mergeMap} runs. The API server applies a patch (`apply: true`): parallel
 * lists are executed, nulls that match nothing are dropped, directives never reach
 * the result. kubectl combines its deletions patch with its additions patch
 * (`apply: false`): directives are carried through so the combined patch still says
 * everything both did.
 */
export interface MergeOptions {
  apply: boolean;
}

/**
 * Applies a strategic merge patch to a Kubernetes object, as the API server does
 * for `kubectl patch --type strategic` and for the patch `kubectl apply` sends.
 * Lists tagged `patchStrategy: merge` merge item by item on their merge key; other
 * lists are replaced; `null` deletes a field; the directives `$patch`
 * (`replace`/`delete`/`merge`), `$retainKeys`, `$deleteFromPrimitiveList/<field>`
 * and `$setElementOrder/<field>` are honoured. Neither input is changed.
 *
 * Unlike apimachinery, a directive inside a value that is new to the object is
 * resolved too, rather than stored verbatim.
 */
export function strategicMergePatch(original: KubeObject, patch: unknown): KubeObject {
  if (!isJsonObject(patch)) {
    throw new StrategicMergePatchError("a strategic merge patch must be a JSON object");
  }
  const schema = patchSchemaFor(original.kind);
  return mergeMap(cloneJson(original as JsonObject), cloneJson(patch), schema, "", { apply: true }) as KubeObject;
}

/**
 * Merges `patch` into `original` (both owned by the caller and changed in place)
 * and returns the result; `path` is where `original` sits in the object.
 */
export function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema, path: string, opts: MergeOptions): JsonObject {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === "delete") return {};
    if (directive === "replace") {
      delete patch[DIRECTIVE];
      return opts.apply ? mergeMap({}, patch, schema, path, opts) : patch;
    }
    if (directive !== "merge") throw StrategicMergePatchError.badPatchType(directive, patch);
    delete patch[DIRECTIVE];
  }
  applyRetainKeys(original, patch, opts);
  applySetElementOrder(original, patch, schema, path, opts);

  // Deletions from primitive lists run after additions, so `[a] + delete [a]` ends empty.
  const keys = Object.keys(patch);
  const ordered = [...keys.filter((k) => !k.startsWith(DELETE_FROM_PRIMITIVE_LIST)), ...keys.filter((k) => k.startsWith(DELETE_FROM_PRIMITIVE_LIST))];
  for (const patchKey of ordered) {
    const patchValue = patch[patchKey];
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!opts.apply) {
        setField(original, patchKey, patchValue);
        continue;
      }
      key = patchKey.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      if (!key) throw new StrategicMergePatchError("invalid patch format of primitive list");
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete original[key];
      if (opts.apply) continue;
    }
    const here = fieldPath(path, key);
    if (!Object.prototype.hasOwnProperty.call(original, key)) {
      if (!isDeleteList) setField(original, key, opts.apply ? resolveNew(patchValue, schema, here) : patchValue);
      continue;
    }
    const originalValue = original[key];
    if (jsonTypeOf(originalValue) !== jsonTypeOf(patchValue)) {
      if (!isDeleteList) setField(original, key, opts.apply ? resolveNew(patchValue, schema, here) : patchValue);
      continue;
    }
    const meta = schema.field(here);
    if (isJsonObject(originalValue)) {
      const merged = meta?.strategy === "replace" ? resolveNew(patchValue, schema, here) : mergeMap(originalValue, patchValue as JsonObject, schema, here, opts);
      setField(original, key, merged);
    } else if (Array.isArray(originalValue)) {
      if (meta?.strategy === "merge") {
        setField(original, key, mergeList(originalValue, patchValue as unknown[], meta, schema, itemPath(here), opts, isDeleteList));
      } else if (!isDeleteList) {
        setField(original, key, opts.apply ? resolveNew(patchValue, schema, here) : patchValue);
      }
    } else {
      setField(original, key, patchValue);
    }
  }
  return original;
}

/** `$retainKeys`: clears the fields of `original` the list does not name. */
function applyRetainKeys(original: JsonObject, patch: JsonObject, opts: MergeOptions): void {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!opts.apply) {
    if (Object.prototype.hasOwnProperty.call(original, RETAIN_KEYS)) {
      if (!deepEqual(original[RETAIN_KEYS], retain)) {
        throw new StrategicMergePatchError("the $retainKeys lists of the two patches differ");
      }
    } else {
      original[RETAIN_KEYS] = retain;
    }
    return;
  }
  if (!Array.isArray(retain)) throw new StrategicMergePatchError("invalid patch format of retainKeys");
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) {
      throw new StrategicMergePatchError(`invalid patch format of retainKeys: field "${k}" is patched but not retained`);
    }
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>`: merges the field's list (if the patch has one) and
 * puts the items the order list names in that order.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, schema: PatchSchema, path: string, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (!opts.apply) {
      if (Object.prototype.hasOwnProperty.call(original, key)) {
        if (!deepEqual(original[key], order)) throw new StrategicMergePatchError("invalid patch format of setElementOrder list");
      } else {
        setField(original, key, order);
      }
    }
    delete patch[key];
    const field = key.slice(SET_ELEMENT_ORDER.length);
    if (!field || !Array.isArray(order)) throw new StrategicMergePatchError("invalid patch format of setElementOrder list");
    const here = fieldPath(path, field);
    const meta = schema.field(here);
    const originalList = listAt(original, field);
    const patchList = listAt(patch, field);
    let merged: unknown[];
    if (originalList && patchList) {
      merged =
        meta?.strategy === "merge"
          ? mergeList(originalList, patchList, meta, schema, itemPath(here), opts, false)
          : opts.apply
            ? (resolveNew(patchList, schema, here) as unknown[])
            : patchList;
    } else if (patchList) {
      merged = opts.apply ? (resolveNew(patchList, schema, here) as unknown[]) : patchList;
    } else if (originalList) {
      merged = originalList;
    } else {
      continue;
    }
    const mergeKey = meta?.mergeKey ?? "";
    const [named, serverOnly] = partitionByPresence(merged, order, mergeKey);
    setField(original, field, normalizeElementOrder(named, serverOnly, order, originalList ?? [], mergeKey));
    delete patch[field];
  }
}

function listAt(obj: JsonObject, field: string): unknown[] | undefined {
  if (!Object.prototype.hasOwnProperty.call(obj, field)) return undefined;
  const v = obj[field];
  if (!Array.isArray(v)) throw new StrategicMergePatchError(`field "${field}" has a $setElementOrder list but is not a list`);
  return v;
}

/** Merges a list whose field is tagged `patchStrategy: merge`. */
function mergeList(
  original: unknown[],
  patch: unknown[],
  meta: FieldPatchMeta,
  schema: PatchSchema,
  itemsPath: string,
  opts: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== "map") {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => deepEqual(d, v)));
    const merged = uniqueScalars([...original, ...patch]);
    const [named, serverOnly] = partitionByPresence(merged, patch, "");
    return normalizeElementOrder(named, serverOnly, patch, original, "");
  }
  const mergeKey = meta.mergeKey;
  if (!mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${itemsPath}`);
  const [remaining, plainPatch] = applyListDirectives(original, patch, mergeKey);
  const merged = [...remaining];
  for (const item of plainPatch) {
    requireMergeKey([item], mergeKey);
    const at = indexOfItem(merged, item, mergeKey);
    if (at >= 0 && isJsonObject(merged[at])) {
      merged[at] = mergeMap(merged[at] as JsonObject, item as JsonObject, schema, itemsPath, opts);
    } else {
      merged.push(opts.apply ? resolveNew(item, schema, itemsPath) : item);
    }
  }
  const [named, serverOnly] = partitionByPresence(merged, plainPatch, mergeKey);
  return normalizeElementOrder(named, serverOnly, plainPatch, remaining, mergeKey);
}

/**
 * Handles the directive items of a patch list: `{$patch: delete, <key>: v}` removes
 * the matching items, `{$patch: replace}` makes the rest of the patch list the whole
 * list. A `{$patch: merge}` item asks for what merge lists do anyway and is dropped.
 * Returns what is left of the original and the patch items without directives.
 */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  let remaining = original;
  let replace = false;
  const plain: unknown[] = [];
  for (const item of patch) {
    if (!isJsonObject(item) || !Object.prototype.hasOwnProperty.call(item, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === "delete") {
      if (!Object.prototype.hasOwnProperty.call(item, mergeKey)) throw StrategicMergePatchError.noMergeKey(item, mergeKey);
      remaining = remaining.filter((v) => indexOfItem([item], v, mergeKey) < 0);
    } else if (directive === "replace") {
      replace = true;
    } else if (directive !== "merge") {
      throw StrategicMergePatchError.badPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [remaining, plain];
}

/**
 * A patch value that has nothing to merge with: its directives are resolved against
 * an empty value and its nulls dropped, so none of them reach the stored object.
 */
function resolveNew(value: unknown, schema: PatchSchema, path: string): unknown {
  if (isJsonObject(value)) return mergeMap({}, value, schema, path, { apply: true });
  if (!Array.isArray(value)) return value;
  const meta = schema.field(path);
  if (meta?.strategy === "merge" && meta.mergeKey && elementKind(value) === "map") {
    return mergeList([], value, meta, schema, itemPath(path), { apply: true }, false);
  }
  return value
    .filter((item) => !(isJsonObject(item) && Object.prototype.hasOwnProperty.call(item, DIRECTIVE)))
    .map((item) => (isJsonObject(item) ? mergeMap({}, item, schema, itemPath(path), { apply: true }) : item));
}
