/** The timer functions a Debouncer uses: the real ones, or a test's manual clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

/** Node's timers and performance clock. */
export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

export interface DebouncerOptions<T> {
  /** A batch runs after this long without a new item (default 200 ms). */
  quietMs?: number;
  /** … and no later than this long after the first item of a burst (default 2 s). */
  maxWaitMs?: number;
  timers?: Timers;
  /** Runs one batch; the next batch waits until the promise settles. */
  run: (batch: T[]) => Promise<void> | void;
  /** Told about a batch that threw (the debouncer carries on). */
  onError?: (error: unknown) => void;
}

/**
 * Collects items (file events) into batches: a batch starts once items stop arriving
 * for `quietMs`, or `maxWaitMs` after the first one, whichever is first, so that an
 * editor's save storm becomes one batch and a steady trickle still gets applied.
 * Batches never overlap: items that arrive while one runs form the next batch, which
 * starts after it (at once, if its own wait is already over).
 */
export class Debouncer<T> {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly timers: Timers;
  private items: T[] = [];
  private firstAt: number | undefined;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private dueWhileRunning = false;
  private stopped = false;

  constructor(private readonly opts: DebouncerOptions<T>) {
    this.quietMs = opts.quietMs ?? 200;
    this.maxWaitMs = opts.maxWaitMs ?? 2000;
    this.timers = opts.timers ?? REAL_TIMERS;
  }

  /** Adds an item to the coming batch and (re)starts its wait. Ignored once stopped. */
  push(item: T): void {
    if (this.stopped) return;
    const now = this.timers.now();
    this.items.push(item);
    this.firstAt ??= now;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now));
    this.timer = this.timers.setTimeout(() => this.due(), delay);
  }

  /** Starts the coming batch now (after the running one), without waiting out the quiet period. */
  flush(): void {
    if (this.stopped || this.items.length === 0) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.due();
  }

  /** Items waiting for the next batch. */
  get pending(): number {
    return this.items.length;
  }

  /** True while a batch runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once no batch runs and none is waiting. */
  async idle(): Promise<void> {
    while (this.running || (this.items.length > 0 && !this.stopped)) {
      if (this.running) await this.running;
      else await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 5));
    }
  }

  /**
   * Stops taking items and drops those waiting; resolves when the running batch (if
   * any) has finished.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.firstAt = undefined;
    if (this.running) await this.running;
  }

  private due(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.running) {
      this.dueWhileRunning = true;
      return;
    }
    const batch = this.items;
    this.items = [];
    this.firstAt = undefined;
    if (batch.length === 0) return;
    this.running = (async () => {
      try {
        await this.opts.run(batch);
      } catch (e) {
        this.opts.onError?.(e);
      }
    })().finally(() => {
      this.running = undefined;
      if (this.dueWhileRunning) {
        this.dueWhileRunning = false;
        this.due();
      }
    });
  }
}
