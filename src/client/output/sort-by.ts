/**
 * `kubectl get --sort-by=<jsonpath>`: objects ordered by the first value the
 * expression finds in each, compared as kubectl's sorter does — numbers numerically,
 * strings that are both quantities (`100m`, `1Gi`) by amount, other strings in
 * natural order (`pod-2` before `pod-10`; RFC 3339 timestamps chronologically).
 * Objects without the field sort first.
 */
import type { KubeObject } from "../../core/api/object.js";
import { tryParseAmount } from "../describe/quantity.js";
import { findJsonPathValues, JsonPathError } from "./jsonpath-eval.js";

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * `.metadata.name`, `metadata.name` and `{.metadata.name}` all mean `{.metadata.name}`
 * (kubectl's RelaxedJSONPathExpression).
 */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr === "") return expr;
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] || m[2]}}`;
}

const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/** Natural string order (github.com/fvbommel/sortorder): digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c1 = a[i]!;
    const c2 = b[j]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === "0") i++;
    while (j < b.length && b[j] === "0") j++;
    const nz1 = i;
    const nz2 = j;
    while (i < a.length && isDigit(a[i]!)) i++;
    while (j < b.length && isDigit(b[j]!)) j++;
    if (i - nz1 !== j - nz2) return i - nz1 < j - nz2;
    const n1 = a.slice(nz1, i);
    const n2 = b.slice(nz2, j);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return a.length < b.length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** kubectl's isLess over decoded JSON values. */
function isLess(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b !== null && b !== undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") {
    const qa = tryParseAmount(a);
    const qb = tryParseAmount(b);
    if (qa && qb) return qa.nanos < qb.nanos;
    return naturalLess(a, b);
  }
  if (typeof a === "boolean" && typeof b === "boolean") return !a && b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!isLess(a[i], b[i])) return false;
    }
    return true;
  }
  if (isRecord(a) || isRecord(b) || typeof a !== typeof b) {
    throw new JsonPathError(`unsortable type: ${Array.isArray(a) ? "slice" : typeof a}`);
  }
  return false;
}

/**
 * Sorts (a copy of) `objects` by a jsonpath as `--sort-by` does. Accepts
 * `.metadata.name` and `{.metadata.name}`. Throws when no object has the field.
 * Equal keys keep their input order.
 */
export function sortByJsonPath(objects: readonly KubeObject[], expr: string): KubeObject[] {
  if (objects.length <= 1) return [...objects];
  const field = relaxedJsonPathExpression(expr);
  const keyed = objects.map((object, index) => {
    const values = findJsonPathValues(field, object);
    return { object, index, found: values.length > 0, value: values[0] };
  });
  if (!keyed.some((k) => k.found)) {
    throw new JsonPathError(`couldn't find any field with path "${field}" in the list of objects`);
  }
  keyed.sort((x, y) => {
    if (!x.found || !y.found) return x.found === y.found ? x.index - y.index : x.found ? 1 : -1;
    if (isLess(x.value, y.value)) return -1;
    if (isLess(y.value, x.value)) return 1;
    return x.index - y.index;
  });
  return keyed.map((k) => k.object);
}
