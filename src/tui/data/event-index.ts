/**
 * Events, newest first, indexed by the object they are about, brought up to date at
 * most a few times a second by moving only the events that changed. Sorting tens of
 * thousands of events for every change, or scanning them all for every move of the
 * selection, would cost more than the frame itself.
 */
import type { KubeObject } from "../../client/cluster.js";
import type { Event } from "../../client/types.js";
import { objectKey, type ResourceCache } from "./cache.js";
import { isAbout, lastSeen, type EventSubject } from "../presenters/events.js";

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

/** Beyond this many changed events at once, building the index again is cheaper than patching it. */
const PATCH_AT_MOST = 2000;

/** True when `a` comes before `b` newest first: later, or as late and before by key (the cache's order). */
function before(ta: number, ka: string, tb: number, kb: string): boolean {
  return ta > tb || (ta === tb && ka < kb);
}

/** Where an event seen at `t` with key `k` goes in `sorted` (the first event not before it). */
function position(sorted: readonly KubeObject[], t: number, k: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = sorted[mid]!;
    if (before(lastSeen(e), objectKey(e), t, k)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove<K>(map: Map<K, KubeObject[]>, key: K, e: KubeObject): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(e);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

export class EventIndex {
  private builtVersion = -1;
  private builtAt = -Infinity;
  /** Every event, newest first. A new array whenever the index changes: views may hold the last one. */
  sorted: readonly KubeObject[] = [];
  /** The event indexed under each cache key. */
  private entries = new Map<string, KubeObject>();
  private byUid = new Map<string, KubeObject[]>();
  private byRef = new Map<string, KubeObject[]>();
  private byKindName = new Map<string, KubeObject[]>();
  /** Bumped on every rebuild, for memoised views. */
  generation = 0;

  /**
   * Brings the index up to the cache, unless it was updated less than the interval ago:
   * returns the milliseconds until it may be, when it is behind, else 0. The events that
   * changed are moved in place; all of them are sorted again only after a relist or a
   * flood of changes.
   */
  refresh(cache: ResourceCache, wallNow: number): number {
    if (cache.version === this.builtVersion) return 0;
    const wait = this.builtAt + EVENT_INDEX_INTERVAL_MS - wallNow;
    if (wait > 0 && this.builtVersion >= 0) return wait;
    cache.track();
    const changes = this.builtVersion < 0 ? "all" : cache.changesSince(this.builtVersion);
    if (changes === "all" || changes.size > PATCH_AT_MOST) this.rebuild(cache.all());
    else this.patch(changes, cache);
    this.builtVersion = cache.version;
    this.builtAt = wallNow;
    this.generation++;
    return 0;
  }

  private rebuild(events: readonly KubeObject[]): void {
    this.sorted = sortNewestFirst(events);
    this.entries = new Map();
    this.byUid = new Map();
    this.byRef = new Map();
    this.byKindName = new Map();
    for (const e of this.sorted) this.add(e);
  }

  private patch(keys: ReadonlySet<string>, cache: ResourceCache): void {
    const sorted = this.sorted.slice();
    for (const key of keys) {
      const old = this.entries.get(key);
      const now = cache.get(key);
      if (old === now) continue;
      if (old) {
        let at = position(sorted, lastSeen(old), key);
        if (sorted[at] !== old) at = sorted.indexOf(old);
        if (at >= 0) sorted.splice(at, 1);
        this.drop(old);
      }
      if (now) {
        sorted.splice(position(sorted, lastSeen(now), key), 0, now);
        this.add(now);
      }
    }
    this.sorted = sorted;
  }

  /**
   * Files an event by the uid of its object when it names one (most do), else by kind,
   * namespace and name (`about` reads uid-less events only from there).
   */
  private add(e: KubeObject): void {
    this.entries.set(objectKey(e), e);
    const ref = (e as unknown as Event).involvedObject;
    if (!ref) return;
    if (ref.uid) return push(this.byUid, ref.uid, e);
    push(this.byRef, refKey(ref.kind ?? "", ref.namespace ?? e.metadata.namespace ?? "", ref.name ?? ""), e);
    push(this.byKindName, refKey(ref.kind ?? "", "", ref.name ?? ""), e);
  }

  private drop(e: KubeObject): void {
    this.entries.delete(objectKey(e));
    const ref = (e as unknown as Event).involvedObject;
    if (!ref) return;
    if (ref.uid) return remove(this.byUid, ref.uid, e);
    remove(this.byRef, refKey(ref.kind ?? "", ref.namespace ?? e.metadata.namespace ?? "", ref.name ?? ""), e);
    remove(this.byKindName, refKey(ref.kind ?? "", "", ref.name ?? ""), e);
  }

  /** Events about `subject`, newest first: as presenters/events.ts `isAbout` decides, without scanning them all. */
  about(subject: EventSubject): KubeObject[] {
    let found: KubeObject[];
    if (subject.uid) {
      // A cluster-scoped subject (a node) matches uid-less events in any namespace.
      const named = (subject.namespace === "" ? this.byKindName.get(refKey(subject.kind, "", subject.name)) : this.byRef.get(refKey(subject.kind, subject.namespace, subject.name))) ?? [];
      const set = new Set<KubeObject>(this.byUid.get(subject.uid) ?? []);
      if (subject.kind === "Node") for (const e of this.byUid.get(subject.name) ?? []) if ((e as unknown as Event).involvedObject.kind === "Node") set.add(e);
      for (const e of named) set.add(e);
      found = [...set];
    } else {
      // A subject without a uid (none the console shows has one missing): every event naming it.
      found = this.sorted.filter((e) => isAbout(e, subject));
    }
    // Ties by key, as in `sorted`: the order does not depend on how the index was built.
    return found.sort((a, b) => lastSeen(b) - lastSeen(a) || (objectKey(a) < objectKey(b) ? -1 : objectKey(a) > objectKey(b) ? 1 : 0));
  }
}
