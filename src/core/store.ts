import type { KubeObject } from "./api/object.js";

/**
 * The persistence contract the engine needs. `src/persistence` implements it on
 * SQLite; the engine never imports that implementation (docs/architecture.md).
 *
 * Semantics every implementation keeps:
 * - Every write stamps `metadata.resourceVersion` with the next value of one global,
 *   strictly increasing sequence (the change log's), and is visible to readers in the
 *   same process at once.
 * - `transaction` runs its function in one write transaction; nested calls join the
 *   outer one. Subscribers are told of the changes only after the outermost commit:
 *   a change is never announced before it is durable.
 * - Objects returned are deep-frozen snapshots; callers copy before changing them.
 * - Another process's commits become visible after `poll()` (or at the start of the
 *   next write transaction), and are announced to subscribers then.
 */
export interface Store {
  transaction<T>(fn: () => T): T;

  get(resource: string, namespace: string, name: string): KubeObject | undefined;
  /** Every object of a resource, in one namespace or (undefined) all of them, sorted by namespace then name. */
  list(resource: string, namespace?: string): KubeObject[];
  /** Number of objects of a resource, without copying them. */
  count(resource: string): number;

  /** Inserts a new object. Throws `ApiError` AlreadyExists when the key is taken. */
  create(resource: string, obj: KubeObject): KubeObject;
  /**
   * Replaces an object. With `expectedResourceVersion`, a stored object whose version
   * differs is a Conflict (`ApiError`), never a silent overwrite. Throws NotFound.
   */
  update(resource: string, obj: KubeObject, expectedResourceVersion?: string): KubeObject;
  /** Removes an object; returns its last state stamped with the deletion's version. */
  delete(resource: string, namespace: string, name: string, expectedResourceVersion?: string): KubeObject;

  /** The newest resourceVersion written. */
  currentResourceVersion(): number;
  /**
   * Changes after `resourceVersion`, oldest first. Throws `ApiError` Gone when
   * the log was compacted past it (as etcd does: "too old resource version").
   */
  changesSince(resourceVersion: number, limit?: number): WatchEvent[];
  /** Drops change-log history older than the newest `keep` revisions. */
  compact(keep: number): number;

  /** Called with each committed batch of changes, in commit order. Returns an unsubscribe function. */
  subscribe(listener: (events: readonly WatchEvent[]) => void): () => void;
  /**
   * Called for each write as it happens, inside its (not yet committed) transaction,
   * and for other processes' commits as they are picked up. For the engine's own work
   * queues only: a key queued for a write that is then rolled back costs one idempotent
   * reconcile. Everything user-facing uses `subscribe`, which sees only committed changes.
   */
  onWrite(listener: (event: WatchEvent) => void): () => void;
  /** Picks up other processes' commits; true when there were any. */
  poll(): boolean;

  /** Cluster metadata (virtual clock, RNG state, lease, settings). */
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Atomically sets `key` to `next` only if it currently equals `expected` (undefined: absent). */
  compareAndSetMeta(key: string, expected: string | undefined, next: string): boolean;

  /** Container logs. */
  appendLogs(lines: readonly LogLine[]): void;
  readLogs(query: LogQuery): StoredLogLine[];
  /**
   * Forgets every log line of a pod (when the pod is deleted), or with `before` only the
   * container's instances older than `before.instance` (the kubelet keeps the current and
   * the previous one).
   */
  deleteLogs(namespace: string, pod: string, before?: { container: string; instance: number }): void;

  close(): void;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  resourceVersion: number;
}

/** One line a container wrote. `ts` is virtual time in epoch milliseconds. */
export interface LogLine {
  namespace: string;
  pod: string;
  container: string;
  /** The container's restart count when it wrote the line: 0 for the first instance. */
  instance: number;
  ts: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface StoredLogLine extends LogLine {
  /** Increasing id, for following from where a reader stopped. */
  id: number;
}

export interface LogQuery {
  namespace: string;
  pod: string;
  /** Omitted: every container. */
  container?: string;
  /** Omitted: every instance. */
  instance?: number;
  /** Only lines with id greater than this. */
  afterId?: number;
  /** Only lines at or after this virtual time. */
  sinceTs?: number;
  /** Only the last N lines (after the other filters). */
  tail?: number;
}

/** Per-container log cap, like the kubelet's default `containerLogMaxSize`. */
export const CONTAINER_LOG_MAX_BYTES = 10 * 1024 * 1024;
