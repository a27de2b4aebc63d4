import type { Node, Taint } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { desiredNoScheduleTaints, noExecuteTaintsFor, reconcileNodeTaints } from "../../../src/core/controllers/node-lifecycle-taints.js";

const AT = "2024-01-01T00:01:00Z";
const node = (ready: string, extra: Partial<Node["spec"]> = {}, conditions: [string, string][] = []): Node => ({
  spec: extra,
  status: { conditions: [...conditions.map(([type, status]) => ({ type, status })), { type: "Ready", status: ready }] },
});
const run = (n: Node) => reconcileNodeTaints(n.spec?.taints ?? [], desiredNoScheduleTaints(n), noExecuteTaintsFor(n.status?.conditions?.find((c) => c.type === "Ready")), AT);

describe("node lifecycle taints", () => {
  it("taints an unreachable node NoSchedule then NoExecute, after the taints it has, with timeAdded", () => {
    const user: Taint = { key: "dedicated", value: "db", effect: "NoSchedule" };
    expect(run(node("Unknown", { taints: [user] }))).toEqual([
      user,
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: AT },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: AT },
    ]);
  });

  it("swaps unreachable for not-ready when Ready turns False, keeping what did not change", () => {
    const before: Taint[] = [
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: "2024-01-01T00:00:00Z" },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: "2024-01-01T00:00:00Z" },
    ];
    expect(run(node("False", { taints: before }))).toEqual([
      { key: "node.kubernetes.io/not-ready", effect: "NoSchedule", timeAdded: AT },
      { key: "node.kubernetes.io/not-ready", effect: "NoExecute", timeAdded: AT },
    ]);
  });

  it("maps pressure conditions and cordon to their NoSchedule taints, and leaves a healthy node as it is", () => {
    expect(run(node("True", { unschedulable: true }, [["MemoryPressure", "True"], ["DiskPressure", "False"]])).map((t) => t.key)).toEqual([
      "node.kubernetes.io/memory-pressure",
      "node.kubernetes.io/unschedulable",
    ]);
    const healthy = node("True", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] });
    expect(run(healthy)).toBe(healthy.spec!.taints);
  });

  it("removes every controller taint once the node is Ready again, and leaves a node without a Ready condition alone", () => {
    const taints: Taint[] = [
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
      { key: "gpu", effect: "NoExecute" },
    ];
    expect(run(node("True", { taints }))).toEqual([{ key: "gpu", effect: "NoExecute" }]);
    expect(noExecuteTaintsFor(undefined)).toBeUndefined();
  });
});
