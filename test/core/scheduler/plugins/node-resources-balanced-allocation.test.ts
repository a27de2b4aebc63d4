import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { Status } from "../../../../src/core/scheduler/interface.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { NodeResourcesBalancedAllocation } from "../../../../src/core/scheduler/plugins/node-resources-balanced-allocation.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new NodeResourcesBalancedAllocation();

describe("NodeResourcesBalancedAllocation", () => {
  it("does not score best-effort pods", () => {
    expect(plugin.preScore(new CycleState(), makePod("p"))).toBe(Status.skip);
    expect(plugin.preScore(new CycleState(), makePod("p", { cpu: "1" }))).toBeNull();
  });

  it("gives 100 when cpu and memory end up equally used", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "4", memory: "8Gi" }));
    expect(plugin.score(new CycleState(), makePod("p", { cpu: "1", memory: "2Gi" }), node)).toBe(100);
  });

  it("lowers the score by the deviation between the two fractions", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "4", memory: "8Gi" }), [makePod("a", { cpu: "2" })]);
    // cpu 3/4 = 0.75, memory 2/8 = 0.25 → std 0.25 → 75.
    expect(plugin.score(new CycleState(), makePod("p", { cpu: "1", memory: "2Gi" }), node)).toBe(75);
  });

  it("caps each fraction at 1 and uses actual requests, not scoring defaults", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "1", memory: "1Gi" }), [makePod("a", { cpu: "3" }), makePod("best-effort")]);
    // cpu capped at 1, memory 0.5 → std 0.25.
    expect(plugin.score(new CycleState(), makePod("p", { memory: "512Mi" }), node)).toBe(75);
  });

  it("gives full marks when only one resource is known", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "4", memory: "0" }));
    expect(plugin.score(new CycleState(), makePod("p", { cpu: "3" }), node)).toBe(100);
  });
});
