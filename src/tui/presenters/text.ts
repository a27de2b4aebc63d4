/** Fitting text into terminal cells: truncation with an ellipsis, padding, column widths. */

/** Cut to `width` cells, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  if (text.length <= width) return text;
  if (width === 1) return "…";
  return text.slice(0, width - 1) + "…";
}

/** Exactly `width` cells: truncated or padded (on the left for `right`). */
export function fit(text: string, width: number, align: "left" | "right" = "left"): string {
  const t = truncate(text, width);
  return align === "right" ? t.padStart(width) : t.padEnd(width);
}

/** How a column of a table sizes. */
export interface ColumnSpec {
  title: string;
  /** Never narrower than this (the title is cut if it is longer). */
  min: number;
  /** Never wider than this; omitted: as wide as its widest cell. */
  max?: number;
  /** Takes the width left over (at most one column should). */
  flex?: boolean;
  align?: "left" | "right";
  /** Dropped first, lowest priority first, when the pane is too narrow. */
  priority?: number;
}

/**
 * Column widths for `width` cells with one space between columns: each column as wide
 * as its widest cell among `sample` (clamped to min and max), the flex column taking
 * what is left, and low-priority columns dropped (width 0) when even their minimum
 * does not fit.
 */
export function columnWidths(columns: readonly ColumnSpec[], sample: readonly (readonly string[])[], width: number): number[] {
  const natural = columns.map((c, i) => {
    let w = Math.min(c.title.length, c.max ?? Infinity);
    for (const row of sample) w = Math.max(w, (row[i] ?? "").length);
    return Math.max(c.min, Math.min(w, c.max ?? Infinity));
  });
  const shown = columns.map(() => true);
  const total = (): number => natural.reduce((sum, w, i) => sum + (shown[i] ? w + 1 : 0), 0) - 1;
  const minimum = (): number => columns.reduce((sum, c, i) => sum + (shown[i] ? (c.flex ? c.min : natural[i]!) + 1 : 0), 0) - 1;
  // Drop optional columns, least important first, until the minimum fits.
  const optional = columns.map((c, i) => ({ i, p: c.priority })).filter((x) => x.p !== undefined).sort((a, b) => a.p! - b.p!);
  for (const { i } of optional) {
    if (minimum() <= width) break;
    shown[i] = false;
  }
  const widths = natural.map((w, i) => (shown[i] ? w : 0));
  const flex = columns.findIndex((c, i) => c.flex && shown[i]);
  const used = total();
  if (flex >= 0) widths[flex] = Math.max(columns[flex]!.min, widths[flex]! + (width - used));
  else if (used > width) {
    // No flex column: shrink the widest until it fits.
    let over = used - width;
    while (over > 0) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= 1) break;
      widths[widest]!--;
      over--;
    }
  }
  return widths;
}

/** One table line from cells and widths (columns of width 0 are left out). */
export function joinCells(cells: readonly string[], widths: readonly number[], columns: readonly ColumnSpec[]): string {
  const parts: string[] = [];
  widths.forEach((w, i) => {
    if (w > 0) parts.push(fit(cells[i] ?? "", w, columns[i]?.align));
  });
  return parts.join(" ");
}

/**
 * `10,000`: the count with thousands separators. Written out rather than with
 * toLocaleString, whose first call loads ICU's number formats (tens of milliseconds
 * before the first frame).
 */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
