import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { newNodeInfo, type NodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { TaintToleration } from "../../../../src/core/scheduler/plugins/taint-toleration.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new TaintToleration();

function filter(pod: Pod, node: NodeInfo) {
  const state = new CycleState();
  plugin.preFilter(state, pod);
  return plugin.filter(state, pod, node);
}

function scores(pod: Pod, nodes: NodeInfo[]): number[] {
  const state = new CycleState();
  plugin.preScore(state, pod);
  const s = Float64Array.from(nodes, (n) => plugin.score(state, pod, n));
  plugin.normalizeScore(state, pod, s);
  return [...s];
}

const controlPlane = newNodeInfo(makeNode("cp", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }));
const notReady = newNodeInfo(makeNode("nr", { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }] }));
const soft = newNodeInfo(makeNode("soft", { taints: [{ key: "spot", value: "true", effect: "PreferNoSchedule" }] }));
const plain = newNodeInfo(makeNode("plain"));

describe("TaintToleration filter", () => {
  it("rejects an untolerated NoSchedule taint with kube-scheduler's reason", () => {
    const s = filter(makePod("p"), controlPlane);
    expect(s?.code).toBe("UnschedulableAndUnresolvable");
    expect(s?.reasons).toEqual(["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"]);
  });

  it("rejects NoExecute taints too: this is how NotReady nodes are avoided", () => {
    expect(filter(makePod("p"), notReady)?.reasons).toEqual(["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"]);
  });

  it("names the taint's value", () => {
    const node = newNodeInfo(makeNode("g", { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }] }));
    expect(filter(makePod("p"), node)?.reasons).toEqual(["node(s) had untolerated taint {dedicated: gpu}"]);
  });

  it("passes tolerated taints and ignores PreferNoSchedule", () => {
    const tolerant = makePod("p", { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] });
    expect(filter(tolerant, controlPlane)).toBeNull();
    expect(filter(makePod("p"), soft)).toBeNull();
    expect(filter(makePod("p"), plain)).toBeNull();
  });

  it("reports the first untolerated taint in the node's order", () => {
    const node = newNodeInfo(
      makeNode("two", {
        taints: [
          { key: "first", effect: "NoSchedule" },
          { key: "second", effect: "NoSchedule" },
        ],
      }),
    );
    expect(filter(makePod("p"), node)?.reasons).toEqual(["node(s) had untolerated taint {first: }"]);
    expect(filter(makePod("p", { tolerations: [{ key: "first", operator: "Exists" }] }), node)?.reasons).toEqual(["node(s) had untolerated taint {second: }"]);
  });

  it("does not let a PreferNoSchedule toleration excuse a NoSchedule taint", () => {
    const pod = makePod("p", { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "PreferNoSchedule" }] });
    expect(filter(pod, controlPlane)).not.toBeNull();
  });

  it("works without its PreFilter having run", () => {
    expect(plugin.filter(new CycleState(), makePod("p"), controlPlane)).not.toBeNull();
  });
});

describe("TaintToleration score", () => {
  it("prefers nodes with fewer untolerated PreferNoSchedule taints", () => {
    const twoSoft = newNodeInfo(
      makeNode("two", {
        taints: [
          { key: "spot", value: "true", effect: "PreferNoSchedule" },
          { key: "old", effect: "PreferNoSchedule" },
        ],
      }),
    );
    expect(scores(makePod("p"), [plain, soft, twoSoft])).toEqual([100, 50, 0]);
  });

  it("counts tolerated taints as absent", () => {
    const pod = makePod("p", { tolerations: [{ key: "spot", operator: "Equal", value: "true" }] });
    expect(scores(pod, [plain, soft])).toEqual([100, 100]);
  });

  it("has weight 3 by default", () => {
    expect(plugin.weight).toBe(3);
  });
});
