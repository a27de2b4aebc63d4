/**
 * The Logs pane's memory: a bounded ring of lines and markers (default 50,000), and
 * an index of the entries a view shows, kept up to date incrementally so that new
 * lines cost in proportion to their number, not to the ring's size.
 */

/** A container line, or a marker that a container started (`+`) or stopped (`-`) being tailed. */
export interface LogEntry {
  /** Position in the ring's history: increasing, never reused (also across `clear`). */
  seq: number;
  type: "line" | "start" | "stop";
  /** Virtual time, epoch ms. */
  ts: number;
  namespace: string;
  pod: string;
  container: string;
  stream: "stdout" | "stderr";
  text: string;
}

export type NewLogEntry = Omit<LogEntry, "seq">;

export const DEFAULT_LOG_CAPACITY = 50_000;

export class LogRing {
  private readonly slots: (LogEntry | undefined)[];
  private head = 0;
  private count = 0;
  private next = 0;
  /** Bumped by every push and clear, for memoised views. */
  version = 0;

  constructor(readonly capacity: number = DEFAULT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`log buffer size must be a positive integer, not ${capacity}`);
    this.slots = new Array<LogEntry | undefined>(capacity);
  }

  /** Oldest seq still held. */
  get firstSeq(): number {
    return this.next - this.count;
  }

  /** The seq the next entry will get. */
  get nextSeq(): number {
    return this.next;
  }

  get size(): number {
    return this.count;
  }

  push(entries: readonly NewLogEntry[]): void {
    if (entries.length === 0) return;
    for (const e of entries) {
      const entry: LogEntry = { ...e, seq: this.next++ };
      const at = (this.head + this.count) % this.capacity;
      this.slots[at] = entry;
      if (this.count < this.capacity) this.count++;
      else this.head = (this.head + 1) % this.capacity;
    }
    this.version++;
  }

  at(seq: number): LogEntry | undefined {
    if (seq < this.firstSeq || seq >= this.next) return undefined;
    return this.slots[(this.head + (seq - this.firstSeq)) % this.capacity];
  }

  /** Forgets every entry; seqs keep increasing. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.version++;
  }
}

/**
 * The seqs of the ring's entries that pass a predicate, in order. `update` scans only
 * what arrived since the last call, unless the predicate (named by `key`) changed.
 */
export class LogIndex {
  private seqs: number[] = [];
  private start = 0;
  private scannedTo = 0;
  private key: string | undefined;

  update(ring: LogRing, key: string, keep: (e: LogEntry) => boolean): LogMatches {
    if (key !== this.key || this.scannedTo < ring.firstSeq) {
      this.key = key;
      this.seqs = [];
      this.start = 0;
      this.scannedTo = ring.firstSeq;
    }
    for (let seq = Math.max(this.scannedTo, ring.firstSeq); seq < ring.nextSeq; seq++) {
      const e = ring.at(seq);
      if (e && keep(e)) this.seqs.push(seq);
    }
    this.scannedTo = ring.nextSeq;
    // Drop what the ring has forgotten.
    const first = ring.firstSeq;
    while (this.start < this.seqs.length && this.seqs[this.start]! < first) this.start++;
    if (this.start > 4096 && this.start > this.seqs.length / 2) {
      this.seqs = this.seqs.slice(this.start);
      this.start = 0;
    }
    return new LogMatches(this.seqs, this.start);
  }
}

/** A read-only view of matching seqs. */
export class LogMatches {
  constructor(
    private readonly seqs: readonly number[],
    private readonly start: number,
  ) {}

  get length(): number {
    return this.seqs.length - this.start;
  }

  seqAt(i: number): number {
    return this.seqs[this.start + i]!;
  }

  /** Index of the last match at or before `seq`, or -1. */
  indexAtOrBefore(seq: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqAt(mid) <= seq) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
