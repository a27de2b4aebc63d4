/**
 * The Logs pane's lines, as stern prints them: each pod in a stable colour, then the
 * container, then the text (with the `/` filter highlighted); `+ pod › container` and
 * `- pod › container` when a container starts or stops being tailed. Only the lines
 * on screen are built.
 */
import { bottomIndex, type LogViewState } from "../state/log-view.js";
import type { LogEntry, LogMatches, LogRing } from "../state/log-ring.js";
import { highlight, type Line, type Segment } from "./segments.js";

/** Number of pod colours (components map them to terminal colours). */
export const POD_PALETTE_SIZE = 6;

/** A pod's colour: the same for the same name, every run. */
export function podColour(pod: string): number {
  let h = 0;
  for (let i = 0; i < pod.length; i++) h = (h * 31 + pod.charCodeAt(i)) >>> 0;
  return h % POD_PALETTE_SIZE;
}

/** `2024-01-01T00:00:05.123Z`. */
function stamp(ts: number): string {
  return new Date(ts).toISOString();
}

export interface LogLineOptions {
  timestamps: boolean;
  /** Several pods are tailed: prefix every line with its pod. */
  showPod: boolean;
  /** Prefix every line with its container (unless one container is tailed). */
  showContainer?: boolean;
  /** Lower-case text to highlight. */
  highlight: string;
}

/** One entry as a line, before wrapping. */
export function logLine(e: LogEntry, opts: LogLineOptions): Line {
  const colour = podColour(e.pod);
  if (e.type !== "line") {
    const sign = e.type === "start" ? "+" : "-";
    return [{ text: `${sign} `, tone: e.type === "start" ? "ok" : "error", bold: true }, { text: e.pod, colour }, { text: " › ", tone: "dim" }, { text: e.container, tone: "dim" }, ...(e.text ? [{ text: ` ${e.text}`, tone: "dim" as const }] : [])];
  }
  const out: Segment[] = [];
  if (opts.showPod) out.push({ text: `${e.pod} `, colour });
  if (opts.showContainer !== false) out.push({ text: `${e.container} `, tone: "dim" });
  if (opts.timestamps) out.push({ text: `${stamp(e.ts)} `, tone: "dim" });
  out.push(...highlight(e.text, opts.highlight, e.stream === "stderr" ? { tone: "warn" } : {}));
  return out;
}

/** Splits a line into rows of `width` cells. */
export function wrapLine(line: Line, width: number): Line[] {
  if (width <= 0) return [line];
  const rows: Line[] = [];
  let row: Line = [];
  let used = 0;
  for (const s of line) {
    let text = s.text;
    while (text.length > 0) {
      const room = width - used;
      const part = text.slice(0, room);
      row.push({ ...s, text: part });
      used += part.length;
      text = text.slice(part.length);
      if (used >= width) {
        rows.push(row);
        row = [];
        used = 0;
      }
    }
  }
  if (row.length > 0 || rows.length === 0) rows.push(row);
  return rows;
}

export interface LogWindow {
  rows: Line[];
  /** Lines below the view while it is held (not following). */
  waiting: number;
  total: number;
}

/** The rows on screen: from the bottom line shown upwards until `height` rows are filled. */
export function logWindow(ring: LogRing, matches: LogMatches, state: LogViewState, opts: LogLineOptions, width: number, height: number): LogWindow {
  const bottom = bottomIndex(state, matches);
  const rows: Line[] = [];
  for (let i = bottom; i >= 0 && rows.length < height; i--) {
    const e = ring.at(matches.seqAt(i));
    if (!e) continue;
    const line = logLine(e, opts);
    const parts = state.wrap ? wrapLine(line, width) : [line];
    for (let p = parts.length - 1; p >= 0 && rows.length < height; p--) rows.unshift(parts[p]!);
  }
  return { rows, waiting: bottom < 0 ? 0 : matches.length - 1 - bottom, total: matches.length };
}
