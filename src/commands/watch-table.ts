import type { KubeObject } from "../client/cluster.js";
import type { Table } from "../client/printing.js";
import { formatLabels } from "../client/output/table.js";

/** How `get` decorates the server's table: kubectl's client-side columns. */
export interface TableLayout {
  wide: boolean;
  withNamespace: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
}

const MIN_WIDTH = 6;
const PADDING = 3;

/**
 * `kubectl get -w` output: the header and the first rows, then one row per change.
 * kubectl's tabwriter remembers column widths across flushes, so a row printed later
 * lines up with the table above it, and a wider cell widens its column from then on.
 */
export class WatchTable {
  private widths: number[] = [];
  private headerDone = false;

  constructor(private readonly layout: TableLayout) {}

  /** Lines for the rows of `table` (and the header, the first time there are rows). */
  render(table: Table): string {
    if (table.rows.length === 0) return "";
    const visible = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => this.layout.wide || c.priority === 0);
    const lines: string[][] = [];
    if (!this.headerDone && !this.layout.noHeaders) {
      lines.push([
        ...(this.layout.withNamespace ? ["NAMESPACE"] : []),
        ...visible.map(({ c }) => c.name.toUpperCase()),
        ...this.layout.labelColumns.map((k) => k.split("/").pop()!.toUpperCase()),
        ...(this.layout.showLabels ? ["LABELS"] : []),
      ]);
    }
    this.headerDone = true;
    for (const row of table.rows) {
      lines.push([
        ...(this.layout.withNamespace ? [row.object.metadata.namespace ?? ""] : []),
        ...visible.map(({ i }) => cellText(row.cells[i] ?? "")),
        ...this.layout.labelColumns.map((k) => labelsOf(row.object)[k] ?? ""),
        ...(this.layout.showLabels ? [formatLabels(labelsOf(row.object))] : []),
      ]);
    }
    // Widths cover every line of this batch, as one tabwriter flush does.
    for (const cells of lines) {
      cells.slice(0, -1).forEach((cell, i) => {
        this.widths[i] = Math.max(this.widths[i] ?? MIN_WIDTH, width(cell) + PADDING);
      });
    }
    return lines.map((cells) => cells.map((cell, i) => (i < cells.length - 1 ? cell + " ".repeat(this.widths[i]! - width(cell)) : cell)).join("") + "\n").join("");
  }
}

function labelsOf(o: KubeObject): Record<string, string> {
  return o.metadata.labels ?? {};
}

function cellText(value: string): string {
  const i = value.search(/[\f\n\r]/);
  return i < 0 ? value : `${value.slice(0, i)}...`;
}

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
