/**
 * From the lines a terminal shows to the lines it should show: the bytes that rewrite
 * only the lines that changed (move the cursor to the line, write it, erase what is left
 * of the old one). A pure function, so that what reaches the terminal can be tested
 * without one.
 */

/** One terminal line: its text with SGR codes, and how many cells it covers. */
export interface TermLine {
  readonly text: string;
  readonly width: number;
}

const ESC = "\u001B[";
/** Clears the screen with the cursor at the top left. */
export const CLEAR_SCREEN = `${ESC}H${ESC}2J`;
/**
 * Synchronized output (DEC mode 2026): terminals that know it show the frame at once,
 * never half drawn; the others ignore it.
 */
export const SYNC_START = `${ESC}?2026h`;
export const SYNC_END = `${ESC}?2026l`;

/** The cursor to line `row` (0-based), first column. */
export function moveTo(row: number): string {
  return `${ESC}${row + 1};1H`;
}

/** Erases from the cursor to the end of the line. */
export const ERASE_TO_END = `${ESC}K`;

/**
 * The bytes that turn a `columns`-wide screen showing `prev` (undefined: unknown, after a
 * resize or another program had the terminal) into one showing `next`, line 0 at the top.
 * Unchanged lines cost nothing; a changed line is written whole, then erased to its end
 * unless it fills the width (erasing there would take its last cell: the cursor waits on
 * it). Empty when nothing changed.
 */
export function frameDiff(prev: readonly TermLine[] | undefined, next: readonly TermLine[], columns: number): string {
  let out = prev ? "" : CLEAR_SCREEN;
  for (let i = 0; i < next.length; i++) {
    const line = next[i]!;
    if (prev) {
      const before = prev[i];
      if (before !== undefined && before.text === line.text) continue;
    } else if (line.width === 0) {
      // The screen was just cleared.
      continue;
    }
    out += moveTo(i) + line.text + (line.width < columns ? ERASE_TO_END : "");
  }
  // A shorter frame than before: the lines below it go blank.
  if (prev) for (let i = next.length; i < prev.length; i++) if (prev[i]!.width > 0) out += moveTo(i) + ERASE_TO_END;
  return out === "" ? "" : SYNC_START + out + SYNC_END;
}
