import { cloneJson, deepEqual, isJsonObject, setField, type JsonObject } from "./json-value.js";

/**
 * Applies a JSON merge patch (RFC 7386) to `target` and returns the result.
 * Objects merge key by key, `null` removes a key, anything else (arrays included)
 * replaces. Neither input is changed.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[name];
    } else {
      setField(result, name, jsonMergePatch(result[name], value));
    }
  }
  return result;
}

/**
 * The smallest JSON merge patch that turns `original` into `modified`: changed and
 * added fields with their new values, removed fields as `null`, nested objects
 * diffed recursively, arrays replaced whole. Equal objects give `{}`.
 *
 * As RFC 7386 itself cannot express it, a `null` value inside `modified` comes out
 * as a removal.
 */
export function createJsonMergePatch(original: unknown, modified: unknown): unknown {
  if (!isJsonObject(original) || !isJsonObject(modified)) {
    return cloneJson(modified);
  }
  return diffObjects(original, modified);
}

function diffObjects(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(original)) {
    if (!Object.prototype.hasOwnProperty.call(modified, key)) setField(patch, key, null);
  }
  for (const [key, value] of Object.entries(modified)) {
    const has = Object.prototype.hasOwnProperty.call(original, key);
    const before = original[key];
    if (has && isJsonObject(before) && isJsonObject(value)) {
      const sub = diffObjects(before, value);
      if (Object.keys(sub).length > 0) setField(patch, key, sub);
    } else if (!has || !deepEqual(before, value)) {
      setField(patch, key, cloneJson(value));
    }
  }
  return patch;
}

/**
 * Keeps only the removals (`keepNulls`) or only the additions and changes of a merge
 * patch, as kubectl does when it builds a three-way JSON merge patch. An explicitly
 * empty object is a value, not an empty patch, so it counts as a change.
 */
export function filterMergePatchNulls(patch: JsonObject, keepNulls: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (keepNulls) setField(out, key, null);
    } else if (isJsonObject(value)) {
      if (Object.keys(value).length === 0) {
        if (!keepNulls) setField(out, key, value);
        continue;
      }
      const sub = filterMergePatchNulls(value, keepNulls);
      if (Object.keys(sub).length > 0) setField(out, key, sub);
    } else if (!keepNulls) {
      setField(out, key, value);
    }
  }
  return out;
}
