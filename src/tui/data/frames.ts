/**
 * Coalesces bursts of changes into frames: however many watch events arrive, the
 * listeners run at most once per `intervalMs` (33 ms: about 30 frames a second).
 */
export class FrameScheduler {
  private timer: NodeJS.Timeout | undefined;
  private last = -Infinity;
  private readonly listeners = new Set<() => void>();
  /** Frames flushed so far (for the bench and tests). */
  frames = 0;

  constructor(
    private readonly intervalMs = 33,
    private readonly now: () => number = () => performance.now(),
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a frame: the first request after a quiet period flushes at once, later ones wait for the interval. */
  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
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
