import { describe, expect, it } from "vitest";
import { CycleState, stateKey } from "../../../src/core/scheduler/cycle-state.js";

describe("CycleState", () => {
  it("keeps each key's data apart, even under the same name", () => {
    const a = stateKey<number>("same");
    const b = stateKey<string>("same");
    const state = new CycleState();
    state.write(a, 1);
    state.write(b, "one");
    expect(state.read(a)).toBe(1);
    expect(state.read(b)).toBe("one");
    expect(new CycleState().read(a)).toBeUndefined();
  });
});
