/**
 * The line-diffing writer: from the lines on screen and the next frame's lines to the
 * bytes that change only what changed, checked byte by byte and on a small terminal
 * emulator that applies them.
 */
import { describe, expect, it } from "vitest";
import { CLEAR_SCREEN, ERASE_TO_END, frameDiff, moveTo, SYNC_END, SYNC_START, type TermLine } from "../../../src/tui/render/diff.js";
import { ScreenWriter } from "../../../src/tui/render/writer.js";

const plain = (text: string): TermLine => ({ text, width: text.length });
const ESC = "\u001B";

/**
 * Just enough of a VT100 to apply frames: cursor position, erase to end of line, clear
 * screen, SGR (ignored), and xterm's pending wrap: a character written in the last
 * column leaves the cursor on it, so an erase there takes that character.
 */
class Terminal {
  cells: string[][];
  private row = 0;
  private col = 0;
  private pendingWrap = false;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.cells = Array.from({ length: rows }, () => Array<string>(columns).fill(" "));
  }

  write(bytes: string): void {
    for (let i = 0; i < bytes.length; ) {
      const csi = bytes[i] === ESC ? /^.\[(\??)([\d;]*)([A-Za-z])/.exec(bytes.slice(i)) : null;
      if (csi) {
        this.control(csi[1]!, csi[2]!, csi[3]!);
        i += csi[0].length;
        continue;
      }
      this.print(bytes[i]!);
      i++;
    }
  }

  private control(priv: string, args: string, op: string): void {
    if (priv === "?" || op === "m") return;
    const n = args.split(";").map((x) => (x === "" ? 1 : Number(x)));
    this.pendingWrap = false;
    if (op === "H") {
      this.row = (n[0] ?? 1) - 1;
      this.col = (n[1] ?? 1) - 1;
    } else if (op === "K") {
      for (let c = this.col; c < this.columns; c++) this.cells[this.row]![c] = " ";
    } else if (op === "J" && args === "2") {
      for (const line of this.cells) line.fill(" ");
    } else throw new Error(`unexpected control ${op}`);
  }

  private print(ch: string): void {
    if (this.pendingWrap) {
      this.pendingWrap = false;
      this.col = 0;
      this.row++;
      if (this.row >= this.rows) throw new Error("the terminal scrolled");
    }
    this.cells[this.row]![this.col] = ch;
    if (this.col === this.columns - 1) this.pendingWrap = true;
    else this.col++;
  }

  screen(): string[] {
    return this.cells.map((l) => l.join("").trimEnd());
  }
}

describe("frameDiff", () => {
  it("draws a first frame whole, on a cleared screen, inside a synchronized update", () => {
    const bytes = frameDiff(undefined, [plain("one"), plain(""), plain("three")], 10);
    expect(bytes).toBe(`${SYNC_START}${CLEAR_SCREEN}${moveTo(0)}one${ERASE_TO_END}${moveTo(2)}three${ERASE_TO_END}${SYNC_END}`);
  });

  it("writes nothing when nothing changed", () => {
    const frame = [plain("a"), plain("b")];
    expect(frameDiff(frame, [plain("a"), plain("b")], 10)).toBe("");
  });

  it("rewrites only the lines that changed", () => {
    const before = [plain("header"), plain("row 1"), plain("row 2"), plain("footer")];
    const after = [plain("header"), plain("row 1"), plain("row 2!"), plain("footer")];
    expect(frameDiff(before, after, 20)).toBe(`${SYNC_START}${moveTo(2)}row 2!${ERASE_TO_END}${SYNC_END}`);
  });

  it("does not erase after a line that fills the width (the erase would take its last cell)", () => {
    const bytes = frameDiff([plain("abc")], [plain("│xy│")], 4);
    expect(bytes).toBe(`${SYNC_START}${moveTo(0)}│xy│${SYNC_END}`);
  });

  it("blanks the lines below a frame that got shorter", () => {
    const bytes = frameDiff([plain("a"), plain("b"), plain(""), plain("d")], [plain("a")], 10);
    expect(bytes).toBe(`${SYNC_START}${moveTo(1)}${ERASE_TO_END}${moveTo(3)}${ERASE_TO_END}${SYNC_END}`);
  });

  it("compares lines with their colours: a style change alone is rewritten", () => {
    const before = [{ text: "\u001B[0;32mReady\u001B[0m", width: 5 }];
    const after = [{ text: "\u001B[0;31mReady\u001B[0m", width: 5 }];
    expect(frameDiff(before, after, 10)).toContain("\u001B[0;31mReady");
  });

  it("leaves a terminal showing exactly the last frame, however frames follow each other", () => {
    const columns = 12;
    const rows = 8;
    const term = new Terminal(columns, rows);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ["", "pod", "Running", "│ node-1   │", "╭──────────╮", "x".repeat(columns), "ready 3/3"];
    let shown: TermLine[] | undefined;
    for (let frame = 0; frame < 300; frame++) {
      const height = rows - random(3);
      const next = Array.from({ length: height }, (_, i) => (shown && random(4) > 0 && shown[i] ? shown[i]! : plain(words[random(words.length)]!)));
      term.write(frameDiff(shown, next, columns));
      shown = next;
      const expected = [...next.map((l) => l.text.trimEnd()), ...Array<string>(rows - height).fill("")];
      expect(term.screen(), `frame ${frame}`).toEqual(expected);
    }
  });
});

describe("ScreenWriter", () => {
  it("writes diffs, repaints on a new size, and draws nothing while held", () => {
    const out: string[] = [];
    const w = new ScreenWriter({ write: (s: string) => out.push(s) });
    w.draw([plain("a"), plain("b")], 10, 3);
    expect(out.pop()).toContain(CLEAR_SCREEN);
    w.draw([plain("a"), plain("c")], 10, 3);
    expect(out.pop()).toBe(`${SYNC_START}${moveTo(1)}c${ERASE_TO_END}${SYNC_END}`);
    w.draw([plain("a"), plain("c")], 10, 3);
    expect(out).toEqual([]);
    w.draw([plain("a"), plain("c")], 20, 3);
    expect(out.pop()).toContain(CLEAR_SCREEN);
    w.hold();
    w.draw([plain("z")], 20, 3);
    expect(out).toEqual([]);
    w.release();
    w.draw([plain("a"), plain("c")], 20, 3);
    expect(out.pop()).toContain(CLEAR_SCREEN);
  });
});
