/**
 * Pieces every describer shares: label and annotation blocks, RFC 1123 timestamps,
 * `<none>` defaults and label-selector text, as kubectl/pkg/describe writes them.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { parseTime } from "../../core/engine/clock.js";
import { LEVEL_0, type PrefixWriter } from "./prefix-writer.js";

/** What the caller knows that output depends on. */
export interface DescribeContext {
  /** Virtual now, epoch ms: ages are computed from it, never from the wall clock. */
  now: number;
  /** False for `--show-events=false`: no Events section at all. Default true. */
  showEvents?: boolean;
}

/** Annotations kubectl never shows in describe. */
const SKIP_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);
const MAX_ANNOTATION_LEN = 140;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => String(n).padStart(2, "0");

/**
 * Go's `time.RFC1123Z` in UTC: `Mon, 01 Jan 2024 00:00:00 +0000`. An absent timestamp
 * prints as Go's zero time, as kubectl shows it.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
  const t = parseTime(timestamp ?? undefined);
  if (Number.isNaN(t)) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** `s`, or `<none>` when empty. */
export function stringOrNone(s: string | undefined): string {
  return s ? s : "<none>";
}

/** Go's `%v` of a bool in describe's True/False columns. */
export function printBool(b: boolean | undefined): string {
  return b ? "True" : "False";
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Labels:  a=b` then one aligned line per further label, or `<none>`. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Readonly<Record<string, string>> | undefined, initialIndent = ""): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort(byKey);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/**
 * `Annotations:  key: value` lines; long or multi-line values go on their own lines,
 * cut at 140 characters. The last-applied-configuration annotation is never shown.
 */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Readonly<Record<string, string>> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(byKey);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    const value = annotations![key]!.replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) {
        const short = s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s;
        w.write(LEVEL_0, `\t  ${short}\n`);
      }
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, or `<none>` for an empty selector. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return "<none>";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(byKey).join(",");
    const text =
      e.operator === "In"
        ? `${e.key} in (${values})`
        : e.operator === "NotIn"
          ? `${e.key} notin (${values})`
          : e.operator === "Exists"
            ? e.key
            : e.operator === "DoesNotExist"
              ? `!${e.key}`
              : `${e.key} ${e.operator} (${values})`;
    reqs.push({ key: e.key, text });
  }
  if (reqs.length === 0) return "<none>";
  return reqs
    .sort((a, b) => byKey(a.key, b.key))
    .map((r) => r.text)
    .join(",");
}
