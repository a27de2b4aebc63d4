/** `:pulse`: counts now and sparklines over the last minutes of virtual time. */
import type { PulseSample } from "../data/pulse.js";
import { PULSE_BUCKET_MS } from "../data/pulse.js";
import { humanDuration } from "../../client/printing.js";
import { fitLine, type Line } from "./segments.js";
import type { Tone } from "./tone.js";

const TICKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** A sparkline of `values` (the last `width` of them), scaled from 0 to their maximum. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-width);
  const max = Math.max(0, ...shown);
  return shown.map((v) => (max === 0 ? TICKS[0]! : TICKS[Math.min(TICKS.length - 1, Math.round((v / max) * (TICKS.length - 1)))]!)).join("");
}

interface Series {
  label: string;
  tone: Tone;
  values: number[];
  /** Restarts are a running total: show the increase per bucket. */
  delta?: boolean;
}

export function pulseLines(samples: readonly PulseSample[], width: number): Line[] {
  const series: Series[] = [
    { label: "running", tone: "ok", values: samples.map((s) => s.running) },
    { label: "pending", tone: "warn", values: samples.map((s) => s.pending) },
    { label: "failed", tone: "error", values: samples.map((s) => s.failed) },
    { label: "completed", tone: "dim", values: samples.map((s) => s.succeeded) },
    { label: "restarts", tone: "error", values: samples.map((s) => s.restarts), delta: true },
    { label: "events", tone: "info", values: samples.map((s) => s.events) },
  ];
  const span = samples.length > 0 ? humanDuration(samples.length * PULSE_BUCKET_MS) : "0s";
  const out: Line[] = [[{ text: ` last ${span} of virtual time, one column per ${PULSE_BUCKET_MS / 1000}s`, tone: "dim" }], []];
  const sparkWidth = Math.max(10, width - 30);
  for (const s of series) {
    const values = s.delta ? s.values.map((v, i) => (i === 0 ? 0 : Math.max(0, v - s.values[i - 1]!))) : s.values;
    const now = s.values[s.values.length - 1] ?? 0;
    const label = s.delta ? `${now} total` : String(now);
    out.push([{ text: ` ${s.label.padEnd(10)}`, bold: true }, { text: label.padStart(10), tone: s.tone }, { text: "  " }, { text: sparkline(values, sparkWidth), tone: s.tone }]);
    out.push([]);
  }
  return out.map((l) => fitLine(l, width));
}
