/**
 * Events, newest first, indexed by the object they are about, rebuilt at most a few
 * times a second. Sorting tens of thousands of events for every frame, or scanning
 * them all for every move of the selection, would cost more than the frame itself.
 */
import type { KubeObject } from "../../client/cluster.js";
import type { Event } from "../../client/types.js";
import type { ResourceCache } from "./cache.js";
import { lastSeen, type EventSubject } from "../presenters/events.js";

/** Rebuilds happen at most this often; in between the index is a little behind. */
export const EVENT_INDEX_INTERVAL_MS = 250;

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function push<K>(map: Map<K, KubeObject[]>, key: K, e: KubeObject): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

const SLOTS = 131072;
/** Packed keys stay exact below 2^53: about two years of event times in ms. */
const MAX_SPAN_MS = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS);

/**
 * Newest first. Age (ms before the newest) and position are packed in one float64 and
 * sorted natively, several times faster than a comparator over objects. Ties keep the
 * cache's order (by namespace and name).
 */
export function sortNewestFirst(events: readonly KubeObject[]): KubeObject[] {
  const n = events.length;
  let newest = -Infinity;
  let oldest = Infinity;
  for (const e of events) {
    const t = lastSeen(e);
    if (t > newest) newest = t;
    if (t < oldest) oldest = t;
  }
  if (n >= SLOTS || newest - oldest > MAX_SPAN_MS) return [...events].sort((a, b) => lastSeen(b) - lastSeen(a));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (newest - lastSeen(events[i]!)) * SLOTS + i;
  keys.sort();
  const out = new Array<KubeObject>(n);
  for (let i = 0; i < n; i++) out[i] = events[keys[i]! % SLOTS]!;
  return out;
}

export class EventIndex {
  private builtVersion = -1;
  private builtAt = -Infinity;
  /** Every event, newest first. */
  sorted: readonly KubeObject[] = [];
  private byUid = new Map<string, KubeObject[]>();
  private byRef = new Map<string, KubeObject[]>();
  private byKindName = new Map<string, KubeObject[]>();
  /** Bumped on every rebuild, for memoised views. */
  generation = 0;

  /**
   * Brings the index up to the cache, unless it was rebuilt less than the interval ago:
   * returns the milliseconds until it may be, when it is behind, else 0.
   */
  refresh(cache: ResourceCache, wallNow: number): number {
    if (cache.version === this.builtVersion) return 0;
    const wait = this.builtAt + EVENT_INDEX_INTERVAL_MS - wallNow;
    if (wait > 0 && this.builtVersion >= 0) return wait;
    this.rebuild(cache.all());
    this.builtVersion = cache.version;
    this.builtAt = wallNow;
    return 0;
  }

  private rebuild(events: readonly KubeObject[]): void {
    const sorted = sortNewestFirst(events);
    const byUid = new Map<string, KubeObject[]>();
    const byRef = new Map<string, KubeObject[]>();
    const byKindName = new Map<string, KubeObject[]>();
    for (const e of sorted) {
      const ref = (e as unknown as Event).involvedObject;
      if (!ref) continue;
      if (ref.uid) push(byUid, ref.uid, e);
      push(byRef, refKey(ref.kind ?? "", ref.namespace ?? e.metadata.namespace ?? "", ref.name ?? ""), e);
      push(byKindName, refKey(ref.kind ?? "", "", ref.name ?? ""), e);
    }
    this.sorted = sorted;
    this.byUid = byUid;
    this.byRef = byRef;
    this.byKindName = byKindName;
    this.generation++;
  }

  /** Events about `subject`, newest first: as presenters/events.ts `isAbout` decides, without scanning them all. */
  about(subject: EventSubject): KubeObject[] {
    const found = new Set<KubeObject>();
    // A cluster-scoped subject (a node) matches events in any namespace.
    const named = (subject.namespace === "" ? this.byKindName.get(refKey(subject.kind, "", subject.name)) : this.byRef.get(refKey(subject.kind, subject.namespace, subject.name))) ?? [];
    if (subject.uid) {
      for (const e of this.byUid.get(subject.uid) ?? []) found.add(e);
      if (subject.kind === "Node") for (const e of this.byUid.get(subject.name) ?? []) if ((e as unknown as Event).involvedObject.kind === "Node") found.add(e);
      // Events written without a uid are matched by kind, name and namespace.
      for (const e of named) if (!(e as unknown as Event).involvedObject.uid) found.add(e);
    } else {
      for (const e of named) found.add(e);
    }
    return [...found].sort((a, b) => lastSeen(b) - lastSeen(a));
  }
}
