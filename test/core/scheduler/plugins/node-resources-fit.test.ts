import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { newNodeInfo, type NodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { NodeResourcesFit } from "../../../../src/core/scheduler/plugins/node-resources-fit.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new NodeResourcesFit();

function filter(pod: Pod, node: NodeInfo) {
  const state = new CycleState();
  plugin.preFilter(state, pod);
  return plugin.filter(state, pod, node);
}

function score(pod: Pod, node: NodeInfo) {
  const state = new CycleState();
  plugin.preFilter(state, pod);
  return plugin.score(state, pod, node);
}

describe("NodeResourcesFit filter", () => {
  const node = newNodeInfo(makeNode("n", { cpu: "2", memory: "4Gi", pods: "3" }), [makePod("a", { cpu: "1", memory: "1Gi" }), makePod("b", { cpu: "500m", memory: "1Gi" })]);

  it("passes a pod that fits what is left of allocatable", () => {
    expect(filter(makePod("p", { cpu: "500m", memory: "2Gi" }), node)).toBeNull();
  });

  it("reports each missing resource", () => {
    expect(filter(makePod("p", { cpu: "501m" }), node)?.reasons).toEqual(["Insufficient cpu"]);
    expect(filter(makePod("p", { memory: "3Gi" }), node)?.reasons).toEqual(["Insufficient memory"]);
    const s = filter(makePod("p", { cpu: "1", memory: "3Gi" }), node);
    expect(s?.code).toBe("Unschedulable");
    expect(s?.reasons).toEqual(["Insufficient cpu", "Insufficient memory"]);
  });

  it("counts pods against allocatable pods, even for pods that request nothing", () => {
    const full = newNodeInfo(makeNode("n", { pods: "2" }), [makePod("a"), makePod("b")]);
    expect(filter(makePod("p"), full)?.reasons).toEqual(["Too many pods"]);
    expect(filter(makePod("p", { cpu: "100", memory: "100Gi" }), full)?.reasons).toEqual(["Too many pods", "Insufficient cpu", "Insufficient memory"]);
  });

  it("passes a pod without requests on a node already overcommitted", () => {
    const over = newNodeInfo(makeNode("n", { cpu: "1" }), [makePod("a", { cpu: "2" })]);
    expect(filter(makePod("p"), over)).toBeNull();
  });
});

describe("NodeResourcesFit score (LeastAllocated)", () => {
  it("scores the free share of cpu and memory after placing the pod", () => {
    const empty = newNodeInfo(makeNode("n", { cpu: "4", memory: "8Gi" }));
    // cpu: (4000-1000)*100/4000 = 75; memory: (8-2)*100/8 = 75.
    expect(score(makePod("p", { cpu: "1", memory: "2Gi" }), empty)).toBe(75);
    const half = newNodeInfo(makeNode("n", { cpu: "4", memory: "8Gi" }), [makePod("a", { cpu: "2", memory: "4Gi" })]);
    expect(score(makePod("p", { cpu: "1", memory: "2Gi" }), half)).toBe(25);
  });

  it("counts containers without requests at 100m and 200Mi", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "1", memory: "1000Mi" }), [makePod("best-effort")]);
    // cpu: (1000-200)*100/1000 = 80; memory: (1000-400)*100/1000 = 60 → (80+60)/2 = 70.
    expect(score(makePod("p"), node)).toBe(70);
  });

  it("scores a full node 0 rather than negative", () => {
    const node = newNodeInfo(makeNode("n", { cpu: "1", memory: "1Gi" }), [makePod("a", { cpu: "2", memory: "2Gi" })]);
    expect(score(makePod("p", { cpu: "1", memory: "1Gi" }), node)).toBe(0);
  });
});
