import { describe, expect, it } from "vitest";
import { EMPTY_LIST, moveSelection, selectedIndex, visibleWindow } from "../../../src/tui/state/list.js";

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

describe("list selection", () => {
  it("moves by row and page, clamped to the list", () => {
    let s = moveSelection(EMPTY_LIST, "down", keys, 10);
    expect(s.selectedKey).toBe("k1");
    s = moveSelection(s, "pageDown", keys, 10);
    expect(s.selectedKey).toBe("k10");
    s = moveSelection(s, "bottom", keys, 10);
    expect(s).toMatchObject({ selectedKey: "k99", offset: 90 });
    s = moveSelection(s, "down", keys, 10);
    expect(s.selectedKey).toBe("k99");
    s = moveSelection(s, "top", keys, 10);
    expect(s).toMatchObject({ selectedKey: "k0", offset: 0 });
    expect(moveSelection(s, "up", keys, 10).selectedKey).toBe("k0");
  });

  it("keeps the selection on its object when rows are added above it", () => {
    const s = moveSelection(moveSelection(EMPTY_LIST, "down", keys, 10), "down", keys, 10);
    const more = ["a", "b", ...keys];
    expect(selectedIndex(s, more)).toBe(4);
    expect(more[selectedIndex(s, more)]).toBe("k2");
  });

  it("falls back to the same position when the selected row goes away", () => {
    const s = { selectedKey: "k5", index: 5, offset: 0 };
    expect(selectedIndex(s, keys.filter((k) => k !== "k5"))).toBe(5);
    expect(selectedIndex(s, ["x"])).toBe(0);
    expect(selectedIndex(s, [])).toBe(-1);
  });

  it("scrolls the window only when the selection leaves it", () => {
    const s = { selectedKey: "k12", index: 12, offset: 5 };
    expect(visibleWindow(s, keys, 10)).toEqual({ start: 5, end: 15, selected: 12 });
    expect(visibleWindow({ ...s, selectedKey: "k20", index: 20 }, keys, 10)).toEqual({ start: 11, end: 21, selected: 20 });
    // A list shorter than the pane starts at the top.
    expect(visibleWindow(s, keys.slice(0, 8), 10)).toEqual({ start: 0, end: 8, selected: 7 });
  });
});
