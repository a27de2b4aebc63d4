/**
 * Lines as terminal text: SGR colour codes written directly, one run per segment.
 * The line-diffing writer (writer.ts) writes them as they are; the Ink tree of the tests
 * places them (components/LineText.tsx).
 */
import { lineWidth, type Line, type Segment } from "../presenters/segments.js";
import type { TermLine } from "./diff.js";
import type { Tone } from "../presenters/tone.js";

/** Foreground SGR codes of the tones. */
const TONE_SGR: Record<Tone, number | undefined> = {
  normal: undefined,
  ok: 32,
  warn: 33,
  error: 31,
  dim: 90,
  info: 36,
  accent: 34,
  terminating: 35,
};

/** Bright colours for pods in the Logs pane (presenters/logs.ts picks the index). */
const POD_SGR = [96, 95, 94, 93, 92, 97];

/** A segment's style as one number: foreground code, bold, inverse (0: none). */
function styleOf(s: Segment): number {
  const fg = s.colour !== undefined ? POD_SGR[s.colour % POD_SGR.length]! : s.tone ? (TONE_SGR[s.tone] ?? 0) : 0;
  return fg * 4 + (s.bold ? 2 : 0) + (s.inverse ? 1 : 0);
}

const sgrs = new Map<number, string>();

/** The escape sequence that sets a style from scratch. */
function sgr(style: number): string {
  let seq = sgrs.get(style);
  if (seq === undefined) {
    const codes: number[] = [];
    if (style >> 2) codes.push(style >> 2);
    if (style & 2) codes.push(1);
    if (style & 1) codes.push(7);
    seq = codes.length === 0 ? "\u001B[0m" : `\u001B[0;${codes.join(";")}m`;
    sgrs.set(style, seq);
  }
  return seq;
}

export function plainText(line: Line): string {
  let t = "";
  for (const s of line) t += s.text;
  return t;
}

/**
 * The line with colours (or plain, for a terminal without them). A style is written
 * once for a run of segments that share it: fewer bytes to write and compare.
 */
export function toAnsi(line: Line, colour: boolean): string {
  if (!colour) return plainText(line);
  let out = "";
  let current = 0;
  for (const s of line) {
    if (s.text === "") continue;
    const style = styleOf(s);
    if (style !== current) {
      out += sgr(style);
      current = style;
    }
    out += s.text;
  }
  return current === 0 ? out : `${out}\u001B[0m`;
}

/** A line as the terminal takes it: its text (coloured or plain) and its width in cells. */
export function termLine(line: Line, colour: boolean): TermLine {
  return { text: toAnsi(line, colour), width: lineWidth(line) };
}

/** Whether to draw in colour on `stdout`: a terminal, without NO_COLOR, and not a dumb one. */
export function wantsColour(stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stdout.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}
