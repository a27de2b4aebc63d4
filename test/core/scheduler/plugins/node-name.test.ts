import { describe, expect, it } from "vitest";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { ERR_REASON_NODE_NAME, NodeName } from "../../../../src/core/scheduler/plugins/node-name.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new NodeName();
const a = newNodeInfo(makeNode("a"));

describe("NodeName", () => {
  it("passes every node for a pod that names none", () => {
    expect(plugin.filter(new CycleState(), makePod("p"), a)).toBeNull();
  });

  it("passes only the named node", () => {
    expect(plugin.filter(new CycleState(), makePod("p", { nodeName: "a" }), a)).toBeNull();
    const s = plugin.filter(new CycleState(), makePod("p", { nodeName: "b" }), a);
    expect(s?.code).toBe("UnschedulableAndUnresolvable");
    expect(s?.reasons).toEqual(["node(s) didn't match the requested node name"]);
    expect(ERR_REASON_NODE_NAME).toBe(s?.message());
  });
});
