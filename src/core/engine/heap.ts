/**
 * A binary min-heap kept in a plain array, ordered by `before(a, b)` (true when `a`
 * must come out first); `heap[0]` is the next item out. The work queues keep their
 * timers and their ready keys in one.
 */
export function heapPush<T>(heap: T[], item: T, before: (a: T, b: T) => boolean): void {
  const h = heap;
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(h[i]!, h[p]!)) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

/** Removes and returns the first item out, or undefined when the heap is empty. */
export function heapPop<T>(heap: T[], before: (a: T, b: T) => boolean): T | undefined {
  const h = heap;
  if (h.length === 0) return undefined;
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    while (true) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  return top;
}
