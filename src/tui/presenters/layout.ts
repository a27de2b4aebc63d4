/**
 * Where the panes go for a terminal size: a 2×2 grid on a wide terminal, a stack on a
 * narrow one (the focused pane takes the room, the others shrink to a few rows or a
 * one-line summary), or the focused pane alone when zoomed.
 */
import type { PaneId } from "../state/ui.js";

export interface PaneBox {
  pane: PaneId;
  width: number;
  /** Rows including the title and border lines. */
  height: number;
  /** One line: the title and the newest item, no border. */
  collapsed: boolean;
}

export interface Layout {
  width: number;
  height: number;
  header: number;
  footer: number;
  arrangement: "grid" | "stack" | "zoom";
  /** Grid: two rows of two; stack and zoom: one column. */
  rows: PaneBox[][];
  /** The terminal is too small to draw the console at all. */
  tooSmall: boolean;
}

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 16;
const GRID_MIN_WIDTH = 140;
const GRID_MIN_HEIGHT = 30;

/**
 * The layout for `columns`×`rows`. Ink keeps the cursor on the line after the frame, so
 * the frame is one line shorter than the terminal.
 */
export function layoutFor(columns: number, rows: number, focus: PaneId, zoom: boolean): Layout {
  const width = Math.max(1, columns);
  const height = Math.max(1, rows - 1);
  const header = 2;
  const footer = 1;
  const base = { width, height, header, footer };
  if (columns < MIN_WIDTH || rows < MIN_HEIGHT) return { ...base, arrangement: "zoom", rows: [], tooSmall: true };
  const body = height - header - footer;
  if (zoom) return { ...base, arrangement: "zoom", rows: [[{ pane: focus, width, height: body, collapsed: false }]], tooSmall: false };
  if (columns >= GRID_MIN_WIDTH && rows >= GRID_MIN_HEIGHT) {
    const left = Math.floor(width / 2);
    const right = width - left;
    // The row holding the focused pane gets the larger half.
    const focusTop = focus === "nodes" || focus === "workloads";
    const big = Math.ceil(body * 0.55);
    const top = focusTop ? big : body - big;
    const bottom = body - top;
    return {
      ...base,
      arrangement: "grid",
      tooSmall: false,
      rows: [
        [
          { pane: "nodes", width: left, height: top, collapsed: false },
          { pane: "workloads", width: right, height: top, collapsed: false },
        ],
        [
          { pane: "events", width: left, height: bottom, collapsed: false },
          { pane: "logs", width: right, height: bottom, collapsed: false },
        ],
      ],
    };
  }
  // Stack: unfocused panes get a few rows when there is room, else one summary line.
  const others = 3;
  const small = body >= 34 ? 5 : 1;
  const focused = body - others * small;
  const order: PaneId[] = ["nodes", "workloads", "events", "logs"];
  return {
    ...base,
    arrangement: "stack",
    tooSmall: false,
    rows: order.map((pane) => [{ pane, width, height: pane === focus ? focused : small, collapsed: pane !== focus && small === 1 }]),
  };
}

/** The box a pane got, if it shows. */
export function boxOf(layout: Layout, pane: PaneId): PaneBox | undefined {
  for (const row of layout.rows) for (const b of row) if (b.pane === pane) return b;
  return undefined;
}

/** Rows of content a pane box holds: minus the title line and bottom border (and a column header for tables). */
export function contentRows(box: PaneBox | undefined, tableHeader: boolean): number {
  if (!box || box.collapsed) return 0;
  return Math.max(0, box.height - 2 - (tableHeader ? 1 : 0));
}
