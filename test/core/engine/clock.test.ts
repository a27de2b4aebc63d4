import { describe, expect, it } from "vitest";
import { EngineClock, rfc3339 } from "../../../src/core/engine/clock.js";

describe("EngineClock", () => {
  it("stands still while paused and moves only forward", () => {
    const wall = { t: 0 };
    const c = new EngineClock(1_000, () => wall.t);
    wall.t = 5_000;
    expect(c.now()).toBe(1_000);
    c.set(500);
    expect(c.now()).toBe(1_000);
    c.advance(250);
    expect(c.now()).toBe(1_250);
  });

  it("follows the wall clock times its speed while running", () => {
    const wall = { t: 0 };
    const c = new EngineClock(0, () => wall.t);
    c.resume();
    wall.t = 1_000;
    expect(c.now()).toBe(1_000);
    c.setSpeed(10);
    wall.t = 2_000;
    expect(c.now()).toBe(11_000);
    c.pause();
    wall.t = 9_000;
    expect(c.now()).toBe(11_000);
  });

  it("formats Kubernetes timestamps to the second", () => {
    expect(rfc3339(Date.UTC(2024, 0, 1, 0, 0, 5, 999))).toBe("2024-01-01T00:00:05Z");
  });
});
