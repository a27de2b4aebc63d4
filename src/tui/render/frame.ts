/**
 * The screen model as terminal lines: exactly `height` lines of styled segments, each at
 * most `width` cells, with the panes' borders, the dialog's box and the notice drawn
 * here. Both ways of putting a frame on a terminal draw these lines: the line-diffing
 * writer in production (writer.ts) and the Ink tree the tests render (components/).
 */
import { fitLine, lineWidth, type Line, type Segment } from "../presenters/segments.js";
import type { Tone } from "../presenters/tone.js";
import type { DialogState } from "../state/dialog.js";
import type { PaneView, Screen } from "../screen.js";

const EMPTY: Line = [];

/** The frame's lines, top to bottom: header, body, footer. */
export function frameLines(s: Screen): Line[] {
  if (s.notice) return noticeLines(s.notice, s.width, s.height);
  const out: Line[] = s.header.map((l) => fitLine(l, s.width));
  const b = s.body;
  if (b.type === "dialog") out.push(...dialogLines(b.dialog, s.width, s.bodyHeight));
  else if (b.type === "overlay") out.push(...boxLines(b.title, b.lines, s.width, s.bodyHeight, "info"));
  else for (const row of b.rows) out.push(...paneRow(row));
  out.push(fitLine(s.footer, s.width));
  return exactly(out, s.height);
}

function exactly(lines: Line[], height: number): Line[] {
  if (lines.length > height) return lines.slice(0, height);
  while (lines.length < height) lines.push(EMPTY);
  return lines;
}

/** Panes side by side: line i of the row is line i of each pane, each padded to its width. */
function paneRow(row: readonly PaneView[]): Line[] {
  const columns = row.map(paneLines);
  const height = Math.max(0, ...row.map((p) => (p.collapsed ? 1 : p.height)));
  const out: Line[] = [];
  for (let i = 0; i < height; i++) {
    const line: Segment[] = [];
    columns.forEach((lines, j) => {
      const l = lines[i] ?? EMPTY;
      line.push(...l);
      // Every pane but the last is padded so the next one starts at its column.
      const rest = row[j]!.width - lineWidth(l);
      if (j < columns.length - 1 && rest > 0) line.push({ text: " ".repeat(rest) });
    });
    out.push(line);
  }
  return out;
}

function paneLines(p: PaneView): Line[] {
  if (p.collapsed) {
    const head = fitLine([{ text: "─ " }, ...p.title, { text: " " }], p.width, false);
    return [[...head, { text: "─".repeat(Math.max(0, p.width - lineWidth(head))), tone: "dim" }]];
  }
  return boxLines(p.title, p.lines, p.width, p.height, p.focused ? "info" : "dim");
}

/**
 * A box `width`×`height` with its title in the top border (`╭─ Nodes (4) ───╮`), the
 * lines inside the side borders, and the bottom border.
 */
export function boxLines(title: Line, lines: readonly Line[], width: number, height: number, edge: Tone): Line[] {
  if (height <= 0 || width < 2) return [];
  const shown = fitLine(title, Math.max(0, width - 6), false);
  const rest = Math.max(0, width - 5 - lineWidth(shown));
  const out: Line[] = [[{ text: "╭─ ", tone: edge }, ...shown, { text: ` ${"─".repeat(rest)}╮`, tone: edge }]];
  const inner = width - 2;
  const side: Segment = { text: "│", tone: edge };
  for (let i = 0; i < height - 2; i++) out.push(inside(lines[i] ?? EMPTY, inner, side));
  if (height >= 2) out.push([{ text: `╰${"─".repeat(inner)}╯`, tone: edge }]);
  return out;
}

/** `│` + the line, cut or padded to `inner` cells + `│`. */
function inside(line: Line, inner: number, side: Segment): Line {
  const l = fitLine(line, inner);
  const pad = inner - lineWidth(l);
  return pad > 0 ? [side, ...l, { text: " ".repeat(pad) }, side] : [side, ...l, side];
}

/** Words of `text` in lines of at most `width` cells; a word longer than a line is cut across lines. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    // Leading spaces (an indented list) stay; runs of spaces between words collapse.
    const indent = /^ */.exec(para)![0];
    const words = para.slice(indent.length).split(/ +/).filter(Boolean);
    line = indent;
    for (let w of words) {
      const sep = line.trim() === "" ? "" : " ";
      if (line.length + sep.length + w.length <= width) {
        line += sep + w;
        continue;
      }
      if (line.trim() !== "") out.push(line);
      line = indent.length < width ? indent : "";
      while (line.length + w.length > width) {
        const room = width - line.length;
        out.push(line + w.slice(0, room));
        w = w.slice(room);
        line = "";
      }
      line += w;
    }
    out.push(line);
  }
  return out;
}

/** The dialog: a box of at most 76 cells, centred in the body, `y`/`enter` and `n`/`esc` on its last line. */
export function dialogLines(d: DialogState, width: number, height: number): Line[] {
  const w = Math.max(6, Math.min(76, width - 4));
  const edge: Tone = d.danger ? "error" : "info";
  const inner = w - 4;
  const content: Line[] = [[{ text: d.title, bold: true, tone: edge }]];
  for (const m of d.message) for (const l of wrapText(m, inner)) content.push([{ text: l }]);
  if (d.fields.length > 0) content.push(EMPTY);
  // The choices start in one column, after the longest label.
  const labelWidth = Math.max(15, ...d.fields.map((f) => f.label.length + 3));
  d.fields.forEach((f, i) => {
    const focused = i === d.focus;
    const line: Segment[] = [{ text: focused ? "› " : "  ", ...(focused ? { tone: "info" as const } : {}) }, { text: `${f.label}: `.padEnd(labelWidth) }];
    f.choices.forEach((c, j) => line.push(j === f.at ? { text: ` ${c} `, inverse: true, tone: "info" } : { text: ` ${c} `, tone: "dim" }));
    content.push(line);
  });
  content.push(EMPTY);
  const answers: Segment[] = [
    { text: " y/enter ", tone: edge, bold: true },
    { text: ` ${d.yesLabel}    ` },
    { text: " n/esc ", tone: "dim", bold: true },
    { text: ` ${d.noLabel}` },
  ];
  if (d.fields.length > 0) answers.push({ text: "    tab: next option  space/←/→: change", tone: "dim" });
  content.push(answers);
  const boxHeight = Math.min(height, content.length + 2);
  const box: Line[] = [[{ text: `╭${"─".repeat(w - 2)}╮`, tone: edge }]];
  const side: Segment = { text: "│", tone: edge };
  for (const l of content.slice(0, Math.max(0, boxHeight - 2))) {
    const body = fitLine(l, inner);
    box.push([side, { text: " " }, ...body, { text: " ".repeat(inner - lineWidth(body) + 1) }, side]);
  }
  box.push([{ text: `╰${"─".repeat(w - 2)}╯`, tone: edge }]);
  return centred(box, w, width, height);
}

/** `lines` (each `w` wide) in the middle of a `width`×`height` area. */
function centred(lines: readonly Line[], w: number, width: number, height: number): Line[] {
  const top = Math.max(0, Math.floor((height - lines.length) / 2));
  const left = " ".repeat(Math.max(0, Math.floor((width - w) / 2)));
  const out: Line[] = [];
  for (let i = 0; i < top; i++) out.push(EMPTY);
  for (const l of lines) out.push(fitLine(left ? [{ text: left }, ...l] : l, width));
  return exactly(out, height);
}

/** A message alone in the middle of the screen (the terminal is too small, a view failed). */
function noticeLines(notice: string, width: number, height: number): Line[] {
  const lines = wrapText(notice, width);
  const w = Math.max(0, ...lines.map((l) => l.length));
  return centred(
    lines.map((l) => [{ text: l.padEnd(w), tone: "warn" }]),
    w,
    width,
    height,
  );
}
