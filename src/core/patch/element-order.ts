import { StrategicMergePatchError, DIRECTIVE } from "./directives.js";
import { deepEqual, goFormat, isJsonObject } from "./json-value.js";

/**
 * List ordering for strategic merge patch, after apimachinery's "preserve order in
 * strategic merge patch" design: items named by the patch (or its
 * `$setElementOrder` list) take the patch's order, items only the server has keep
 * their order from the live list, and the two are interleaved by that live order.
 */

/** The value that identifies a list item: its merge key, or the item itself for scalars. */
function identity(item: unknown, mergeKey: string): unknown {
  return mergeKey && isJsonObject(item) ? item[mergeKey] : item;
}

/** Index of the item with the same identity as `item` in `list`, or -1. */
export function indexOfItem(list: readonly unknown[], item: unknown, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex((v) => deepEqual(identity(v, mergeKey), id));
}

/** Throws apimachinery's error for a list item without the declared merge key. */
export function requireMergeKey(items: readonly unknown[], mergeKey: string): void {
  for (const item of items) {
    if (!isJsonObject(item) || !Object.prototype.hasOwnProperty.call(item, mergeKey)) {
      throw StrategicMergePatchError.noMergeKey(item, mergeKey);
    }
  }
}

/** Splits `items` into those `partitionBy` names and the rest, keeping their order. */
export function partitionByPresence(items: readonly unknown[], partitionBy: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  if (mergeKey) requireMergeKey(items, mergeKey);
  const present: unknown[] = [];
  const absent: unknown[] = [];
  for (const item of items) (indexOfItem(partitionBy, item, mergeKey) >= 0 ? present : absent).push(item);
  return [present, absent];
}

/**
 * Sorts `toSort` by the position of each item in `order`. Items `order` does not
 * name keep their relative order after the others, and `$patch: delete` items go last.
 */
export function sortByOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string): unknown[] {
  let deletions: unknown[] = [];
  let items = [...toSort];
  if (mergeKey) {
    requireMergeKey(items, mergeKey);
    requireMergeKey(order, mergeKey);
    deletions = items.filter((v) => isJsonObject(v) && v[DIRECTIVE] === "delete");
    items = items.filter((v) => !(isJsonObject(v) && v[DIRECTIVE] === "delete"));
  }
  const ranked = items.map((item, i) => ({ item, i, at: indexOfItem(order, item, mergeKey) }));
  ranked.sort((a, b) => {
    if (a.at >= 0 && b.at >= 0) return a.at - b.at || a.i - b.i;
    if (a.at >= 0) return -1;
    if (b.at >= 0) return 1;
    return a.i - b.i;
  });
  return [...ranked.map((r) => r.item), ...deletions];
}

/**
 * Interleaves server-only items (`left`) into patch items (`right`): a server-only
 * item goes before a patch item only when the live list (`serverOrder`) has both
 * and puts it first; otherwise the patch item comes first. This is why a raw patch
 * that adds a container without `$setElementOrder` puts it at the front.
 */
export function mergeSortedSlice(left: readonly unknown[], right: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) {
      out.push(right[j++]);
    } else if (j >= right.length) {
      out.push(left[i++]);
    } else {
      const li = indexOfItem(serverOrder, left[i], mergeKey);
      const ri = indexOfItem(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Orders patch items by `patchOrder`, server-only items by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patchItems: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
): unknown[] {
  const patchSorted = sortByOrder(patchItems, patchOrder, mergeKey);
  const serverSorted = sortByOrder(serverOnly, serverOrder, mergeKey);
  return mergeSortedSlice(serverSorted, patchSorted, serverOrder, mergeKey);
}

/** Removes repeated scalars, keeping the first of each. */
export function uniqueScalars(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of items) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

/** What a list holds, as apimachinery's `sliceElementType` decides it. */
export function elementKind(...lists: readonly (readonly unknown[])[]): "map" | "scalar" | "empty" {
  let kind: "map" | "scalar" | "empty" = "empty";
  for (const list of lists) {
    for (const v of list) {
      if (Array.isArray(v)) throw new StrategicMergePatchError("lists of lists are not supported");
      const k = isJsonObject(v) ? "map" : "scalar";
      if (kind !== "empty" && kind !== k) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goFormat(lists)}`);
      }
      kind = k;
    }
  }
  return kind;
}
