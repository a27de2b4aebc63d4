/**
 * The console's copy of the cluster: every object of the resources it watches, kept
 * current by list-then-watch through the Cluster interface. Objects are the cluster's
 * frozen ones; the cache only indexes them.
 */
import type { Cluster, KubeObject, WatchEvent } from "../../client/cluster.js";

const keyMemo = new WeakMap<KubeObject, string>();

/**
 * `namespace/name`, or `name` for cluster-scoped objects: the key rows and selections
 * use. Remembered per object (objects are frozen and replaced on change): the keys of
 * 50,000 events are looked up, not built again, on every change to the list.
 */
export function objectKey(obj: KubeObject): string {
  let key = keyMemo.get(obj);
  if (key === undefined) {
    const ns = obj.metadata.namespace;
    key = ns ? `${ns}/${obj.metadata.name ?? ""}` : (obj.metadata.name ?? "");
    keyMemo.set(obj, key);
  }
  return key;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Changes a tracked cache remembers (see `changesSince`). */
const MAX_LOG = 20_000;

/** The objects of one resource. */
export class ResourceCache {
  private readonly byKey = new Map<string, KubeObject>();
  private sortedKeys: string[] | undefined;
  private sorted: KubeObject[] | undefined;
  private sortedVersion = -1;
  /** Bumped on every change. */
  version = 0;
  /** Bumped when objects are added or removed (not when one changes). */
  membership = 0;
  /** True once the initial list arrived. */
  synced = false;
  /** Keys that changed, by version, once a consumer asked to `track` them. */
  private log: { version: number; key: string }[] | undefined;
  /** Versions up to this one are not in the log (before tracking, a relist, or trimmed). */
  private logFrom = Infinity;

  constructor(readonly resource: string) {}

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): KubeObject | undefined {
    return this.byKey.get(key);
  }

  /**
   * Starts recording which keys change, for a consumer that follows the changes rather
   * than rescanning every object (the event index).
   */
  track(): void {
    if (this.log) return;
    this.log = [];
    this.logFrom = this.version;
  }

  /** Keys added, changed or removed after `version`, or "all" when the log does not reach back that far. */
  changesSince(version: number): Set<string> | "all" {
    if (!this.log || version < this.logFrom) return "all";
    const keys = new Set<string>();
    for (let i = this.log.length - 1; i >= 0 && this.log[i]!.version > version; i--) keys.add(this.log[i]!.key);
    return keys;
  }

  private changed(key: string): void {
    if (!this.log) return;
    this.log.push({ version: this.version + 1, key });
    // Bounded: a consumer that far behind builds from scratch anyway.
    if (this.log.length > MAX_LOG) {
      const dropped = this.log.splice(0, this.log.length - MAX_LOG / 2);
      this.logFrom = dropped[dropped.length - 1]!.version;
    }
  }

  replaceAll(objects: readonly KubeObject[]): void {
    this.byKey.clear();
    for (const o of objects) this.byKey.set(objectKey(o), o);
    this.sortedKeys = undefined;
    this.version++;
    this.membership++;
    this.synced = true;
    if (this.log) {
      this.log = [];
      this.logFrom = this.version;
    }
  }

  /** Applies one watch event; false when it changed nothing (a replay of what the list returned). */
  apply(ev: WatchEvent): boolean {
    const key = objectKey(ev.object);
    const existing = this.byKey.get(key);
    if (ev.type === "DELETED") {
      if (!existing) return false;
      this.changed(key);
      this.byKey.delete(key);
      this.sortedKeys = undefined;
      this.membership++;
    } else {
      if (existing && Number(existing.metadata.resourceVersion) >= ev.resourceVersion && existing.metadata.uid === ev.object.metadata.uid) return false;
      this.changed(key);
      this.byKey.set(key, ev.object);
      if (!existing) {
        this.sortedKeys = undefined;
        this.membership++;
      }
    }
    this.version++;
    return true;
  }

  /** Every object, by namespace then name. Rebuilt at most once per change. */
  all(): readonly KubeObject[] {
    if (this.sorted && this.sortedVersion === this.version) return this.sorted;
    if (!this.sortedKeys) this.sortedKeys = [...this.byKey.keys()].sort(compareKeys);
    this.sorted = this.sortedKeys.map((k) => this.byKey.get(k)!);
    this.sortedVersion = this.version;
    return this.sorted;
  }
}

/**
 * Every resource the console watches. `watch` starts list-then-watch for a resource
 * once; `onChange` runs after each change (the caller coalesces them into frames).
 */
export class ObjectCache {
  private readonly caches = new Map<string, ResourceCache>();
  private readonly stops: (() => void)[] = [];
  /** Why a resource could not be listed, by resource. */
  readonly errors = new Map<string, string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly onChange: (resource: string) => void,
  ) {}

  /** The cache of a resource, empty until `watch` lists it. */
  of(resource: string): ResourceCache {
    let c = this.caches.get(resource);
    if (!c) {
      c = new ResourceCache(resource);
      this.caches.set(resource, c);
    }
    return c;
  }

  isWatching(resource: string): boolean {
    return this.caches.get(resource)?.synced === true;
  }

  /** Lists then watches `resource` (every namespace), once. */
  watch(resource: string): ResourceCache {
    const cache = this.of(resource);
    if (cache.synced) return cache;
    try {
      const rv = this.cluster.resourceVersion();
      cache.replaceAll(this.cluster.list(resource));
      this.stops.push(
        this.cluster.watch(resource, { resourceVersion: rv }, (ev) => {
          if (cache.apply(ev)) this.onChange(resource);
        }),
      );
      this.errors.delete(resource);
    } catch (e) {
      this.errors.set(resource, e instanceof Error ? e.message : String(e));
    }
    this.onChange(resource);
    return cache;
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
