/**
 * Small readers for manifests that have not been type-checked yet: a field declared as
 * a list or map may hold anything, and validation must report, not crash.
 */

/**
 * The elements of a list field, or none when it is absent or not a list. A `null`
 * element reads as an empty object, as Go decodes it into a zero-valued struct.
 */
export function listOf<T>(value: readonly T[] | undefined | null): T[] {
  return Array.isArray(value) ? (value as T[]).map((v) => (v === null || v === undefined ? ({} as T) : v)) : [];
}

/** The object elements of a list field, for code that fills them in; other elements are skipped. */
export function objectsOf<T extends object>(value: readonly T[] | undefined | null): T[] {
  return Array.isArray(value) ? (value as T[]).filter((v) => isRecord(v)) : [];
}

/** The entries of a map field, in document order, or none when it is absent or not a map. */
export function entriesOf<T>(value: Readonly<Record<string, T>> | undefined | null): [string, T][] {
  return isRecord(value) ? (Object.entries(value) as [string, T][]) : [];
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field's value, `""` when absent. */
export function str(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}
