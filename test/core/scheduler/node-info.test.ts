import { describe, expect, it } from "vitest";
import { MutableNodeInfo, newNodeInfo } from "../../../src/core/scheduler/node-info.js";
import { podResources } from "../../../src/core/scheduler/resources.js";
import { makeNode, makePod } from "./fixtures.js";

describe("NodeInfo", () => {
  it("sums requests and scoring requests of the pods given", () => {
    const info = newNodeInfo(makeNode("n", { cpu: "2", taints: [{ key: "k", effect: "NoSchedule" }] }), [makePod("a", { cpu: "500m" }), makePod("b")]);
    expect(info.name).toBe("n");
    expect(info.requested).toEqual({ milliCPU: 500, memory: 0, pods: 2 });
    expect(info.nonZeroRequested).toEqual({ milliCPU: 600, memory: 2 * 200 * 1024 * 1024, pods: 2 });
    expect(info.allocatable.milliCPU).toBe(2000);
    expect(info.taints).toEqual([{ key: "k", effect: "NoSchedule" }]);
    expect(info.pods.map((p) => p.metadata?.name)).toEqual(["a", "b"]);
  });

  it("replaces a pod under the same key instead of adding it twice", () => {
    const info = new MutableNodeInfo(makeNode("n"));
    const a = makePod("a", { cpu: "1" });
    info.addPod({ key: "default/a", pod: a, nodeName: "n", resources: podResources(a), assumed: true });
    const bigger = makePod("a", { cpu: "3" });
    info.addPod({ key: "default/a", pod: bigger, nodeName: "n", resources: podResources(bigger), assumed: false });
    expect(info.requested).toMatchObject({ milliCPU: 3000, pods: 1 });
    expect(info.pods).toEqual([bigger]);
    expect(info.removePod("default/a")?.pod).toBe(bigger);
    expect(info.removePod("default/a")).toBeUndefined();
    expect(info.requested).toEqual({ milliCPU: 0, memory: 0, pods: 0 });
  });

  it("hands out a frozen pod list", () => {
    const info = newNodeInfo(makeNode("n"), [makePod("a")]);
    expect(Object.isFrozen(info.pods)).toBe(true);
  });
});
