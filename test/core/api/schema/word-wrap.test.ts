import { describe, expect, it } from "vitest";
import { indent, wrapString } from "../../../../src/core/api/schema/word-wrap.js";

describe("wrapString", () => {
  it("breaks at spaces within the limit", () => {
    expect(wrapString("aaa bbb ccc ddd", 7)).toBe("aaa bbb\nccc ddd");
  });

  it("puts a word longer than the limit on its own line, unbroken", () => {
    expect(wrapString("More info: https://example.com/a/very/long/path after", 12)).toBe("More info:\nhttps://example.com/a/very/long/path\nafter");
  });

  it("keeps existing newlines and the spaces that start a line", () => {
    expect(wrapString("Valid options are:\n  Localhost - a profile", 40)).toBe("Valid options are:\n  Localhost - a profile");
  });
});

describe("indent", () => {
  it("pads every line, the empty last one included", () => {
    expect(indent(4, "a\nb\n")).toBe("    a\n    b\n    ");
  });
});
