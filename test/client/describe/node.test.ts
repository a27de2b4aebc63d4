import type { Lease } from "kubernetes-types/coordination/v1";
import type { Event, Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { describeNode, formatTaint } from "../../../src/client/describe/node.js";
import { expectGolden, readFixture } from "../output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const nodes = readFixture<Node[]>(new URL("../../core/printers/testdata/nodes.json", import.meta.url));
const pods = readFixture<Pod[]>(new URL("./testdata/node-pods.json", import.meta.url));
const events = readFixture<Event[]>(new URL("./testdata/node-events.json", import.meta.url));
const node = (name: string): Node => nodes.find((n) => n.metadata?.name === name)!;

describe("describeNode", () => {
  it("describes a node with its pods' requests and limits, allocated totals and events", () => {
    const lease: Lease = { spec: { holderIdentity: "worker-1", renewTime: "2024-01-01T00:59:50.000000Z" } };
    expectGolden(new URL("./testdata/describe-node.golden", import.meta.url), describeNode(node("worker-1"), pods, events, { now: NOW }, lease));
  });

  it("describes a cordoned, tainted control plane without pods", () => {
    const cp = structuredClone(node("control-plane"));
    cp.spec!.unschedulable = true;
    expectGolden(new URL("./testdata/describe-node-cordoned.golden", import.meta.url), describeNode(cp, [], [], { now: NOW }));
  });

  it("leaves finished pods out of the non-terminated list", () => {
    const out = describeNode(node("worker-1"), pods, [], { now: NOW });
    expect(out).toContain("Non-terminated Pods:          (5 in total)");
    expect(out).not.toContain("finished-job");
  });

  it("shows NotReady conditions and NoExecute taints as kubectl does", () => {
    const out = describeNode(node("worker-3"), [], [], { now: NOW });
    expect(out).toContain("Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n");
    expect(out).toMatch(/ {2}Ready +Unknown +Mon, 01 Jan 2024 00:59:40 \+0000 +Mon, 01 Jan 2024 00:00:30 \+0000 +NodeStatusUnknown +Kubelet stopped posting node status\.\n/);
  });
});

describe("formatTaint", () => {
  it("prints key=value:effect, leaving out what is empty", () => {
    expect(formatTaint({ key: "dedicated", value: "gpu", effect: "NoSchedule" })).toBe("dedicated=gpu:NoSchedule");
    expect(formatTaint({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })).toBe("node.kubernetes.io/unschedulable:NoSchedule");
    expect(formatTaint({ key: "k", value: "v", effect: "" as "NoSchedule" })).toBe("k=v:");
  });
});
