import type Database from "better-sqlite3";
import type { LogLine, LogQuery, StoredLogLine } from "../core/store.js";

/** Lines per multi-row INSERT. */
const BATCH = 64;

interface LogRow {
  id: number;
  namespace: string;
  pod: string;
  container: string;
  instance: number;
  ts: number;
  stream: number;
  line: string;
}

/**
 * Container logs in the cluster database, one row a line, capped per container
 * instance like the kubelet's rotation (`containerLogMaxSize`): past the cap, the
 * oldest lines go. Callers run writes inside the store's transaction.
 */
export class ContainerLogTable {
  /** Bytes kept per container instance, learned lazily from the table. */
  private readonly bytes = new Map<string, number>();
  /** The instance keys of each pod, so forgetting a pod costs its own containers, not the cluster's. */
  private readonly keysByPod = new Map<string, Set<string>>();
  private readonly stmt;
  private readonly reads = new Map<string, Database.Statement<(string | number)[], LogRow>>();

  constructor(
    private readonly db: Database.Database,
    private readonly cap: number,
  ) {
    this.stmt = {
      insert: db.prepare("INSERT INTO logs (namespace, pod, container, instance, ts, stream, line) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      // Rows go in by the batch: one statement per BATCH lines is several times faster than one per line.
      insertBatch: db.prepare(`INSERT INTO logs (namespace, pod, container, instance, ts, stream, line) VALUES ${Array(BATCH).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")}`),
      size: db.prepare<[string, string, string, number], { n: number | null }>(
        "SELECT sum(length(line)) AS n FROM logs WHERE namespace = ? AND pod = ? AND container = ? AND instance = ?",
      ),
      oldest: db.prepare<[string, string, string, number], { id: number; len: number }>(
        "SELECT id, length(line) AS len FROM logs WHERE namespace = ? AND pod = ? AND container = ? AND instance = ? ORDER BY id",
      ),
      deleteUpTo: db.prepare("DELETE FROM logs WHERE namespace = ? AND pod = ? AND container = ? AND instance = ? AND id <= ?"),
      deletePod: db.prepare("DELETE FROM logs WHERE namespace = ? AND pod = ?"),
      deleteBefore: db.prepare("DELETE FROM logs WHERE namespace = ? AND pod = ? AND container = ? AND instance < ?"),
    };
  }

  append(lines: readonly LogLine[]): void {
    const over = new Set<string>();
    // Lines come in runs of one container instance: its key is computed once per run.
    let prev: LogLine | undefined;
    let k = "";
    const full = lines.length - (lines.length % BATCH);
    const args: (string | number)[] = [];
    for (let i = 0; i < full; i += BATCH) {
      args.length = 0;
      for (let j = i; j < i + BATCH; j++) {
        const l = lines[j]!;
        args.push(l.namespace, l.pod, l.container, l.instance, l.ts, l.stream === "stderr" ? 1 : 0, l.text);
      }
      this.stmt.insertBatch.run(...args);
    }
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (i >= full) this.stmt.insert.run(l.namespace, l.pod, l.container, l.instance, l.ts, l.stream === "stderr" ? 1 : 0, l.text);
      if (!prev || prev.instance !== l.instance || prev.container !== l.container || prev.pod !== l.pod || prev.namespace !== l.namespace) k = instanceKey(l);
      prev = l;
      let size = this.bytes.get(k);
      if (size === undefined) {
        // The line just inserted is already in the sum.
        size = this.stmt.size.get(l.namespace, l.pod, l.container, l.instance)?.n ?? 0;
      } else {
        size += l.text.length;
      }
      this.track(l, k, size);
      if (size > this.cap) over.add(k);
    }
    for (const k of over) this.rotate(k);
  }

  /** Drops the oldest lines of one container instance until it is back under its cap, with headroom as a rotation leaves. */
  private rotate(key: string): void {
    const [namespace, pod, container, instance] = JSON.parse(key) as [string, string, string, number];
    let size = this.bytes.get(key) ?? 0;
    const target = Math.floor(this.cap * 0.8);
    let lastId = -1;
    for (const row of this.stmt.oldest.iterate(namespace, pod, container, instance)) {
      if (size <= target) break;
      size -= row.len;
      lastId = row.id;
    }
    if (lastId >= 0) this.stmt.deleteUpTo.run(namespace, pod, container, instance, lastId);
    this.bytes.set(key, size);
  }

  read(q: LogQuery): StoredLogLine[] {
    const where = ["namespace = ?", "pod = ?"];
    const args: (string | number)[] = [q.namespace, q.pod];
    if (q.container !== undefined) {
      where.push("container = ?");
      args.push(q.container);
    }
    if (q.instance !== undefined) {
      where.push("instance = ?");
      args.push(q.instance);
    }
    if (q.afterId !== undefined) {
      where.push("id > ?");
      args.push(q.afterId);
    }
    if (q.sinceTs !== undefined) {
      where.push("ts >= ?");
      args.push(q.sinceTs);
    }
    let sql = `SELECT id, namespace, pod, container, instance, ts, stream, line FROM logs WHERE ${where.join(" AND ")}`;
    if (q.tail !== undefined) {
      sql = `SELECT * FROM (${sql} ORDER BY id DESC LIMIT ?) ORDER BY id`;
      args.push(Math.max(0, q.tail));
    } else {
      sql += " ORDER BY id";
    }
    return this.readStatement(sql)
      .all(...args)
      .map((r) => ({
        id: r.id,
        namespace: r.namespace,
        pod: r.pod,
        container: r.container,
        instance: r.instance,
        ts: r.ts,
        stream: r.stream === 1 ? "stderr" : "stdout",
        text: r.line,
      }));
  }

  /**
   * The prepared statement for one query shape. A log tail polls several times a second
   * per pod; preparing its SQL each time cost more than running it. The shapes are few
   * (which of five optional filters are set), so the cache stays small.
   */
  private readStatement(sql: string): Database.Statement<(string | number)[], LogRow> {
    let stmt = this.reads.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<(string | number)[], LogRow>(sql);
      this.reads.set(sql, stmt);
    }
    return stmt;
  }

  /** Drops a container's instances older than `instance` (the kubelet keeps the last terminated one only). */
  deleteBefore(namespace: string, pod: string, container: string, instance: number): void {
    this.stmt.deleteBefore.run(namespace, pod, container, instance);
    const keys = this.keysByPod.get(podKey(namespace, pod));
    for (const k of keys ?? []) {
      const [, , c, i] = JSON.parse(k) as [string, string, string, number];
      if (c === container && i < instance) {
        this.bytes.delete(k);
        keys!.delete(k);
      }
    }
  }

  deletePod(namespace: string, pod: string): void {
    this.stmt.deletePod.run(namespace, pod);
    const pk = podKey(namespace, pod);
    for (const k of this.keysByPod.get(pk) ?? []) this.bytes.delete(k);
    this.keysByPod.delete(pk);
  }

  private track(l: LogLine, key: string, size: number): void {
    if (!this.bytes.has(key)) {
      const pk = podKey(l.namespace, l.pod);
      let keys = this.keysByPod.get(pk);
      if (!keys) {
        keys = new Set();
        this.keysByPod.set(pk, keys);
      }
      keys.add(key);
    }
    this.bytes.set(key, size);
  }
}

function podKey(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}

function instanceKey(l: LogLine): string {
  return JSON.stringify([l.namespace, l.pod, l.container, l.instance]);
}
