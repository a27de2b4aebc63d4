import { describe, expect, it } from "vitest";
import { CycleState } from "../../../src/core/scheduler/cycle-state.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../../../src/core/scheduler/interface.js";
import { Profile } from "../../../src/core/scheduler/profile.js";
import { makePod } from "./fixtures.js";

function preFilter(name: string, result: ReturnType<PreFilterPlugin["preFilter"]>, calls?: string[]): PreFilterPlugin & FilterPlugin {
  return {
    name,
    preFilter: () => {
      calls?.push(name);
      return result;
    },
    filter: () => null,
  };
}

describe("Profile", () => {
  it("sorts plugins into extension points", () => {
    const score: PreScorePlugin & ScorePlugin = { name: "S", weight: 1, preScore: () => null, score: () => 0 };
    const p = new Profile([preFilter("A", null), score]);
    expect(p.preFilterPlugins.map((x) => x.name)).toEqual(["A"]);
    expect(p.filterPlugins.map((x) => x.name)).toEqual(["A"]);
    expect(p.preScorePlugins.map((x) => x.name)).toEqual(["S"]);
    expect(p.scorePlugins.map((x) => x.name)).toEqual(["S"]);
    expect(p.hasScoring()).toBe(true);
    expect(new Profile([preFilter("A", null)]).hasScoring()).toBe(false);
  });

  it("leaves out the Filter of a plugin whose PreFilter skipped", () => {
    const out = new Profile([preFilter("A", Status.skip), preFilter("B", null)]).runPreFilter(new CycleState(), makePod("p"), []);
    expect(out.filters.map((f) => f.name)).toEqual(["B"]);
    expect(out.rejection).toBeUndefined();
  });

  it("stops at an unresolvable rejection but runs the rest after a resolvable one", () => {
    const calls: string[] = [];
    const hard = new Profile([preFilter("A", new Status("UnschedulableAndUnresolvable", "no")), preFilter("B", null, calls)]);
    expect(hard.runPreFilter(new CycleState(), makePod("p"), []).rejection).toMatchObject({ plugin: "A" });
    expect(calls).toEqual([]);
    const soft = new Profile([preFilter("A", new Status("Unschedulable", "later")), preFilter("B", null, calls)]);
    expect(soft.runPreFilter(new CycleState(), makePod("p"), []).rejection).toMatchObject({ plugin: "A" });
    expect(calls).toEqual(["B"]);
  });

  it("intersects the node names of PreFilter results", () => {
    const out = new Profile([preFilter("B", { nodeNames: new Set(["x", "y"]) }), preFilter("A", { nodeNames: new Set(["y", "z"]) })]).runPreFilter(
      new CycleState(),
      makePod("p"),
      [],
    );
    expect([...(out.nodeNames ?? [])]).toEqual(["y"]);
    expect(out.narrowedBy).toEqual(["A", "B"]);
  });

  it("rejects the pod when one PreFilter leaves no node", () => {
    const out = new Profile([preFilter("A", { nodeNames: new Set() })]).runPreFilter(new CycleState(), makePod("p"), []);
    expect(out.rejection?.status.reasons).toEqual(["node(s) didn't satisfy plugin A"]);
  });

  it("throws on an Error status", () => {
    expect(() => new Profile([preFilter("A", new Status("Error", "broken"))]).runPreFilter(new CycleState(), makePod("p"), [])).toThrow(
      'running PreFilter plugin "A": broken',
    );
  });
});
