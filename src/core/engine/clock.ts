/**
 * Virtual time. Every timestamp in the cluster comes from a Clock, never from
 * `Date.now()`, so that `advance` and tests are deterministic.
 */
export interface Clock {
  /** Virtual time, epoch milliseconds. */
  now(): number;
}

/** RFC 3339 with second precision, as Kubernetes serialises metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** RFC 3339 with microseconds, as Kubernetes serialises metav1.MicroTime. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Parses a Kubernetes timestamp back to epoch milliseconds (NaN when absent). */
export function parseTime(s: string | undefined): number {
  return s ? Date.parse(s) : NaN;
}

/**
 * A clock that only moves when told to: tests, one-shot commands and `advance`.
 * `set` never moves time backwards.
 */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    if (t > this.t) this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * The engine's clock. Paused, it moves only when set (tests, one-shot commands,
 * `advance`). Running, virtual time follows the wall clock times `speed`.
 */
export class EngineClock implements Clock {
  private base: number;
  private wallBase: number;
  private running = false;
  private speedFactor = 1;

  constructor(
    virtualNow: number,
    private readonly wall: () => number = () => 0,
  ) {
    this.base = virtualNow;
    this.wallBase = wall();
  }

  now(): number {
    if (!this.running) return this.base;
    return this.base + Math.floor((this.wall() - this.wallBase) * this.speedFactor);
  }

  /** Moves virtual time forward to `t` (never backwards). */
  set(t: number): void {
    const now = this.now();
    this.base = Math.max(t, now);
    this.wallBase = this.wall();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  get isRunning(): boolean {
    return this.running;
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Starts following the wall clock from the current virtual time. */
  resume(): void {
    if (this.running) return;
    this.wallBase = this.wall();
    this.running = true;
  }

  pause(): void {
    if (!this.running) return;
    this.base = this.now();
    this.running = false;
  }

  setSpeed(speed: number): void {
    this.base = this.now();
    this.wallBase = this.wall();
    this.speedFactor = speed;
  }
}
