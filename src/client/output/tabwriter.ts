/**
 * Go's text/tabwriter, which lays out both `kubectl get` tables and `kubectl describe`.
 * Ported rather than approximated because its column blocks are what make kubectl's
 * output look the way it does: a column is aligned only over consecutive lines that
 * have a cell in it, the last cell of a line is never padded, and a line without a tab
 * ends every block above it.
 */

interface Cell {
  /** Length of the cell's text in the buffer (UTF-16 units). */
  size: number;
  /** Display width in code points, as Go counts runes. */
  width: number;
  /** Terminated by a tab (as opposed to a line end). */
  htab: boolean;
}

export interface TabWriterOptions {
  /** Minimal cell width including padding. */
  minWidth: number;
  /** Spaces added to the widest cell of a column. */
  padding: number;
}

/** kubectl get's writer: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)`. */
export const GET_TABWRITER: TabWriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe's writer: `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`. */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minWidth: 0, padding: 2 };

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Accumulates text with `\t`-separated cells and `\n`-terminated lines; `flush()` lays
 * out what is buffered, and `toString()` returns everything written so far.
 */
export class TabWriter {
  private buf = "";
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];
  private out: string[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  /** Adds text; cells end at `\t`, lines at `\n`. */
  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\n") continue;
      this.append(text.slice(n, i));
      this.updateWidth();
      n = i + 1;
      const ncells = this.terminateCell(ch === "\t");
      if (ch === "\n") {
        this.lines.push([]);
        // A one-cell line cannot influence later columns (last cells are not
        // aligned), so Go flushes here; this is what ends a column block.
        if (ncells === 1) this.flush();
      }
    }
    this.append(text.slice(n));
  }

  /** Lays out everything buffered; later text starts new column blocks. */
  flush(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buf = "";
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  /** Flushes and returns all output. */
  toString(): string {
    this.flush();
    return this.out.join("");
  }

  private append(text: string): void {
    this.buf += text;
    this.cell.size += text.length;
  }

  private updateWidth(): void {
    this.cell.width += runeCount(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      if (column >= line.length - 1) continue;
      // This line has a cell in this column: print what precedes the block, then
      // measure the block (consecutive lines with a cell here).
      pos = this.writeLines(pos, line0, i);
      line0 = i;
      let width = this.opts.minWidth;
      for (; i < line1; i++) {
        const l = this.lines[i]!;
        if (column >= l.length - 1) break;
        const w = l[column]!.width + this.opts.padding;
        if (w > width) width = w;
      }
      this.widths.push(width);
      pos = this.format(pos, line0, i);
      this.widths.pop();
      line0 = i;
    }
    return this.writeLines(pos, line0, line1);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (c.size > 0) {
          this.out.push(this.buf.slice(pos, pos + c.size));
          pos += c.size;
        }
        if (j < this.widths.length) this.out.push(" ".repeat(Math.max(0, this.widths[j]! - c.width)));
      }
      if (i + 1 === this.lines.length) {
        // The last buffered line has no newline yet: emit its pending text only.
        this.out.push(this.buf.slice(pos, pos + this.cell.size));
        pos += this.cell.size;
      } else {
        this.out.push("\n");
      }
    }
    return pos;
  }
}
