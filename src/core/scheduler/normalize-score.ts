import { MAX_NODE_SCORE } from "./interface.js";

/**
 * Scales scores so the highest becomes `maxPriority` (kube's `helper.DefaultNormalizeScore`),
 * with Go's integer division; `reverse` turns "more is worse" counts into scores. All
 * zeros stay zero, or become `maxPriority` when reversed.
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = intDiv(maxPriority * scores[i]!, max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

/** Floor division of non-negative integers, exact where a float quotient could round up. */
export function intDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  return q;
}
