import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { PodNominator } from "../../../src/core/scheduler/nominator.js";
import { makePod } from "./fixtures.js";

function nominated(name: string, node: string | undefined, extra: Partial<Pod> = {}): Pod {
  const p = makePod(name);
  return { ...p, ...extra, status: { ...p.status, ...(node ? { nominatedNodeName: node } : {}) } };
}

describe("PodNominator", () => {
  it("tracks each pending pod's nominated node from its status, and forgets bound or deleted pods", () => {
    const n = new PodNominator();
    n.addNominatedPod(nominated("a", "node-1"));
    n.addNominatedPod(nominated("b", "node-1"));
    n.addNominatedPod(nominated("c", undefined));
    expect(n.nominatedPodsForNode("node-1").map((p) => p.metadata?.name)).toEqual(["a", "b"]);
    expect(n.size).toBe(2);

    n.addNominatedPod(nominated("a", "node-2"));
    expect(n.nominatedPodsForNode("node-1").map((p) => p.metadata?.name)).toEqual(["b"]);
    expect(n.nominatedPodsForNode("node-2").map((p) => p.metadata?.name)).toEqual(["a"]);

    const b = nominated("b", "node-1");
    n.addNominatedPod({ ...b, spec: { ...b.spec!, nodeName: "node-1" } });
    expect(n.nominatedPodsForNode("node-1")).toEqual([]);
    n.addNominatedPod(nominated("a", "node-2", { metadata: { name: "a", namespace: "default", deletionTimestamp: "2024-01-01T00:00:00Z" } }));
    expect(n.size).toBe(0);

    // An explicit node wins over the status (the scheduler nominates before its write is seen).
    n.addNominatedPod(nominated("d", undefined), "node-3");
    expect(n.nominatedPodsForNode("node-3")).toHaveLength(1);
    n.deleteNominatedPodIfExists(nominated("d", undefined));
    expect(n.nominatedPodsForNode("node-3")).toEqual([]);
  });
});
