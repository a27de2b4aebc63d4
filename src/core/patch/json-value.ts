/**
 * Plain-JSON helpers shared by the patch formats. Every patch function works on
 * its own deep copy, so inputs (often deep-frozen store objects) are never touched.
 */

/** A JSON object: what a Kubernetes manifest or a merge patch is at its root. */
export type JsonObject = { [field: string]: unknown };

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON type of a value, used where apimachinery compares Go types. */
export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object" | "undefined";

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "boolean" || t === "number" || t === "string" || t === "undefined" ? t : "object";
}

/** Structural equality of two JSON values (object key order does not matter). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** A mutable deep copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}

/**
 * Renders a value the way Go's `%v` does for decoded JSON. apimachinery sorts merge
 * keys and scalars by this rendering and prints it in its error messages, so kdeck
 * uses it for both to order and word things the same way.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goFormat).join(" ")}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(value[k])}`).join(" ")}]`;
  }
  return String(value);
}

/** Go's string ordering (byte-wise for the ASCII strings Kubernetes keys are made of). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sets a field named by data. A plain assignment to `__proto__` would replace the
 * object's prototype instead, and `__proto__` is a valid ConfigMap key.
 */
export function setField(obj: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}
