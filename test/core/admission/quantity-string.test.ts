import { describe, expect, it } from "vitest";
import { canonicalQuantity } from "../../../src/core/admission/quantity-string.js";

describe("canonicalQuantity", () => {
  it("prints quantities the way Kubernetes' Quantity.String() does", () => {
    const cases: [string | number, string][] = [
      ["2", "2"],
      ["2000m", "2"],
      ["1500m", "1500m"],
      ["0.5", "500m"],
      ["1000", "1k"],
      ["1500", "1500"],
      ["1e3", "1e3"],
      ["128974848", "128974848"],
      ["129M", "129M"],
      ["1024Mi", "1Gi"],
      ["1536Mi", "1536Mi"],
      ["1.5Gi", "1536Mi"],
      ["0.5Ki", "512"],
      ["-1", "-1"],
      ["0", "0"],
      [3, "3"],
    ];
    for (const [input, want] of cases) expect(canonicalQuantity(input), String(input)).toBe(want);
  });

  it("returns what it cannot parse unchanged", () => {
    expect(canonicalQuantity("lots")).toBe("lots");
  });
});
