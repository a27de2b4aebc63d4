/**
 * One frame of the console, built once per change: the screen model (screen.ts), its
 * lines (frame.ts), and those lines as the terminal takes them (ansi.ts), which is also
 * what tells two frames apart.
 */
import type { Line } from "../presenters/segments.js";
import type { Screen } from "../screen.js";
import { termLine } from "./ansi.js";
import type { TermLine } from "./diff.js";
import { frameLines } from "./frame.js";

export interface ConsoleFrame {
  screen: Screen;
  lines: readonly Line[];
  coloured: readonly TermLine[];
  /** Built when first asked for (a terminal without colours). */
  plain?: readonly TermLine[];
}

/**
 * The frame `build` describes, or (should a presenter throw) one that says what failed
 * instead of a stack trace.
 */
export function consoleFrame(build: () => Screen, columns: number, rows: number): ConsoleFrame {
  let screen: Screen;
  try {
    screen = build();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    screen = { width: columns, height: Math.max(1, rows - 1), notice: `kdeck could not draw this view: ${message} (esc goes back, q quits)`, header: [], body: { type: "panes", rows: [] }, bodyHeight: 0, footer: [] };
  }
  const lines = frameLines(screen);
  return { screen, lines, coloured: lines.map((l) => termLine(l, true)) };
}

/** The frame's lines, coloured or plain. */
export function frameTermLines(f: ConsoleFrame, colour: boolean): readonly TermLine[] {
  if (colour) return f.coloured;
  f.plain ??= f.lines.map((l) => termLine(l, false));
  return f.plain;
}

/** True when two frames draw the same lines. */
export function sameLines(a: readonly TermLine[], b: readonly TermLine[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.text !== b[i]!.text) return false;
  return true;
}
