import { describe, expect, it } from "vitest";
import { defaultNormalizeScore, intDiv } from "../../../src/core/scheduler/normalize-score.js";

describe("defaultNormalizeScore", () => {
  it("scales the highest score to 100 with integer division", () => {
    const s = Float64Array.from([1, 2, 3, 0]);
    defaultNormalizeScore(s, false);
    expect([...s]).toEqual([33, 66, 100, 0]);
  });

  it("reverses counts so that fewer is better", () => {
    const s = Float64Array.from([0, 1, 2]);
    defaultNormalizeScore(s, true);
    expect([...s]).toEqual([100, 50, 0]);
  });

  it("leaves all zeros at zero, or all at 100 when reversed", () => {
    const a = Float64Array.from([0, 0]);
    defaultNormalizeScore(a, false);
    expect([...a]).toEqual([0, 0]);
    const b = Float64Array.from([0, 0]);
    defaultNormalizeScore(b, true);
    expect([...b]).toEqual([100, 100]);
  });
});

describe("intDiv", () => {
  it("agrees with exact integer division on byte-sized operands", () => {
    const cases: [number, number][] = [
      [7, 2],
      [100, 100],
      [(64 * 2 ** 30 - 1) * 100, 64 * 2 ** 30],
      [(2 ** 45 - 3) * 100, 2 ** 45 - 1],
      [2 ** 53 - 1, 3],
    ];
    for (const [a, b] of cases) expect(intDiv(a, b)).toBe(Number(BigInt(a) / BigInt(b)));
  });
});
