import { isApiError } from "../api/errors.js";
import type { Store, WatchEvent } from "../store.js";
import type { EngineClock } from "./clock.js";
import type { Reconciler } from "./reconciler.js";
import { PriorityWorkQueue, type KeyQueue } from "./priority-workqueue.js";
import { WorkQueue } from "./workqueue.js";

/** A reconcile that threw, kept for `kdeck` diagnostics and tests. */
export interface ReconcileFailure {
  reconciler: string;
  key: string;
  message: string;
  at: number;
}

export interface EngineOptions {
  store: Store;
  clock: EngineClock;
  reconcilers: readonly Reconciler[];
  /**
   * Milliseconds of work per write transaction (a monotonic timer, not cluster time).
   * Committing in chunks rather than per reconcile or per timer is what makes 10,000
   * pods fast; the bound keeps other processes' view (and acknowledgements) current.
   */
  transactionBudgetMs?: number;
  /** Monotonic milliseconds, for the transaction budget only. */
  monotonic?: () => number;
}

/** Give up settling after this many reconciles: a controller that never converges is a bug, not a hang. */
const MAX_RECONCILES_PER_SETTLE = 20_000_000;

/**
 * The controller manager: feeds committed changes to the reconcilers' work queues and
 * runs them in virtual time. It runs only in the process that holds the engine lease.
 */
export class Engine {
  private readonly store: Store;
  readonly clock: EngineClock;
  private readonly reconcilers: readonly Reconciler[];
  private readonly queues: KeyQueue[];
  private readonly routes = new Map<string, { index: number; keys: (ev: WatchEvent) => Iterable<string> }[]>();
  private readonly retries = new Map<string, number>();
  private readonly budgetMs: number;
  private readonly monotonic: () => number;
  private unsubscribe: (() => void) | undefined;
  /** Total reconciles run, for benchmarks. */
  reconciles = 0;
  readonly failures: ReconcileFailure[] = [];

  constructor(opts: EngineOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.reconcilers = opts.reconcilers;
    this.budgetMs = opts.transactionBudgetMs ?? 100;
    this.monotonic = opts.monotonic ?? (() => performance.now());
    this.queues = this.reconcilers.map((r) => (r.queuePriority ? new PriorityWorkQueue((key) => r.queuePriority!(key)) : new WorkQueue()));
    this.reconcilers.forEach((r, index) => {
      for (const w of r.watches) {
        const list = this.routes.get(w.resource) ?? [];
        list.push({ index, keys: (ev) => w.keys(ev) });
        this.routes.set(w.resource, list);
      }
    });
  }

  /** Subscribes to changes and queues every object once (a resync), as a restarted controller does. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.onWrite((event) => this.route(event));
    this.reconcilers.forEach((r, i) => {
      for (const key of r.initialKeys()) this.queues[i]!.add(key);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Runs reconcilers until none has work due at the current virtual time. Returns how many ran. */
  settle(): number {
    const before = this.reconciles;
    this.lastSettleCheck = this.reconciles;
    this.promote();
    while (this.hasReady()) {
      this.inTransaction(() => {
        while (this.hasReady() && !this.overBudget()) this.runReady();
      });
    }
    return this.reconciles - before;
  }

  /**
   * Fast-forwards virtual time by `ms`, running every timer in order (probe periods,
   * back-offs, grace periods) as fast as the machine allows. `onStep` runs between
   * transactions, e.g. to renew the engine lease during a long advance.
   */
  advance(ms: number, onStep?: () => void): void {
    const target = this.clock.now() + ms;
    this.advanceUntil(() => false, target - this.clock.now(), onStep);
  }

  /**
   * Fast-forwards until `done()` holds or `timeoutMs` of virtual time passed, and
   * returns whether the condition held. The clock stops where the condition first held.
   */
  advanceUntil(done: () => boolean, timeoutMs: number, onStep?: () => void): boolean {
    const deadline = this.clock.now() + timeoutMs;
    let finished = false;
    let held = false;
    while (!finished) {
      this.inTransaction(() => {
        while (!this.overBudget()) {
          this.promote();
          while (this.hasReady()) this.runReady();
          if (done()) {
            held = true;
            finished = true;
            return;
          }
          const due = this.nextDue();
          if (due === undefined || due > deadline) {
            this.clock.set(deadline);
            this.promote();
            while (this.hasReady()) this.runReady();
            held = done();
            finished = true;
            return;
          }
          this.clock.set(due);
          this.lastSettleCheck = this.reconciles;
        }
      });
      onStep?.();
    }
    return held;
  }

  /** One step of real-time mode: pick up other processes' writes, then run what is due. */
  tick(): number {
    this.store.poll();
    return this.settle();
  }

  /** The earliest virtual time some reconciler asked to run again. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const q of this.queues) {
      const d = q.nextDue();
      if (d !== undefined && (min === undefined || d < min)) min = d;
    }
    return min;
  }

  /** Queues a key for a reconciler by name (used by commands that want a prompt reaction). */
  enqueue(reconciler: string, key: string): void {
    const i = this.reconcilers.findIndex((r) => r.name === reconciler);
    if (i >= 0) this.queues[i]!.add(key);
  }

  private transactionStart = 0;
  /** Reconcile count when virtual time last moved: a settle at one instant that runs away is a bug. */
  private lastSettleCheck = 0;

  /** Runs `fn` in one write transaction and starts its time budget. */
  private inTransaction(fn: () => void): void {
    this.transactionStart = this.monotonic();
    this.store.transaction(fn);
  }

  private overBudget(): boolean {
    return this.monotonic() - this.transactionStart > this.budgetMs;
  }

  private hasReady(): boolean {
    for (const q of this.queues) if (q.length > 0) return true;
    return false;
  }

  /** One round: up to a few keys from each reconciler in turn, so none starves the others. */
  private runReady(): void {
    for (let i = 0; i < this.queues.length; i++) {
      const q = this.queues[i]!;
      for (let n = 0; n < 64; n++) {
        const key = q.take();
        if (key === undefined) break;
        this.runOne(i, key);
      }
    }
    if (this.reconciles - this.lastSettleCheck > MAX_RECONCILES_PER_SETTLE) {
      throw new Error("the cluster did not settle: a controller keeps requeueing work");
    }
  }

  private promote(): void {
    const now = this.clock.now();
    for (const q of this.queues) q.promote(now);
  }

  private route(ev: WatchEvent): void {
    const targets = this.routes.get(ev.resource);
    if (!targets) return;
    for (const t of targets) for (const key of t.keys(ev)) this.queues[t.index]!.add(key);
  }

  private runOne(index: number, key: string): void {
    const r = this.reconcilers[index]!;
    this.reconciles++;
    const retryKey = `${index}\u0000${key}`;
    try {
      const result = r.reconcile(key);
      this.retries.delete(retryKey);
      if (result?.requeueAfter !== undefined) this.queues[index]!.addAt(key, this.clock.now() + Math.max(0, result.requeueAfter));
    } catch (err) {
      // client-go's default rate limiter: 5 ms doubling to 1000 s, per key.
      const n = (this.retries.get(retryKey) ?? 0) + 1;
      this.retries.set(retryKey, n);
      const delay = Math.min(5 * 2 ** (n - 1), 1_000_000);
      this.queues[index]!.addAt(key, this.clock.now() + delay);
      if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) {
        this.failures.push({ reconciler: r.name, key, message: err instanceof Error ? err.message : String(err), at: this.clock.now() });
        if (this.failures.length > 100) this.failures.shift();
      }
    }
  }
}
