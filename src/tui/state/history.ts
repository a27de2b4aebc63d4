/** A browser-like history of views: `[` goes back, `]` forward, a new visit drops the forward part. */
export interface History<T> {
  entries: readonly T[];
  /** Index of the current entry. */
  at: number;
}

const LIMIT = 50;

export function historyOf<T>(first: T): History<T> {
  return { entries: [first], at: 0 };
}

/** Records a visit (unless it repeats the current entry). */
export function visit<T>(h: History<T>, entry: T, same: (a: T, b: T) => boolean): History<T> {
  const current = h.entries[h.at];
  if (current !== undefined && same(current, entry)) return h;
  const entries = [...h.entries.slice(0, h.at + 1), entry].slice(-LIMIT);
  return { entries, at: entries.length - 1 };
}

export function back<T>(h: History<T>): History<T> {
  return h.at > 0 ? { ...h, at: h.at - 1 } : h;
}

export function forward<T>(h: History<T>): History<T> {
  return h.at < h.entries.length - 1 ? { ...h, at: h.at + 1 } : h;
}

export function current<T>(h: History<T>): T {
  return h.entries[h.at]!;
}
