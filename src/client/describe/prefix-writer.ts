/**
 * kubectl describe's PrefixWriter: text at indentation levels of two spaces, laid
 * out by a tabwriter (minimum width 0, padding 2). A line without a tab ends the
 * current column block, which is why describe's sections align independently.
 */
import { DESCRIBE_TABWRITER, TabWriter } from "../output/tabwriter.js";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/**
 * Object text (event messages, annotations) must not drive the user's terminal:
 * kubectl shows ESC as `^[` and a carriage return as `\r`.
 */
export function escapeTerminal(s: string): string {
  return s.replaceAll("\u001b", "^[").replaceAll("\r", "\\r");
}

/** Collects describe output; `toString()` returns it laid out. */
export class PrefixWriter {
  private readonly tw = new TabWriter(DESCRIBE_TABWRITER);

  /** Writes `text` after `level` indentation steps (the indentation applies to its first line only). */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal("  ".repeat(level) + text));
  }

  /** Writes `text` and a newline, without indentation. */
  writeLine(text = ""): void {
    this.tw.write(escapeTerminal(`${text}\n`));
  }

  /** Ends the current column block. */
  flush(): void {
    this.tw.flush();
  }

  toString(): string {
    return this.tw.toString();
  }
}
