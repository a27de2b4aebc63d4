/**
 * kubectl's generic describer, for kinds without their own: name, namespace, labels
 * and annotations, then every other field of the object as indented `Label:  value`
 * lines (keys sorted, camelCase split into words), then events.
 */
import type { Event } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../core/api/object.js";
import { goNumber } from "../output/go-format.js";
import { printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

const SKIP = new Set([".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"]);
const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function charClass(c: string): number {
  if (/\p{Ll}/u.test(c)) return 1;
  if (/\p{Lu}/u.test(c)) return 2;
  if (/\p{Nd}/u.test(c)) return 3;
  return 4;
}

/** github.com/fatih/camelcase.Split: `apiVersion` → `api`, `Version`; `PDFLoader` → `PDF`, `Loader`. */
export function splitCamelCase(s: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const cls = charClass(c);
    if (cls === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i]!;
    const next = runs[i + 1]!;
    if (cur.length > 0 && next.length > 0 && charClass(cur[0]!) === 2 && charClass(next[0]!) === 1) {
      next.unshift(cur.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/** A field name as describe labels it: `creationTimestamp` → `Creation Timestamp`, `uid` → `UID`. */
export function smartLabelFor(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== "-")) return field;
  return splitCamelCase(field)
    .filter((p) => p !== "_")
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(" ");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's `%v` of a decoded JSON scalar. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort(byKey)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path) || value === undefined) continue;
    if (isRecord(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isRecord(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${scalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${scalar(value)}\n`);
    }
  }
}

/** `kubectl describe` for any kind without a describer of its own. */
export function describeGeneric(obj: KubeObject, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", obj.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
  printContent(w, LEVEL_0, obj as Record<string, unknown>, "");
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
