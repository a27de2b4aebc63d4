/**
 * `-o yaml` as kubectl writes it: keys sorted at every level, two-space indent,
 * lists not indented under their key (`- name:` aligned with the parent key), and
 * strings quoted and folded the way go-yaml v2 does.
 *
 * The `yaml` package lays out the structure; every string goes through it as a plain
 * placeholder and is then written by `emitYamlString` at its final column, because
 * go-yaml's choice of quotes and fold points depends on where the string lands.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { KubeObject } from "../../core/api/object.js";
import { printable, sortedKeys } from "./json.js";
import { emitYamlString } from "./yaml-scalar.js";

const PLACEHOLDER = /kdeckS(\d+)Z/g;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Builder {
  readonly strings: string[] = [];

  private str(s: string): Scalar {
    this.strings.push(s);
    return new Scalar(`kdeckS${this.strings.length - 1}Z`);
  }

  node(v: unknown): unknown {
    if (v === null || v === undefined) return new Scalar(null);
    if (typeof v === "string") return this.str(v);
    if (typeof v === "number" || typeof v === "boolean") return new Scalar(v);
    if (Array.isArray(v)) {
      const seq = new YAMLSeq();
      for (const item of v) seq.items.push(this.node(item));
      return seq;
    }
    if (isRecord(v)) {
      const map = new YAMLMap();
      for (const k of sortedKeys(v)) map.items.push(new Pair(this.str(k), this.node(v[k])));
      return map;
    }
    return new Scalar(null);
  }
}

/** Continuation indent for a scalar that starts after `prefix` on its line. */
function continuationIndent(prefix: string): number {
  const m = /^( *(?:- )*)(.*)$/.exec(prefix)!;
  // A list item's scalar continues under itself; a mapping value two past its key.
  return m[2] === "" ? prefix.length : m[1]!.length + 2;
}

function substitute(line: string, strings: readonly string[]): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(PLACEHOLDER)) {
    out += line.slice(last, m.index);
    last = m.index + m[0].length;
    const value = strings[Number(m[1])]!;
    const simpleKey = line[last] === ":" && (last + 1 === line.length || line[last + 1] === " ");
    const column = [...out].length;
    out += emitYamlString(value, { column, indent: simpleKey ? column : continuationIndent(out), simpleKey });
  }
  return out + line.slice(last);
}

/** Any JSON-shaped value as kubectl's YAML printer writes it (ends with a newline). */
export function toKubectlYaml(value: unknown): string {
  const b = new Builder();
  const doc = new Document();
  doc.contents = b.node(value) as Document["contents"];
  const text = doc.toString({ indentSeq: false, lineWidth: 0 });
  return text
    .split("\n")
    .map((line) => substitute(line, b.strings))
    .join("\n");
}

/**
 * `kubectl get -o yaml`: one object (when one was asked for by name) as itself,
 * otherwise a `kind: List` with the objects under `items`.
 */
export function formatYaml(objects: readonly KubeObject[], single: boolean): string {
  return toKubectlYaml(printable(objects, single));
}
