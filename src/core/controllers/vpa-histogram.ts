/**
 * The VPA recommender's decaying histogram (recommender/util): exponentially growing
 * buckets (each 5 % wider than the last) holding sample weights that decay with a
 * half-life, so that recent usage counts more. Stored as plain JSON so that it can be
 * kept between kdeck processes, as the recommender keeps its checkpoints.
 */

/** The bucket layout: NewExponentialHistogramOptions(maxValue, firstBucketSize, ratio, epsilon). */
export interface HistogramOptions {
  maxValue: number;
  firstBucketSize: number;
  ratio: number;
  epsilon: number;
  halfLifeMs: number;
}

/** CPU in cores: first bucket 0.01, up to 1000 cores, half-life 24 h. */
export const CPU_HISTOGRAM: HistogramOptions = { maxValue: 1000, firstBucketSize: 0.01, ratio: 1.05, epsilon: 0.0001, halfLifeMs: 24 * 3600_000 };
/** Memory in bytes: first bucket 10 MB, up to 1 TB, half-life 24 h. */
export const MEMORY_HISTOGRAM: HistogramOptions = { maxValue: 1e12, firstBucketSize: 1e7, ratio: 1.05, epsilon: 0.0001, halfLifeMs: 24 * 3600_000 };

/** A decaying histogram's state. */
export interface HistogramState {
  /** Samples' weights are scaled relative to this time. */
  referenceTimestamp: number;
  /** Bucket index → weight. */
  buckets: Record<string, number>;
  totalWeight: number;
}

/** Beyond this exponent the reference moves forward and weights are rescaled (maxDecayExponent). */
const MAX_DECAY_EXPONENT = 100;

export function emptyHistogram(): HistogramState {
  return { referenceTimestamp: 0, buckets: {}, totalWeight: 0 };
}

function numBuckets(o: HistogramOptions): number {
  return Math.ceil(Math.log((o.maxValue * (o.ratio - 1)) / o.firstBucketSize + 1) / Math.log(o.ratio)) + 1;
}

/** FindBucket. */
export function findBucket(o: HistogramOptions, value: number): number {
  if (value < o.firstBucketSize) return 0;
  const bucket = Math.floor(Math.log((value * (o.ratio - 1)) / o.firstBucketSize + 1) / Math.log(o.ratio));
  return Math.min(bucket, numBuckets(o) - 1);
}

/** GetBucketStart. */
export function bucketStart(o: HistogramOptions, bucket: number): number {
  return (o.firstBucketSize * (Math.pow(o.ratio, bucket) - 1)) / (o.ratio - 1);
}

function decayFactor(o: HistogramOptions, h: HistogramState, at: number): number {
  // The reference is kept at a whole hour, as the recommender rounds it.
  const maxAllowed = h.referenceTimestamp + MAX_DECAY_EXPONENT * o.halfLifeMs;
  if (h.totalWeight === 0 || at > maxAllowed) shiftReference(o, h, Math.floor(at / 3600_000) * 3600_000);
  return Math.pow(2, (at - h.referenceTimestamp) / o.halfLifeMs);
}

function shiftReference(o: HistogramOptions, h: HistogramState, to: number): void {
  const scale = Math.pow(2, (h.referenceTimestamp - to) / o.halfLifeMs);
  for (const k of Object.keys(h.buckets)) h.buckets[k] = h.buckets[k]! * scale;
  h.totalWeight *= scale;
  h.referenceTimestamp = to;
}

/** AddSample: `value` with `weight`, decayed to its time. */
export function addSample(o: HistogramOptions, h: HistogramState, value: number, weight: number, at: number): void {
  const w = weight * decayFactor(o, h, at);
  const b = String(findBucket(o, value));
  h.buckets[b] = (h.buckets[b] ?? 0) + w;
  h.totalWeight += w;
}

/** SubtractSample: removes what AddSample put in (a memory peak replaced by a higher one). */
export function subtractSample(o: HistogramOptions, h: HistogramState, value: number, weight: number, at: number): void {
  const w = weight * Math.pow(2, (at - h.referenceTimestamp) / o.halfLifeMs);
  const b = String(findBucket(o, value));
  const next = Math.max(0, (h.buckets[b] ?? 0) - w);
  if (next < o.epsilon) delete h.buckets[b];
  else h.buckets[b] = next;
  h.totalWeight = Math.max(0, h.totalWeight - w);
}

export function isEmpty(o: HistogramOptions, h: HistogramState): boolean {
  return h.totalWeight < o.epsilon || Object.values(h.buckets).every((w) => w < o.epsilon);
}

/**
 * Percentile: the end of the first bucket where the cumulative weight reaches the
 * fraction (the start of the last bucket, which has no end); 0 when empty.
 */
export function percentile(o: HistogramOptions, h: HistogramState, p: number): number {
  if (isEmpty(o, h)) return 0;
  const indexes = Object.keys(h.buckets)
    .map(Number)
    .filter((i) => h.buckets[String(i)]! >= o.epsilon)
    .sort((a, b) => a - b);
  const threshold = p * h.totalWeight;
  let sum = 0;
  let bucket = indexes[indexes.length - 1]!;
  for (const i of indexes) {
    sum += h.buckets[String(i)]!;
    if (sum >= threshold) {
      bucket = i;
      break;
    }
  }
  return bucket < numBuckets(o) - 1 ? bucketStart(o, bucket + 1) : bucketStart(o, bucket);
}
