/** A windowed table as lines: only the rows on screen are built, fitted to the pane's width. */
import type { Row } from "./row.js";
import { fitLine, type Line, type Segment } from "./segments.js";
import { columnWidths, fit, type ColumnSpec } from "./text.js";

export interface TableView {
  /** The column header line. */
  header: Line;
  rows: Line[];
}

/**
 * Lines for `rows` (already the visible window) in `width` cells: a gutter (`›` on the
 * selection, `✓` on marked rows), then the cells. The selected row is drawn inverse
 * when the pane has the focus.
 */
export function tableLines(columns: readonly ColumnSpec[], rows: readonly Row[], selected: number, width: number, focused: boolean): TableView {
  const inner = Math.max(1, width - 1);
  const widths = columnWidths(columns, rows.map((r) => r.cells), inner);
  // One space between columns: the widths add up to `inner` with them.
  const first = widths.findIndex((w) => w > 0);
  const gap = (i: number): string => (i === first ? "" : " ");
  const header: Segment[] = [{ text: " " }];
  widths.forEach((w, i) => {
    if (w === 0) return;
    header.push({ text: gap(i) + fit(columns[i]!.title, w, columns[i]!.align), tone: "dim", bold: true });
  });
  const lines = rows.map((r, ri) => {
    const isSelected = ri === selected;
    const segs: Segment[] = [{ text: isSelected ? "›" : r.marked ? "✓" : " ", tone: r.marked ? "accent" : "info", bold: true }];
    widths.forEach((w, i) => {
      if (w === 0) return;
      const tone = r.cellTones?.[i] ?? r.tone;
      segs.push({ text: gap(i) + fit(r.cells[i] ?? "", w, columns[i]!.align), tone: tone === "normal" ? undefined : tone, ...(r.marked ? { bold: true } : {}) });
    });
    // The selection's highlight spans the row: only it is padded to the width.
    const highlighted = isSelected && focused;
    const line = fitLine(segs, width, highlighted);
    return highlighted ? line.map((s) => ({ ...s, inverse: true })) : line;
  });
  return { header: fitLine(header, width), rows: lines };
}
