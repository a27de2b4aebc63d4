import { heapPop, heapPush } from "./heap.js";

/**
 * A work queue in virtual time, like client-go's: a key is queued at most once,
 * a key added while queued is not duplicated, and delayed keys become ready when the
 * clock reaches their time (the earliest requested time wins).
 */
/** Timers come out by due time. */
function earlier(a: [number, string], b: [number, string]): boolean {
  return a[0] < b[0];
}

export class WorkQueue {
  /** Ready keys in order; `order[head…]` are live (a Set drained from the front degrades to O(n) per take in V8). */
  private order: string[] = [];
  private head = 0;
  private readonly ready = new Set<string>();
  /** key → due time, for keys waiting on the clock. */
  private readonly delayed = new Map<string, number>();
  /** Min-heap of [due, key]; entries superseded in `delayed` are skipped when popped. */
  private heap: [number, string][] = [];

  get length(): number {
    return this.ready.size;
  }

  add(key: string): void {
    this.delayed.delete(key);
    this.markReady(key);
  }

  private markReady(key: string): void {
    if (this.ready.has(key)) return;
    this.ready.add(key);
    this.order.push(key);
  }

  addAt(key: string, due: number): void {
    if (this.ready.has(key)) return;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= due) return;
    this.delayed.set(key, due);
    heapPush(this.heap, [due, key], earlier);
  }

  /** Moves every delayed key due at or before `now` to the ready set. */
  promote(now: number): void {
    while (this.heap.length > 0 && this.heap[0]![0] <= now) {
      const [due, key] = heapPop(this.heap, earlier)!;
      if (this.delayed.get(key) === due) {
        this.delayed.delete(key);
        this.markReady(key);
      }
    }
  }

  /** Takes the oldest ready key. */
  take(): string | undefined {
    if (this.head >= this.order.length) return undefined;
    const key = this.order[this.head++]!;
    this.ready.delete(key);
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  /** The earliest time a delayed key is due. */
  nextDue(): number | undefined {
    while (this.heap.length > 0) {
      const [due, key] = this.heap[0]!;
      if (this.delayed.get(key) === due) return due;
      heapPop(this.heap, earlier);
    }
    return undefined;
  }
}
