import type { Taint } from "../client/types.js";
import { isQualifiedName, isValidLabelValue } from "../client/validation.js";

/** kubectl's taint effects. */
const EFFECTS = new Set(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

/** A taint argument kubectl refuses, with kubectl's message. */
export class TaintSpecError extends Error {}

/**
 * kubectl's parseTaint: `key=value:effect`, `key:effect` or `key` (the last only to
 * remove). The key must be a qualified name, the value a label value.
 */
export function parseTaint(spec: string): Taint {
  const parts = spec.split(":");
  let key: string;
  let value = "";
  let effect = "";
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.has(effect)) throw new TaintSpecError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split("=");
    if (kv.length > 2) throw new TaintSpecError(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new TaintSpecError(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
    }
  } else throw new TaintSpecError(`invalid taint spec: ${spec}`);
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new TaintSpecError(`invalid taint spec: ${spec}, ${errs.join("; ")}`);
  return { key, ...(value ? { value } : {}), effect: effect as Taint["effect"] };
}

/**
 * kubectl's parseTaints: the taints to add (each with an effect, unique by key and
 * effect) and those to remove (`key[:effect]-`).
 */
export function parseTaints(specs: readonly string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith("-")) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new TaintSpecError(`invalid taint spec: ${spec}`);
    if (add.some((a) => a.key === t.key && a.effect === t.effect)) {
      throw new TaintSpecError(`duplicated taints with the same key and effect: ${goTaint(t)}`);
    }
    add.push(t);
  }
  return { add, remove };
}

/** Go's `%v` of a v1.Taint: `{key value effect <nil>}`. */
function goTaint(t: Taint): string {
  return `{${t.key} ${t.value ?? ""} ${t.effect} <nil>}`;
}

/** Taint.ToString: `key=value:effect`, leaving out what is empty (`key=value:` without an effect). */
export function taintString(t: Pick<Taint, "key" | "value" | "effect">): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** What a taint change did, in kubectl's word: `tainted`, `untainted` or `modified`. */
export type TaintOperation = "tainted" | "untainted" | "modified";

/**
 * kubectl's reorganizeTaints: the taints to add first, then the node's others, less the
 * removed ones. Throws, with kubectl's message, for a taint to remove that is not there
 * or (without `overwrite`) one to add that exists with the same key and effect.
 */
export function reorganizeTaints(
  nodeName: string,
  current: readonly Taint[],
  change: { add: Taint[]; remove: Taint[] },
  overwrite: boolean,
): { operation: TaintOperation; taints: Taint[] } {
  if (!overwrite) {
    const exists = change.add.filter((t) => current.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
    if (exists.length > 0) throw new TaintSpecError(`node ${nodeName} already has ${exists.join(",")} taint(s) with same effect(s) and --overwrite is false`);
  }
  let taints: Taint[] = [...change.add];
  for (const old of current) if (!taints.some((t) => t.key === old.key && t.effect === old.effect)) taints.push(old);
  const added = current.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of change.remove) {
    const kept = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    removed = kept.length !== taints.length;
    if (!removed) errors.push(`taint "${taintString(r)}" not found`);
    taints = kept;
  }
  if (errors.length === 1) throw new TaintSpecError(errors[0]!);
  if (errors.length > 1) throw new TaintSpecError(`[${errors.join(", ")}]`);
  const operation: TaintOperation = (added && removed) || overwrite ? "modified" : added ? "tainted" : "untainted";
  return { operation, taints };
}
