import { describe, expect, it } from "vitest";
import { humanDuration, shortHumanDuration, timestampSince } from "../../../src/core/printers/duration.js";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe("humanDuration", () => {
  // The cases of apimachinery's duration_test.go, plus the boundaries between units.
  it.each([
    [1 * S, "1s"],
    [70 * S, "70s"],
    [119 * S, "119s"],
    [120 * S, "2m"],
    [190 * S, "3m10s"],
    [9 * M + 59 * S, "9m59s"],
    [10 * M + 30 * S, "10m"],
    [70 * M, "70m"],
    [179 * M, "179m"],
    [3 * H, "3h"],
    [5 * H + 20 * M, "5h20m"],
    [8 * H + 20 * M, "8h"],
    [47 * H, "47h"],
    [49 * H, "2d1h"],
    [72 * H, "3d"],
    [(8 * 24 + 2) * H, "8d"],
    [367 * 24 * H, "367d"],
    [(365 * 2 * 24 + 25) * H, "2y1d"],
    [(365 * 8 * 24 + 2) * H, "8y"],
  ])("%d ms is %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("tolerates a second of clock skew and refuses more", () => {
    expect(humanDuration(0)).toBe("0s");
    expect(humanDuration(-500)).toBe("0s");
    expect(humanDuration(-1999)).toBe("0s");
    expect(humanDuration(-2 * S)).toBe("<invalid>");
  });
});

describe("shortHumanDuration", () => {
  it.each([
    [1 * S, "1s"],
    [70 * S, "1m"],
    [190 * S, "3m"],
    [70 * M, "1h"],
    [47 * H, "1d"],
    [400 * 24 * H, "1y"],
    [-3 * S, "<invalid>"],
  ])("%d ms is %s", (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe("timestampSince", () => {
  const now = Date.UTC(2024, 0, 1, 1, 0, 0);
  it("measures from the given now, not the wall clock", () => {
    expect(timestampSince("2024-01-01T00:59:15Z", now)).toBe("45s");
    expect(timestampSince("2023-12-31T01:00:00Z", now)).toBe("24h");
  });
  it("prints <unknown> for a missing timestamp", () => {
    expect(timestampSince(undefined, now)).toBe("<unknown>");
    expect(timestampSince("", now)).toBe("<unknown>");
  });
});
