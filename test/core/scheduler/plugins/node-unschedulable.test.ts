import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { ERR_REASON_UNSCHEDULABLE, NodeUnschedulable } from "../../../../src/core/scheduler/plugins/node-unschedulable.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new NodeUnschedulable();
const cordoned = newNodeInfo(makeNode("n", { unschedulable: true }));

describe("NodeUnschedulable", () => {
  it("passes schedulable nodes", () => {
    expect(plugin.filter(new CycleState(), makePod("p"), newNodeInfo(makeNode("n")))).toBeNull();
  });

  it("rejects cordoned nodes as unresolvable", () => {
    const s = plugin.filter(new CycleState(), makePod("p"), cordoned);
    expect(s?.code).toBe("UnschedulableAndUnresolvable");
    expect(s?.reasons).toEqual([ERR_REASON_UNSCHEDULABLE]);
    expect(ERR_REASON_UNSCHEDULABLE).toBe("node(s) were unschedulable");
  });

  it("lets pods that tolerate node.kubernetes.io/unschedulable:NoSchedule onto cordoned nodes", () => {
    const daemon = makePod("ds", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] });
    expect(plugin.filter(new CycleState(), daemon, cordoned)).toBeNull();
    const tolerateAll = makePod("all", { tolerations: [{ operator: "Exists" }] });
    expect(plugin.filter(new CycleState(), tolerateAll, cordoned)).toBeNull();
    const wrongEffect = makePod("x", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoExecute" }] });
    expect(plugin.filter(new CycleState(), wrongEffect, cordoned)).not.toBeNull();
  });
});
