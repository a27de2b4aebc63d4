/**
 * Coalesces bursts of changes into frames: however many watch events arrive, the
 * listeners run at most once per interval (33 ms: about 30 frames a second). The
 * interval may be a function, read at each request (longer while nobody types).
 */
/** The shortest interval: about 30 frames a second. */
const URGENT_MS = 33;

export class FrameScheduler {
  private timer: NodeJS.Timeout | undefined;
  private due = Infinity;
  private last = -Infinity;
  private readonly listeners = new Set<() => void>();
  /** Frames flushed so far (for the bench and tests). */
  frames = 0;
  /** When the last frame started (the clock's ms; the bench times frames from it). */
  get lastFlushAt(): number {
    return this.last;
  }

  constructor(
    private readonly intervalMs: number | (() => number) = 33,
    private readonly now: () => number = () => performance.now(),
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks for a frame: the first request after a quiet period flushes at once, later ones
   * wait for the interval. An `urgent` one (log lines the user watches arrive) waits at
   * most the shortest interval, 33 ms.
   */
  request(urgent = false): void {
    const interval = urgent ? URGENT_MS : typeof this.intervalMs === "number" ? this.intervalMs : this.intervalMs();
    const at = Math.max(this.now(), this.last + interval);
    if (this.timer) {
      if (at >= this.due) return;
      clearTimeout(this.timer);
    }
    this.due = at;
    this.timer = setTimeout(() => this.flush(), Math.max(0, at - this.now()));
  }

  private flush(): void {
    this.timer = undefined;
    this.due = Infinity;
    this.last = this.now();
    this.frames++;
    for (const l of [...this.listeners]) l();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }
}
