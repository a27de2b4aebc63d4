import { heapPop, heapPush } from "./heap.js";
import { WorkQueue } from "./workqueue.js";

/** What the engine needs of a reconciler's queue. */
export interface KeyQueue {
  readonly length: number;
  add(key: string): void;
  addAt(key: string, due: number): void;
  promote(now: number): void;
  take(): string | undefined;
  nextDue(): number | undefined;
}

interface Entry {
  key: string;
  priority: number;
  seq: number;
}

/** Higher priority first, then arrival order. */
function before(a: Entry, b: Entry): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

/**
 * A work queue whose ready keys come out by priority, highest first, and in arrival
 * order among equals (kube-scheduler's activeQ with the PrioritySort plugin). Delays
 * and de-duplication are a plain {@link WorkQueue}'s: keys pass through it and are
 * sorted once they are ready.
 */
export class PriorityWorkQueue implements KeyQueue {
  private readonly waiting = new WorkQueue();
  private readonly heap: Entry[] = [];
  private readonly ready = new Set<string>();
  private seq = 0;

  /** `priority(key)` is read once, when the key becomes ready. */
  constructor(private readonly priority: (key: string) => number) {}

  get length(): number {
    return this.ready.size;
  }

  add(key: string): void {
    this.waiting.add(key);
    this.drain();
  }

  addAt(key: string, due: number): void {
    if (this.ready.has(key)) return;
    this.waiting.addAt(key, due);
  }

  promote(now: number): void {
    this.waiting.promote(now);
    this.drain();
  }

  take(): string | undefined {
    const top = heapPop(this.heap, before);
    if (top === undefined) return undefined;
    this.ready.delete(top.key);
    return top.key;
  }

  nextDue(): number | undefined {
    return this.waiting.nextDue();
  }

  private drain(): void {
    for (let key = this.waiting.take(); key !== undefined; key = this.waiting.take()) {
      if (this.ready.has(key)) continue;
      this.ready.add(key);
      heapPush(this.heap, { key, priority: this.priority(key), seq: this.seq++ }, before);
    }
  }
}
