/**
 * Resource lists as the quota system does arithmetic on them (apiserver's
 * pkg/quota/v1/resources.go): sums, differences, masks and comparisons of named
 * quantities, kept exact with {@link Amount}.
 */
import { addAmounts, compareAmounts, formatAmount, parseAmount, subtractAmounts, ZERO, type Amount } from "../amount.js";

/** Named quantities (`requests.cpu` → 500m), in insertion order. */
export type ResourceList = ReadonlyMap<string, Amount>;

/** A `ResourceList` field of an object (`spec.hard`, `status.used`) read as amounts. */
export function parseResourceList(record: unknown): Map<string, Amount> {
  const out = new Map<string, Amount>();
  if (typeof record !== "object" || record === null || Array.isArray(record)) return out;
  for (const [k, v] of Object.entries(record as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") out.set(k, parseAmount(v));
  }
  return out;
}

/** The JSON form of a list: canonical quantities under sorted keys, as Go marshals a map. */
export function formatResourceList(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) out[k] = formatAmount(list.get(k)!);
  return out;
}

/** Every name of `a`, then those only `b` has: each summed (quota.Add). */
export function addLists(a: ResourceList, b: ResourceList): Map<string, Amount> {
  const out = new Map<string, Amount>();
  for (const [k, v] of a) out.set(k, b.has(k) ? addAmounts(v, b.get(k)!) : v);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, v);
  return out;
}

/** `a - b` for every name of `a`; names only `b` has come out negated (quota.Subtract). */
export function subtractLists(a: ResourceList, b: ResourceList): Map<string, Amount> {
  const out = new Map<string, Amount>();
  for (const [k, v] of a) out.set(k, b.has(k) ? subtractAmounts(v, b.get(k)!) : v);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, subtractAmounts(ZERO, v));
  return out;
}

/** `a - b`, never below zero, over the names of `a` (quota.SubtractWithNonNegativeResult). */
export function subtractNonNegative(a: ResourceList, b: ResourceList): Map<string, Amount> {
  const out = new Map<string, Amount>();
  for (const [k, v] of a) {
    const d = b.has(k) ? subtractAmounts(v, b.get(k)!) : v;
    out.set(k, d.nanos < 0n ? { nanos: 0n, format: d.format } : d);
  }
  return out;
}

/** Only the entries whose names are in `names` (quota.Mask). */
export function maskList(list: ResourceList, names: Iterable<string>): Map<string, Amount> {
  const wanted = new Set(names);
  const out = new Map<string, Amount>();
  for (const [k, v] of list) if (wanted.has(k)) out.set(k, v);
  return out;
}

/** The entries that are not zero (quota.RemoveZeros). */
export function removeZeros(list: ResourceList): Map<string, Amount> {
  const out = new Map<string, Amount>();
  for (const [k, v] of list) if (v.nanos !== 0n) out.set(k, v);
  return out;
}

/** True when every entry is zero (quota.IsZero). */
export function isZeroList(list: ResourceList): boolean {
  for (const v of list.values()) if (v.nanos !== 0n) return false;
  return true;
}

/** Names whose quantity is negative (quota.IsNegative). */
export function negativeNames(list: ResourceList): string[] {
  return [...list].filter(([, v]) => v.nanos < 0n).map(([k]) => k);
}

/** Same names with equal quantities (quota.Equals). */
export function equalLists(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || compareAmounts(v, w) !== 0) return false;
  }
  return true;
}

/**
 * Whether `a` fits within `b` for every name both have, and the names that do not
 * (quota.LessThanOrEqual).
 */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of a) {
    const limit = b.get(k);
    if (limit && compareAmounts(v, limit) > 0) exceeded.push(k);
  }
  return { allowed: exceeded.length === 0, exceeded };
}

/** `requests.cpu=500m,requests.memory=1Gi`: sorted by name, as the quota admission's messages print lists. */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${formatAmount(list.get(k)!)}`)
    .join(",");
}
