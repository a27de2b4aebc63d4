/** The screen model as terminal lines: what both the writer and the Ink tree draw. */
import { describe, expect, it } from "vitest";
import { plainText } from "../../../src/tui/render/ansi.js";
import { frameLines, wrapText } from "../../../src/tui/render/frame.js";
import type { PaneView, Screen } from "../../../src/tui/screen.js";
import type { DialogState } from "../../../src/tui/state/dialog.js";

function pane(p: Partial<PaneView> & Pick<PaneView, "pane" | "width" | "height">): PaneView {
  return { collapsed: false, focused: false, title: [{ text: p.pane }], lines: [], ...p };
}

function screen(s: Partial<Screen> & Pick<Screen, "width" | "height">): Screen {
  return { header: [[{ text: "header" }], [{ text: "counts" }]], body: { type: "panes", rows: [] }, bodyHeight: s.height - 3, footer: [{ text: "footer" }], ...s };
}

const text = (s: Screen): string[] => frameLines(s).map(plainText);

describe("frameLines", () => {
  it("draws panes side by side in boxes, exactly the screen's size", () => {
    const s = screen({
      width: 30,
      height: 9,
      body: {
        type: "panes",
        rows: [[pane({ pane: "nodes", width: 15, height: 6, focused: true, lines: [[{ text: "node-1" }], [{ text: "a line far too long for the box" }]] }), pane({ pane: "logs", width: 15, height: 6, lines: [[{ text: "hello" }]] })]],
      },
    });
    expect(text(s)).toEqual([
      "header",
      "counts",
      "╭─ nodes ─────╮╭─ logs ──────╮",
      "│node-1       ││hello        │",
      "│a line far t…││             │",
      "│             ││             │",
      "│             ││             │",
      "╰─────────────╯╰─────────────╯",
      "footer",
    ]);
    // The focused pane's border is in the focus colour, the other dim.
    const top = frameLines(s)[2]!;
    expect(top[0]).toMatchObject({ text: "╭─ ", tone: "info" });
    expect(top.find((seg) => seg.text.startsWith("╭") && seg !== top[0])).toMatchObject({ tone: "dim" });
  });

  it("draws a collapsed pane as one summary line", () => {
    const s = screen({ width: 20, height: 4, bodyHeight: 1, body: { type: "panes", rows: [[pane({ pane: "events", width: 20, height: 1, collapsed: true })]] } });
    expect(text(s)[2]).toBe("─ events ───────────");
  });

  it("centres a dialog with its message wrapped, its options and its answers", () => {
    const dialog: DialogState = {
      title: "Delete",
      message: ["Delete pod/web-1 in namespace demo? Its dependents go in the background."],
      fields: [{ label: "cascade", choices: ["background", "orphan"], at: 1 }],
      focus: 0,
      yesLabel: "delete",
      noLabel: "keep",
      danger: true,
      action: { type: "delete", targets: [] },
    };
    const lines = text(screen({ width: 50, height: 16, bodyHeight: 13, body: { type: "dialog", dialog } }));
    expect(lines).toHaveLength(16);
    const box = lines.slice(2, 15).filter((l) => l.trim() !== "");
    expect(box[0]).toBe("  ╭" + "─".repeat(44) + "╮");
    const at = box.findIndex((l) => l.includes("│ Delete pod/web-1 in namespace demo? Its "));
    expect(at, box.join("\n")).toBeGreaterThan(0);
    expect(box[at + 1]).toContain("│ dependents go in the background. ");
    expect(box.some((l) => l.includes("› cascade:") && l.includes(" orphan "))).toBe(true);
    expect(box.some((l) => l.includes("y/enter") && l.includes("n/esc"))).toBe(true);
    for (const l of box) expect(l.length).toBe(48);
  });

  it("shows a notice alone, centred", () => {
    const lines = text({ width: 40, height: 5, notice: "kdeck needs at least 60×16", header: [], body: { type: "panes", rows: [] }, bodyHeight: 0, footer: [] });
    expect(lines).toEqual(["", "", "       kdeck needs at least 60×16", "", ""]);
  });
});

describe("wrapText", () => {
  it("wraps at word boundaries, keeps an indent, and cuts a word longer than the line", () => {
    expect(wrapText("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrapText("  pod/a in namespace b", 12)).toEqual(["  pod/a in", "  namespace", "  b"]);
    expect(wrapText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });
});
