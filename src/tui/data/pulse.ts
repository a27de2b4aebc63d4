/**
 * The history `:pulse` draws: one sample per bucket of virtual time (10 s), kept for
 * the last minutes. Samples are taken as frames go by; a jump in virtual time
 * (`advance`) repeats the last counts over the buckets it skipped.
 */
import type { ClusterCounts } from "../presenters/header.js";

export interface PulseSample {
  /** Start of the bucket, virtual epoch ms. */
  t: number;
  running: number;
  pending: number;
  failed: number;
  succeeded: number;
  restarts: number;
  /** Events recorded (created or repeated) during the bucket. */
  events: number;
}

export const PULSE_BUCKET_MS = 10_000;
export const PULSE_BUCKETS = 60;

export class PulseHistory {
  private readonly samples: PulseSample[] = [];
  private pendingEvents = 0;

  /** An event was recorded (a watch ADDED or MODIFIED of an Event). */
  countEvent(): void {
    this.pendingEvents++;
  }

  /** Records the counts at virtual time `now`. */
  observe(now: number, c: ClusterCounts): void {
    const t = Math.floor(now / PULSE_BUCKET_MS) * PULSE_BUCKET_MS;
    const last = this.samples[this.samples.length - 1];
    const sample = (at: number, events: number): PulseSample => ({ t: at, running: c.running, pending: c.pending, failed: c.failed, succeeded: c.succeeded, restarts: c.restarts, events });
    if (last && last.t === t) {
      this.samples[this.samples.length - 1] = sample(t, last.events + this.pendingEvents);
    } else if (last && t > last.t) {
      const gap = Math.min(PULSE_BUCKETS, (t - last.t) / PULSE_BUCKET_MS - 1);
      for (let i = gap; i >= 1; i--) this.samples.push({ ...last, t: t - i * PULSE_BUCKET_MS, events: 0 });
      this.samples.push(sample(t, this.pendingEvents));
    } else if (!last || t < last.t) {
      // First sample, or time went backwards (a reset cluster): start again.
      this.samples.length = 0;
      this.samples.push(sample(t, this.pendingEvents));
    }
    this.pendingEvents = 0;
    if (this.samples.length > PULSE_BUCKETS) this.samples.splice(0, this.samples.length - PULSE_BUCKETS);
  }

  all(): readonly PulseSample[] {
    return this.samples;
  }
}
