/**
 * The cluster's virtual time as the store keeps it, so that every process agrees on
 * "now": the leader writes it; others read it and, while it runs, extrapolate.
 */
export interface StoredTime {
  /** Virtual epoch ms at `wall`. */
  virtual: number;
  /** Wall-clock epoch ms when written. */
  wall: number;
  speed: number;
  /** True while a leader runs in real-time mode. */
  running: boolean;
}

const KEY = "clock";

export function readStoredTime(meta: { getMeta(key: string): string | undefined }): StoredTime | undefined {
  const raw = meta.getMeta(KEY);
  return raw ? (JSON.parse(raw) as StoredTime) : undefined;
}

export function writeStoredTime(meta: { setMeta(key: string, value: string): void }, t: StoredTime): void {
  meta.setMeta(KEY, JSON.stringify(t));
}

/** Virtual now as seen from a process that does not run the clock. */
export function observedNow(t: StoredTime, wallNow: number): number {
  return t.running ? t.virtual + Math.max(0, wallNow - t.wall) * t.speed : t.virtual;
}
