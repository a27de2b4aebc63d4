/**
 * Lines as terminal text: SGR colour codes written directly, one run per segment.
 * Ink then only places the finished strings (see LineText.tsx).
 */
import type { Line, Segment } from "../presenters/segments.js";
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

function codes(s: Segment): number[] {
  const out: number[] = [];
  const fg = s.colour !== undefined ? POD_SGR[s.colour % POD_SGR.length] : s.tone ? TONE_SGR[s.tone] : undefined;
  if (fg !== undefined) out.push(fg);
  if (s.bold) out.push(1);
  if (s.inverse) out.push(7);
  return out;
}

export function plainText(line: Line): string {
  let t = "";
  for (const s of line) t += s.text;
  return t;
}

/**
 * The line with colours (or plain, for a terminal without them). A style is written
 * once for a run of segments that share it: fewer escape codes for Ink to parse.
 */
export function toAnsi(line: Line, colour: boolean): string {
  if (!colour) return plainText(line);
  let out = "";
  let current = "";
  for (const s of line) {
    if (s.text === "") continue;
    const style = codes(s).join(";");
    if (style !== current) {
      out += style === "" ? "\u001B[0m" : `\u001B[0;${style}m`;
      current = style;
    }
    out += s.text;
  }
  return current === "" ? out : `${out}\u001B[0m`;
}
