import { describe, expect, it } from "vitest";
import { semanticEqual } from "../../../src/core/admission/semantic-equal.js";

describe("semanticEqual", () => {
  it("treats a left-out field like its zero value, as Go's typed decoding does", () => {
    expect(semanticEqual({ a: 1, b: [], c: {}, d: "", e: false, f: null }, { a: 1 })).toBe(true);
    expect(semanticEqual({ spec: { hostNetwork: false } }, { spec: {} })).toBe(true);
  });

  it("still tells different values apart", () => {
    expect(semanticEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(semanticEqual({ a: 0 }, {})).toBe(false);
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
    expect(semanticEqual({ a: { b: "x" } }, { a: { b: "y" } })).toBe(false);
  });
});
