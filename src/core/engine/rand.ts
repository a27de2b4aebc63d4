/**
 * Seeded randomness (sfc32). The cluster stores the generator's state so that the same
 * inputs give the same cluster: pod name suffixes, jitter, tie-breaks.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: readonly number[]) {
    [this.a, this.b, this.c, this.d] = [state[0]! | 0, state[1]! | 0, state[2]! | 0, state[3]! | 0];
  }

  static fromSeed(seed: number): Rng {
    const r = new Rng([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed | 0]);
    for (let i = 0; i < 15; i++) r.next();
    return r;
  }

  state(): number[] {
    return [this.a, this.b, this.c, this.d];
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Runs several draws in a row (a stored generator reads and writes its state once). */
  batch<T>(fn: (r: Rng) => T): T {
    return fn(this);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A value in [base*(1-fraction), base*(1+fraction)]. */
  jitter(base: number, fraction: number): number {
    return base * (1 - fraction + 2 * fraction * this.next());
  }

  /** Kubernetes' generateName suffix alphabet (no vowels, no confusable digits). */
  suffix(length = 5): string {
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    return this.batch((r) => {
      let s = "";
      for (let i = 0; i < length; i++) s += alphabet[r.int(alphabet.length)];
      return s;
    });
  }
}

/** Reads and writes the generator state a store keeps, so that every process draws from one sequence. */
export interface RngStateStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

/**
 * The cluster's generator: its state lives in the store (meta key `rng`), read and
 * written at each draw, so that draws in any process continue one deterministic
 * sequence and a restarted engine picks up where the last one stopped.
 */
export class StoredRng extends Rng {
  constructor(
    private readonly meta: RngStateStore,
    private readonly seed = 1,
  ) {
    super([0, 0, 0, 0]);
  }

  override next(): number {
    return this.batch((r) => r.next());
  }

  /** Runs several draws against one read and one write of the stored state. */
  override batch<T>(fn: (r: Rng) => T): T {
    const raw = this.meta.getMeta("rng");
    const r = raw ? new Rng(JSON.parse(raw) as number[]) : Rng.fromSeed(this.seed);
    const v = fn(r);
    this.meta.setMeta("rng", JSON.stringify(r.state()));
    return v;
  }

  override state(): number[] {
    const raw = this.meta.getMeta("rng");
    return raw ? (JSON.parse(raw) as number[]) : Rng.fromSeed(this.seed).state();
  }
}

/** A random (version 4 layout) UUID drawn from a seeded generator. */
export function uuidFrom(rng: Rng): string {
  const raw = rng.batch((r) => {
    let s = "";
    for (let i = 0; i < 4; i++) s += Math.floor(r.next() * 2 ** 32).toString(16).padStart(8, "0");
    return s;
  });
  const hex = raw.split("");
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
