/**
 * Puts frames on the terminal: remembers the lines on screen and writes only the lines
 * that changed (diff.ts). Production draws through it instead of through Ink's renderer,
 * which lays out and rewrites the whole screen on every frame.
 */
import { frameDiff, type TermLine } from "./diff.js";

export interface TerminalOutput {
  write(chunk: string): unknown;
}

export class ScreenWriter {
  private shown: readonly TermLine[] | undefined;
  private columns = 0;
  private rows = 0;
  /** Bytes written so far (the bench reads it). */
  bytes = 0;

  constructor(private readonly out: TerminalOutput) {}

  private held = false;

  /** Shows `lines` (a frame for `columns`×`rows`); a new size repaints the whole screen. Nothing while held. */
  draw(lines: readonly TermLine[], columns: number, rows: number): void {
    if (this.held) return;
    if (columns !== this.columns || rows !== this.rows) {
      this.shown = undefined;
      this.columns = columns;
      this.rows = rows;
    }
    const bytes = frameDiff(this.shown, lines, columns);
    this.shown = lines;
    if (bytes === "") return;
    this.bytes += bytes.length;
    this.out.write(bytes);
  }

  /** Stops drawing (another program has the terminal) until `release`, which repaints everything. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.shown = undefined;
  }

  /** Forgets what the screen shows (another program had the terminal): the next frame repaints it all. */
  invalidate(): void {
    this.shown = undefined;
  }
}
