/**
 * The drain's progress view: kubectl drain's lines as they come, each after its virtual
 * time and coloured by what it says (a refusal by a PodDisruptionBudget in yellow,
 * errors and timeouts in red, `drained` in green), wrapped to the width, with the
 * one-line summary pinned under them.
 */
import { drainStatus, drainWindowStart, type DrainLine, type DrainViewState } from "../state/drain.js";
import { fitLine, type Line } from "./segments.js";
import type { Tone } from "./tone.js";

/** `12:00:05 `: the time column. */
const TIME_WIDTH = 9;

export function drainLineTone(kind: DrainLine["kind"]): Tone {
  switch (kind) {
    case "command":
    case "skipped":
      return "dim";
    case "cordoned":
      return "info";
    case "warning":
    case "retry":
      return "warn";
    case "drained":
      return "ok";
    case "error":
    case "timeout":
      return "error";
    case "evicting":
    case "evicted":
      return "normal";
  }
}

/** `HH:MM:SS` of a virtual instant (UTC, as the header's clock). */
function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/** Words in pieces of at most `width` cells (leading spaces kept); a word longer than that is cut. */
function wrap(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const out: string[] = [];
  const indent = /^ */.exec(text)![0];
  let line = indent.length < width / 2 ? indent : "";
  for (let word of text.slice(indent.length).split(" ")) {
    if (line.trim() !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = "";
    }
    // Alone on its line and still too long: cut it.
    while (line.length + word.length > width && line.trim() === "") {
      const room = width - line.length;
      out.push(line + word.slice(0, room));
      word = word.slice(room);
      line = "";
    }
    line = line.trim() === "" ? line + word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

const rowsMemo = new WeakMap<readonly DrainLine[], { width: number; rows: Line[] }>();

/** Every line of the stream as rows of `width` cells (a long line goes on under its text, not under the time). */
export function drainRows(lines: readonly DrainLine[], width: number): Line[] {
  const hit = rowsMemo.get(lines);
  if (hit && hit.width === width) return hit.rows;
  const rows: Line[] = [];
  const room = Math.max(10, width - 1 - TIME_WIDTH);
  for (const l of lines) {
    const tone = drainLineTone(l.kind);
    const bold = l.kind === "drained";
    wrap(l.text, room).forEach((part, i) => {
      rows.push(fitLine([{ text: i === 0 ? ` ${clock(l.at)} ` : " ".repeat(TIME_WIDTH + 1), tone: "dim" }, { text: part, tone, ...(bold ? { bold } : {}) }], width));
    });
  }
  rowsMemo.set(lines, { width, rows });
  return rows;
}

/** `1m05s` of virtual time. */
function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

const PHASE: Record<DrainViewState["phase"], { text: string; tone: Tone }> = {
  running: { text: "running", tone: "info" },
  drained: { text: "drained", tone: "ok" },
  failed: { text: "failed", tone: "error" },
  timedOut: { text: "timed out", tone: "error" },
  cancelled: { text: "stopped", tone: "warn" },
};

/** The view's title: the nodes, how it stands, and for how long (virtual) it has run. */
export function drainTitle(s: DrainViewState, now: number): Line {
  const nodes = s.nodes.length <= 3 ? s.nodes.map((n) => `node/${n}`).join(", ") : `${s.nodes.length} nodes`;
  const phase = s.cancelling ? { text: "stopping", tone: "warn" as const } : PHASE[s.phase];
  return [
    { text: `Drain ${nodes}`, bold: true },
    { text: `  ${phase.text}`, tone: phase.tone, bold: true },
    { text: ` ${elapsed((s.endedAt ?? now) - s.startedAt)}`, tone: "dim" },
  ];
}

/** The summary, with a mark of how it stands, wrapped to `width` (at most 3 rows). */
export function drainStatusLines(s: DrainViewState, width: number): Line[] {
  const st = drainStatus(s);
  const mark = s.phase === "running" ? "▶" : s.phase === "drained" ? "✔" : s.phase === "cancelled" ? "■" : "✖";
  const tone = st.tone === "info" ? "normal" : st.tone;
  const bold = s.phase !== "running";
  const parts = wrap(st.text, Math.max(10, width - 3)).slice(0, 3);
  return parts.map((part, i) => fitLine([i === 0 ? { text: ` ${mark} `, tone: st.tone, bold: true } : { text: "   " }, { text: part, tone, bold }], width));
}

/** Rows of the stream in a view of `rows` rows at `width` cells: what the summary and the blank line above it leave. */
export function drainStreamRows(s: DrainViewState, width: number, rows: number): number {
  return Math.max(1, rows - 1 - drainStatusLines(s, width).length);
}

/** The view's `rows` lines at `width` cells: the stream's window, a blank line, the summary. */
export function drainLines(s: DrainViewState, width: number, rows: number): Line[] {
  const all = drainRows(s.lines, width);
  const status = drainStatusLines(s, width);
  const height = drainStreamRows(s, width, rows);
  const start = drainWindowStart(s, all.length, height);
  const out: Line[] = all.slice(start, start + height);
  while (out.length < height) out.push([]);
  out.push([], ...status);
  return out.slice(0, Math.max(1, rows));
}
