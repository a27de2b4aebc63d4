import { DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER, StrategicMergePatchError } from "./directives.js";
import { elementKind, sortByOrder, uniqueScalars } from "./element-order.js";
import { cloneJson, compareStrings, deepEqual, goFormat, isJsonObject, jsonTypeOf, setField, type JsonObject } from "./json-value.js";
import { fieldPath, itemPath, type PatchSchema } from "./patch-meta.js";

/** What a strategic diff keeps, as apimachinery's `DiffOptions`. */
export interface DiffOptions {
  /** Emit `$setElementOrder/<field>` lists for merge lists whose content or order changed. */
  setElementOrder: boolean;
  /** Only deletions (kubectl's last-applied → manifest pass). */
  ignoreChangesAndAdditions: boolean;
  /** Only additions and changes (kubectl's live → manifest pass). */
  ignoreDeletions: boolean;
}

/**
 * A strategic merge patch that turns `original` into `modified` (apimachinery's
 * `diffMaps`): added and changed fields, `null` for removed fields, merge lists
 * diffed item by item with `$patch: delete` items, `$deleteFromPrimitiveList`,
 * `$setElementOrder` and `$retainKeys` where the field's metadata asks for them.
 */
export function diffMaps(original: JsonObject, modified: JsonObject, schema: PatchSchema, path: string, opts: DiffOptions, buildRetainKeys = false): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (buildRetainKeys && modifiedValue !== null) retainKeys.push(key);
    if (!Object.prototype.hasOwnProperty.call(original, key)) {
      if (!opts.ignoreChangesAndAdditions) setField(patch, key, cloneJson(modifiedValue));
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      if (originalValue !== modifiedValue) setField(patch, key, modifiedValue);
      continue;
    }
    if (jsonTypeOf(originalValue) !== jsonTypeOf(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) setField(patch, key, cloneJson(modifiedValue));
      continue;
    }
    const here = fieldPath(path, key);
    if (isJsonObject(originalValue)) {
      diffMapField(key, here, originalValue, modifiedValue as JsonObject, patch, schema, opts);
    } else if (Array.isArray(originalValue)) {
      diffListField(key, here, originalValue, modifiedValue as unknown[], patch, schema, opts);
    } else if (!opts.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) {
      setField(patch, key, modifiedValue);
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (!Object.prototype.hasOwnProperty.call(modified, key)) setField(patch, key, null);
    }
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasClearedField(original, modified))) {
    patch[RETAIN_KEYS] = retainKeys.sort(compareStrings);
  }
  return patch;
}

/** True when `original` has a non-null field that `modified` lacks (`$retainKeys` must then clear it). */
function hasClearedField(original: JsonObject, modified: JsonObject): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !Object.prototype.hasOwnProperty.call(modified, k));
}

function diffMapField(key: string, here: string, original: JsonObject, modified: JsonObject, patch: JsonObject, schema: PatchSchema, opts: DiffOptions): void {
  const meta = schema.field(here);
  if (meta?.strategy === "replace") {
    if (!opts.ignoreChangesAndAdditions) setField(patch, key, cloneJson(modified));
    return;
  }
  const sub = diffMaps(original, modified, schema, here, opts, meta?.retainKeys ?? false);
  if (Object.keys(sub).length > 0) setField(patch, key, sub);
}

function diffListField(key: string, here: string, original: unknown[], modified: unknown[], patch: JsonObject, schema: PatchSchema, opts: DiffOptions): void {
  const meta = schema.field(here);
  if (meta?.strategy !== "merge") {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) setField(patch, key, cloneJson(modified));
    return;
  }
  const { additions, deletions, order } = diffLists(original, modified, schema, itemPath(here), meta.mergeKey ?? "", opts, meta.retainKeys ?? false);
  if (additions.length > 0) setField(patch, key, additions);
  if (deletions.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}${key}`] = deletions;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}${key}`] = order;
}

interface ListDiff {
  /** The patch list: added and changed items (then `$patch: delete` items for lists of maps). */
  additions: unknown[];
  /** Scalars to drop (`$deleteFromPrimitiveList`). */
  deletions: unknown[];
  /** `$setElementOrder` list, empty when none is needed. */
  order: unknown[];
}

function diffLists(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  itemsPath: string,
  mergeKey: string,
  opts: DiffOptions,
  retainKeys: boolean,
): ListDiff {
  if (original.length === 0) {
    const additions = modified.length === 0 || opts.ignoreChangesAndAdditions ? [] : cloneJson(modified);
    return { additions, deletions: [], order: [] };
  }
  const kind = elementKind(original, modified);
  if (kind === "map") {
    if (!mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${itemsPath}`);
    const { changed, deleted } = diffListsOfMaps(original, modified, schema, itemsPath, mergeKey, opts, retainKeys);
    const additions = [...sortByOrder(changed, modified, mergeKey), ...deleted];
    const orderSame = original.length === modified.length && modified.every((m, i) => deepEqual(keyOf(original[i], mergeKey), keyOf(m, mergeKey)));
    const wantOrder =
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (additions.length > 0 || !orderSame)) || (!opts.ignoreDeletions && additions.length > 0));
    const order = wantOrder ? modified.map((m) => ({ [mergeKey]: keyOf(m, mergeKey) })) : [];
    return { additions, deletions: [], order };
  }
  const { added, removed } = diffListsOfScalars(original, modified, opts);
  const wantOrder =
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && removed.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return { additions: sortByOrder(added, modified, ""), deletions: removed, order: wantOrder ? cloneJson(modified) : [] };
}

function keyOf(item: unknown, mergeKey: string): unknown {
  if (!isJsonObject(item) || !Object.prototype.hasOwnProperty.call(item, mergeKey)) {
    throw StrategicMergePatchError.noMergeKey(item, mergeKey);
  }
  return item[mergeKey];
}

/** Walks both lists sorted by `%v` of their merge keys, as apimachinery does. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: PatchSchema,
  itemsPath: string,
  mergeKey: string,
  opts: DiffOptions,
  retainKeys: boolean,
): { changed: unknown[]; deleted: unknown[] } {
  const sortByKey = (list: unknown[]): { item: JsonObject; key: unknown; s: string }[] =>
    list
      .map((item) => {
        const key = keyOf(item, mergeKey);
        return { item: item as JsonObject, key, s: goFormat(key) };
      })
      .sort((a, b) => compareStrings(a.s, b.s));
  const o = sortByKey(original);
  const m = sortByKey(modified);
  const changed: unknown[] = [];
  const deleted: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const oi = o[i];
    const mj = m[j];
    if (oi && mj && oi.s === mj.s) {
      const sub = diffMaps(oi.item, mj.item, schema, itemsPath, opts, retainKeys);
      if (Object.keys(sub).length > 0) {
        setField(sub, mergeKey, cloneJson(mj.key));
        changed.push(sub);
      }
      i++;
      j++;
    } else if (mj && (!oi || oi.s > mj.s)) {
      if (!opts.ignoreChangesAndAdditions) changed.push(cloneJson(mj.item));
      j++;
    } else if (oi) {
      if (!opts.ignoreDeletions) deleted.push({ [DIRECTIVE]: "delete", [mergeKey]: cloneJson(oi.key) });
      i++;
    }
  }
  return { changed, deleted };
}

function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): { added: unknown[]; removed: unknown[] } {
  const sorted = (list: unknown[]): { v: unknown; s: string }[] => list.map((v) => ({ v, s: goFormat(v) })).sort((a, b) => compareStrings(a.s, b.s));
  const o = sorted(original);
  const m = sorted(modified);
  const added: unknown[] = [];
  const removed: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const oi = o[i];
    const mj = m[j];
    if (oi && mj && oi.s === mj.s) {
      i++;
      j++;
    } else if (mj && (!oi || oi.s > mj.s)) {
      if (!opts.ignoreChangesAndAdditions) added.push(mj.v);
      j++;
    } else if (oi) {
      if (!opts.ignoreDeletions) removed.push(oi.v);
      i++;
    }
  }
  return { added, removed: uniqueScalars(removed) };
}
