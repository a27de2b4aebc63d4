/**
 * The engine lease: controllers, the scheduler and the kubelets run only in the process
 * holding it, like a Kubernetes Lease with holder and renew time. Times here are wall
 * clock: the lease is about processes being alive, not about cluster time.
 */
export interface LeaseRecord {
  holder: string;
  /** Wall-clock epoch ms of the last renewal. */
  renewTime: number;
  durationMs: number;
  host: string;
  pid: number;
}

/** What the lease needs from the store. */
export interface LeaseStore {
  getMeta(key: string): string | undefined;
  compareAndSetMeta(key: string, expected: string | undefined, next: string): boolean;
}

export interface LeaseOptions {
  holder: string;
  host: string;
  pid: number;
  wall: () => number;
  /** Whether the process named in a lease still runs (a killed holder frees it before expiry). */
  isAlive: (rec: LeaseRecord) => boolean;
  durationMs?: number;
}

const KEY = "engineLease";

export class EngineLease {
  private held = false;
  private readonly durationMs: number;

  constructor(
    private readonly store: LeaseStore,
    private readonly opts: LeaseOptions,
  ) {
    this.durationMs = opts.durationMs ?? 15_000;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** The current record, if any holder has one. */
  current(): LeaseRecord | undefined {
    const raw = this.store.getMeta(KEY);
    return raw ? (JSON.parse(raw) as LeaseRecord) : undefined;
  }

  /** Takes the lease when it is free, expired, or held by a process that no longer runs. */
  tryAcquire(): boolean {
    const raw = this.store.getMeta(KEY);
    const rec = raw ? (JSON.parse(raw) as LeaseRecord) : undefined;
    if (rec && rec.holder !== this.opts.holder) {
      const expired = rec.durationMs === 0 || this.opts.wall() > rec.renewTime + rec.durationMs;
      if (!expired && this.opts.isAlive(rec)) return false;
    }
    this.held = this.store.compareAndSetMeta(KEY, raw, this.record());
    return this.held;
  }

  /** Extends the lease; false (and no longer held) when another process took it. */
  renew(): boolean {
    const raw = this.store.getMeta(KEY);
    const rec = raw ? (JSON.parse(raw) as LeaseRecord) : undefined;
    if (!rec || rec.holder !== this.opts.holder) {
      this.held = false;
      return false;
    }
    this.held = this.store.compareAndSetMeta(KEY, raw, this.record());
    return this.held;
  }

  release(): void {
    if (!this.held) return;
    const raw = this.store.getMeta(KEY);
    const rec = raw ? (JSON.parse(raw) as LeaseRecord) : undefined;
    if (rec?.holder === this.opts.holder) {
      this.store.compareAndSetMeta(KEY, raw, JSON.stringify({ ...rec, renewTime: 0, durationMs: 0 }));
    }
    this.held = false;
  }

  private record(): string {
    const rec: LeaseRecord = {
      holder: this.opts.holder,
      renewTime: this.opts.wall(),
      durationMs: this.durationMs,
      host: this.opts.host,
      pid: this.opts.pid,
    };
    return JSON.stringify(rec);
  }
}
