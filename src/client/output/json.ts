/**
 * `-o json`: Go's encoding/json as kubectl uses it on unstructured objects — keys
 * sorted at every level, four-space indent, and `<`, `>`, `&`, U+2028, U+2029 escaped.
 */
import type { KubeObject } from "../../core/api/object.js";

/** The List kubectl wraps several objects (or any list request) in. */
export function asList(objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: "v1", items: [...objects], kind: "List", metadata: { resourceVersion: "" } };
}

/** The value -o json/yaml prints: the object itself for one named object, else a List. */
export function printable(objects: readonly KubeObject[], single: boolean): unknown {
  return single && objects.length === 1 ? objects[0] : asList(objects);
}

const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** A JSON string literal as Go writes it (HTML-safe). */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (m) => GO_ESCAPES[m]!);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go sorts map keys by their bytes; for JSON keys that is plain string order. */
export function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function encode(v: unknown, indent: string, step: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (!step) return `[${v.map((x) => encode(x, "", "")).join(",")}]`;
    const inner = indent + step;
    return `[\n${v.map((x) => inner + encode(x, inner, step)).join(",\n")}\n${indent}]`;
  }
  if (isRecord(v)) {
    const keys = sortedKeys(v);
    if (keys.length === 0) return "{}";
    if (!step) return `{${keys.map((k) => `${goJsonString(k)}:${encode(v[k], "", "")}`).join(",")}}`;
    const inner = indent + step;
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${encode(v[k], inner, step)}`).join(",\n")}\n${indent}}`;
  }
  return "null";
}

/** Compact JSON as Go's json.Marshal writes it (used by jsonpath for maps and lists). */
export function goJsonCompact(v: unknown): string {
  return encode(v, "", "");
}

/** Indented JSON as Go's json.MarshalIndent(v, "", "    ") writes it. */
export function goJsonIndent(v: unknown): string {
  return encode(v, "", "    ");
}

/**
 * `kubectl get -o json`: one object (when one was asked for by name) as itself,
 * otherwise `{"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}`,
 * four-space indented, with a trailing newline.
 */
export function formatJson(objects: readonly KubeObject[], single: boolean): string {
  return `${goJsonIndent(printable(objects, single))}\n`;
}
