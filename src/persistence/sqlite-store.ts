import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ApiError } from "../core/api/errors.js";
import { deepFreeze, type KubeObject } from "../core/api/object.js";
import {
  CONTAINER_LOG_MAX_BYTES,
  type LogLine,
  type LogQuery,
  type Store,
  type StoredLogLine,
  type WatchEvent,
  type WatchEventType,
} from "../core/store.js";
import { ContainerLogTable } from "./container-logs.js";
import { migrate } from "./schema.js";

const TYPE_CODE: Record<WatchEventType, number> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };
const TYPE_NAME: readonly WatchEventType[] = ["ADDED", "MODIFIED", "DELETED"];

interface ChangeRow {
  rv: number;
  type: number;
  resource: string;
  namespace: string;
  name: string;
  data: string;
}


export interface SqliteStoreOptions {
  /** Log cap per container instance, in bytes (the kubelet's containerLogMaxSize). */
  containerLogMaxBytes?: number;
}

/**
 * The cluster store on SQLite (WAL, busy timeout, migrations on user_version).
 *
 * Each process keeps the live objects of every resource it has read in memory, parsed
 * and frozen, like an informer cache, so reads after the first never touch SQLite (and a
 * `get pods` never parses the events). The cache follows other processes by tailing the
 * change log whenever `PRAGMA data_version` says another connection committed: at
 * `poll()` and at the start of every write transaction. Writes take SQLite's write lock
 * first (BEGIN IMMEDIATE), catch up, then check preconditions, so two processes never
 * lose an update: the second one sees the first's resourceVersion and gets a Conflict.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Map<string, KubeObject>>();
  /** Resources whose objects have been read into the cache. */
  private readonly loaded = new Set<string>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly listeners = new Set<(events: readonly WatchEvent[]) => void>();
  private readonly writeListeners = new Set<(event: WatchEvent) => void>();
  private readonly logs: ContainerLogTable;
  private lastRv = 0;
  private dataVersion = -1;
  private txDepth = 0;
  private pending: WatchEvent[] = [];
  private undo: (() => void)[] = [];
  private readonly stmt;

  constructor(readonly file: string, opts: SqliteStoreOptions = {}) {
    if (file !== ":memory:") createPrivateFile(file);
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a commit survives the process being killed at any moment;
    // only an OS crash or power loss could drop the last transactions.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 10000");
    // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: the engine commits large
    // batches, and each checkpoint costs an fsync of the database file.
    this.db.pragma("wal_autocheckpoint = 10000");
    // A 32 MiB page cache keeps a large transaction's pages in memory until it commits.
    this.db.pragma("cache_size = -32768");
    migrate(this.db);
    this.stmt = {
      insertChange: this.db.prepare("INSERT INTO changes (rv, type, resource, namespace, name, data) VALUES (?, ?, ?, ?, ?, ?)"),
      upsertObject: this.db.prepare(
        "INSERT INTO objects (resource, namespace, name, rv) VALUES (?, ?, ?, ?) ON CONFLICT(resource, namespace, name) DO UPDATE SET rv = excluded.rv",
      ),
      deleteObject: this.db.prepare("DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?"),
      changesAfter: this.db.prepare<[number, number], ChangeRow>(
        "SELECT rv, type, resource, namespace, name, data FROM changes WHERE rv > ? ORDER BY rv LIMIT ?",
      ),
      maxRv: this.db.prepare<[], { rv: number | null }>("SELECT max(rv) AS rv FROM changes"),
      live: this.db.prepare<[string], { data: string }>(
        "SELECT c.data AS data FROM objects o JOIN changes c ON c.rv = o.rv WHERE o.resource = ?",
      ),
      getMeta: this.db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      setMeta: this.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
    };
    this.logs = new ContainerLogTable(this.db, opts.containerLogMaxBytes ?? CONTAINER_LOG_MAX_BYTES);
    this.reload();
  }

  // ---- transactions -------------------------------------------------------------

  transaction<T>(fn: () => T): T {
    if (this.txDepth > 0) return fn();
    this.db.exec("BEGIN IMMEDIATE");
    this.txDepth = 1;
    let result: T;
    try {
      this.catchUp();
      result = fn();
      this.db.exec("COMMIT");
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
      this.undo = [];
      this.pending = [];
      this.txDepth = 0;
      throw err;
    }
    this.txDepth = 0;
    this.undo = [];
    this.flush();
    return result;
  }

  // ---- reads -------------------------------------------------------------------

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.load(resource).get(`${namespace}/${name}`);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const objects = this.load(resource);
    if (!objects) return [];
    let keys = this.sortedKeys.get(resource);
    if (!keys) {
      keys = [...objects.keys()].sort();
      this.sortedKeys.set(resource, keys);
    }
    const out: KubeObject[] = [];
    if (namespace === undefined) {
      for (const k of keys) out.push(objects.get(k)!);
    } else {
      const prefix = `${namespace}/`;
      for (const k of keys) if (k.startsWith(prefix)) out.push(objects.get(k)!);
    }
    return out;
  }

  count(resource: string): number {
    return this.load(resource).size;
  }

  /** The cache of one resource, read from the database on first use. */
  private load(resource: string): Map<string, KubeObject> {
    let objects = this.cache.get(resource);
    if (objects && this.loaded.has(resource)) return objects;
    objects = new Map();
    for (const row of this.stmt.live.iterate(resource)) {
      const obj = deepFreeze(JSON.parse(row.data) as KubeObject);
      objects.set(`${obj.metadata.namespace ?? ""}/${obj.metadata.name}`, obj);
    }
    this.cache.set(resource, objects);
    this.sortedKeys.delete(resource);
    this.loaded.add(resource);
    return objects;
  }

  // ---- writes ------------------------------------------------------------------

  create(resource: string, obj: KubeObject): KubeObject {
    return this.transaction(() => {
      const { namespace, name } = identity(obj);
      if (this.get(resource, namespace, name)) throw ApiError.alreadyExists(resource, name);
      return this.write("ADDED", resource, obj);
    });
  }

  update(resource: string, obj: KubeObject, expectedResourceVersion?: string): KubeObject {
    return this.transaction(() => {
      const { namespace, name } = identity(obj);
      const current = this.get(resource, namespace, name);
      if (!current) throw ApiError.notFound(resource, name);
      if (expectedResourceVersion !== undefined && current.metadata.resourceVersion !== expectedResourceVersion) {
        throw ApiError.conflict(resource, name);
      }
      return this.write("MODIFIED", resource, obj);
    });
  }

  delete(resource: string, namespace: string, name: string, expectedResourceVersion?: string): KubeObject {
    return this.transaction(() => {
      const current = this.get(resource, namespace, name);
      if (!current) throw ApiError.notFound(resource, name);
      if (expectedResourceVersion !== undefined && current.metadata.resourceVersion !== expectedResourceVersion) {
        throw ApiError.conflict(resource, name);
      }
      return this.write("DELETED", resource, current);
    });
  }

  private write(type: WatchEventType, resource: string, obj: KubeObject): KubeObject {
    this.load(resource);
    const rv = this.lastRv + 1;
    const stamped = deepFreeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });
    const { namespace, name } = identity(stamped);
    this.stmt.insertChange.run(rv, TYPE_CODE[type], resource, namespace, name, JSON.stringify(stamped));
    if (type === "DELETED") this.stmt.deleteObject.run(resource, namespace, name);
    else this.stmt.upsertObject.run(resource, namespace, name, rv);
    const previousRv = this.lastRv;
    this.lastRv = rv;
    this.applyToCache(type, resource, stamped);
    // On rollback the resource is simply read again from the (rolled back) database.
    this.undo.push(() => {
      this.lastRv = previousRv;
      this.forget(resource);
    });
    const event: WatchEvent = { type, resource, object: stamped, resourceVersion: rv };
    this.pending.push(event);
    for (const l of this.writeListeners) l(event);
    return stamped;
  }

  // ---- change log --------------------------------------------------------------

  currentResourceVersion(): number {
    return this.lastRv;
  }

  changesSince(resourceVersion: number, limit = 100_000): WatchEvent[] {
    const compacted = Number(this.getMeta("compactedRevision") ?? 0);
    if (resourceVersion < compacted) {
      throw ApiError.gone(`too old resource version: ${resourceVersion} (${compacted})`);
    }
    return this.stmt.changesAfter.all(resourceVersion, limit).map(toEvent);
  }

  compact(keep: number): number {
    return this.transaction(() => {
      const through = this.lastRv - keep;
      if (through <= Number(this.getMeta("compactedRevision") ?? 0)) return 0;
      const info = this.db
        .prepare("DELETE FROM changes WHERE rv <= ? AND rv NOT IN (SELECT rv FROM objects WHERE rv <= ?)")
        .run(through, through);
      this.setMeta("compactedRevision", String(through));
      return info.changes;
    });
  }

  subscribe(listener: (events: readonly WatchEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onWrite(listener: (event: WatchEvent) => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  poll(): boolean {
    // Not inside a transaction (it caught up when it began) nor while announcing a batch
    // (a listener that reads must not receive newer changes before older ones).
    if (this.txDepth > 0 || this.flushing) return false;
    const events = this.catchUp();
    if (events.length === 0) return false;
    this.pending.push(...events);
    this.flush();
    return true;
  }

  // ---- metadata ----------------------------------------------------------------

  getMeta(key: string): string | undefined {
    return this.stmt.getMeta.get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  compareAndSetMeta(key: string, expected: string | undefined, next: string): boolean {
    return this.transaction(() => {
      if (this.getMeta(key) !== expected) return false;
      this.setMeta(key, next);
      return true;
    });
  }

  // ---- logs --------------------------------------------------------------------

  appendLogs(lines: readonly LogLine[]): void {
    if (lines.length > 0) this.transaction(() => this.logs.append(lines));
  }

  readLogs(q: LogQuery): StoredLogLine[] {
    return this.logs.read(q);
  }

  deleteLogs(namespace: string, pod: string, before?: { container: string; instance: number }): void {
    this.transaction(() => (before ? this.logs.deleteBefore(namespace, pod, before.container, before.instance) : this.logs.deletePod(namespace, pod)));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `PRAGMA integrity_check`; "ok" when the file is sound. */
  integrityCheck(): string {
    return this.db.pragma("integrity_check", { simple: true }) as string;
  }

  // ---- cache maintenance -------------------------------------------------------

  /**
   * Re-reads the resources this process has read; used at open and when this process
   * fell behind a compaction. The difference is announced for those resources only:
   * a resource nobody here has read has no one here to tell.
   */
  private reload(): WatchEvent[] {
    const before = this.cache.size > 0 ? new Map([...this.cache].map(([r, m]) => [r, new Map(m)])) : undefined;
    const resources = [...this.loaded];
    this.cache.clear();
    this.sortedKeys.clear();
    this.loaded.clear();
    for (const r of resources) this.load(r);
    this.lastRv = this.stmt.maxRv.get()?.rv ?? 0;
    this.dataVersion = this.db.pragma("data_version", { simple: true }) as number;
    if (!before) return [];
    // Announce the difference as events, so watchers stay correct across the gap.
    const events: WatchEvent[] = [];
    for (const [resource, objects] of this.cache) {
      const old = before.get(resource);
      for (const [k, obj] of objects) {
        const prev = old?.get(k);
        if (!prev) events.push({ type: "ADDED", resource, object: obj, resourceVersion: Number(obj.metadata.resourceVersion) });
        else if (prev.metadata.resourceVersion !== obj.metadata.resourceVersion) {
          events.push({ type: "MODIFIED", resource, object: obj, resourceVersion: Number(obj.metadata.resourceVersion) });
        }
      }
    }
    for (const [resource, old] of before) {
      for (const [k, prev] of old) {
        if (!this.cache.get(resource)?.has(k)) events.push({ type: "DELETED", resource, object: prev, resourceVersion: this.lastRv });
      }
    }
    return events.sort((a, b) => a.resourceVersion - b.resourceVersion);
  }

  /** Applies other processes' commits to the cache; returns them as events. */
  private catchUp(): WatchEvent[] {
    const version = this.db.pragma("data_version", { simple: true }) as number;
    if (version === this.dataVersion) return [];
    this.dataVersion = version;
    const compacted = Number(this.getMeta("compactedRevision") ?? 0);
    if (this.lastRv < compacted) {
      const events = this.reload();
      for (const ev of events) for (const l of this.writeListeners) l(ev);
      return events;
    }
    const events: WatchEvent[] = [];
    while (true) {
      const rows = this.stmt.changesAfter.all(this.lastRv, 10_000);
      for (const row of rows) {
        const ev = toEvent(row);
        this.applyToCache(ev.type, ev.resource, ev.object);
        this.lastRv = row.rv;
        events.push(ev);
        for (const l of this.writeListeners) l(ev);
      }
      if (rows.length < 10_000) break;
    }
    return events;
  }

  private applyToCache(type: WatchEventType, resource: string, obj: KubeObject): void {
    // An unread resource is read whole, committed writes included, on first use.
    if (!this.loaded.has(resource)) return;
    const key = `${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
    const objects = this.cache.get(resource)!;
    if (type === "DELETED") {
      if (objects.delete(key)) this.sortedKeys.delete(resource);
    } else {
      if (!objects.has(key)) this.sortedKeys.delete(resource);
      objects.set(key, obj);
    }
  }

  private forget(resource: string): void {
    this.cache.delete(resource);
    this.sortedKeys.delete(resource);
    this.loaded.delete(resource);
  }

  private flushing = false;

  private flush(): void {
    if (this.pending.length === 0 || this.flushing) return;
    this.flushing = true;
    let firstError: unknown;
    try {
      while (this.pending.length > 0) {
        const events = this.pending;
        this.pending = [];
        for (const l of this.listeners) {
          try {
            l(events);
          } catch (err) {
            firstError ??= err;
          }
        }
      }
    } finally {
      this.flushing = false;
    }
    if (firstError !== undefined) throw firstError;
  }
}

function identity(obj: KubeObject): { namespace: string; name: string } {
  const name = obj.metadata?.name;
  if (!name) throw ApiError.badRequest("resource name may not be empty");
  return { namespace: obj.metadata.namespace ?? "", name };
}

function toEvent(row: ChangeRow): WatchEvent {
  return {
    type: TYPE_NAME[row.type]!,
    resource: row.resource,
    object: deepFreeze(JSON.parse(row.data) as KubeObject),
    resourceVersion: row.rv,
  };
}


/** Creates the database file readable by its owner only (it holds Secrets). */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, "a", 0o600));
}
