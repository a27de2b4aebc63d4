import { describe, expect, it } from "vitest";
import { addAmounts, canonicalQuantity, milliValue, parseAmount, wholeValue } from "../../../src/client/describe/quantity.js";

describe("canonicalQuantity", () => {
  it.each([
    ["250m", "250m"],
    ["0.5", "500m"],
    ["1.5", "1500m"],
    ["2", "2"],
    ["2000m", "2"],
    ["1500", "1500"],
    ["2000", "2k"],
    ["128Mi", "128Mi"],
    ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["0.5Ki", "512"],
    ["16393308Ki", "16393308Ki"],
    ["1G", "1G"],
    ["1e3", "1e3"],
    ["100u", "100u"],
    ["0", "0"],
  ])("%s → %s", (q, want) => {
    expect(canonicalQuantity(q)).toBe(want);
  });
});

describe("quantity arithmetic", () => {
  it("keeps the first operand's format, as Go's Add does", () => {
    expect(addAmounts(parseAmount("64Mi"), parseAmount("100M")).format).toBe("BinarySI");
    expect(addAmounts(parseAmount("0"), parseAmount("64Mi")).format).toBe("BinarySI");
  });
  it("rounds values up", () => {
    expect(milliValue(parseAmount("100u"))).toBe(1n);
    expect(wholeValue(parseAmount("1500m"))).toBe(2n);
  });
});
