/** Usage bars: `████░░░░ 52%`, coloured by how full. */
import type { Tone } from "./tone.js";

const FULL = "█";
const EMPTY = "░";
const PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar `width` cells wide for a fraction (clamped to 0…1), with eighth-cell precision. */
export function bar(fraction: number, width: number): string {
  if (width <= 0) return "";
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = full < width ? PARTIAL[rest]! : "";
  return (FULL.repeat(full) + partial).padEnd(width, EMPTY).slice(0, width);
}

/** `52%`; more than 100% (overcommitted) shows as it is. */
export function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "-";
  return `${Math.round(fraction * 100)}%`;
}

export function usageTone(fraction: number): Tone {
  if (!Number.isFinite(fraction)) return "dim";
  if (fraction >= 0.9) return "error";
  if (fraction >= 0.7) return "warn";
  return "ok";
}

/** A bar with its percentage: `████░░░░  52%` in `width` cells. */
export function barCell(fraction: number, width: number): string {
  const label = percent(fraction).padStart(4);
  return `${bar(fraction, Math.max(1, width - label.length - 1))} ${label}`;
}
