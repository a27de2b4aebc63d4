/** Styled pieces of one terminal line, as presenters hand them to components. */
import type { Tone } from "./tone.js";

export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  inverse?: boolean;
  /** A colour of its own (pods in the Logs pane, glyphs in the map), by palette index. */
  colour?: number;
}

export type Line = Segment[];

export function lineWidth(line: Line): number {
  return line.reduce((n, s) => n + s.text.length, 0);
}

/**
 * Cuts a line to `width` cells (the last kept segment gets an ellipsis when cut), and
 * pads it with spaces when asked (an inverse row). Unpadded lines are cheaper to draw.
 */
export function fitLine(line: Line, width: number, pad = false): Line {
  const out: Line = [];
  let used = 0;
  for (const s of line) {
    if (used >= width) break;
    const room = width - used;
    if (s.text.length <= room) {
      out.push(s);
      used += s.text.length;
    } else {
      out.push({ ...s, text: room > 1 ? s.text.slice(0, room - 1) + "…" : s.text.slice(0, room) });
      used = width;
    }
  }
  if (pad && used < width) out.push({ text: " ".repeat(width - used) });
  return out;
}

/** Splits `text` into segments with every case-insensitive occurrence of `needle` highlighted. */
export function highlight(text: string, needle: string, base: Omit<Segment, "text"> = {}): Segment[] {
  if (!needle) return [{ ...base, text }];
  const lower = text.toLowerCase();
  const out: Segment[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle, from); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) out.push({ ...base, text: text.slice(from, at) });
    out.push({ ...base, text: text.slice(at, at + needle.length), inverse: true, tone: "accent" });
    from = at + needle.length;
  }
  if (from < text.length) out.push({ ...base, text: text.slice(from) });
  return out;
}
