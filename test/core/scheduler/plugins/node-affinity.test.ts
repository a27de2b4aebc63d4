import { describe, expect, it } from "vitest";
import type { NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "kubernetes-types/core/v1";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { Status } from "../../../../src/core/scheduler/interface.js";
import { newNodeInfo, type NodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { NodeAffinity } from "../../../../src/core/scheduler/plugins/node-affinity.js";
import { makeNode, makePod } from "../fixtures.js";

const plugin = new NodeAffinity();
const ssdA = newNodeInfo(makeNode("ssd-a", { labels: { disktype: "ssd", zone: "a" } }));
const hddB = newNodeInfo(makeNode("hdd-b", { labels: { disktype: "hdd", zone: "b" } }));

function required(...nodeSelectorTerms: NodeSelectorTerm[]): Pod {
  return makePod("p", { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } });
}

function preferred(...terms: PreferredSchedulingTerm[]): Pod {
  return makePod("p", { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } } });
}

function filter(pod: Pod, node: NodeInfo) {
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod);
  if (pre === Status.skip) return "skipped";
  return plugin.filter(state, pod, node);
}

describe("NodeAffinity filter", () => {
  it("skips pods without nodeSelector or required affinity", () => {
    expect(plugin.preFilter(new CycleState(), makePod("p"))).toBe(Status.skip);
    expect(plugin.preFilter(new CycleState(), preferred({ weight: 1, preference: { matchExpressions: [{ key: "zone", operator: "Exists" }] } }))).toBe(Status.skip);
  });

  it("filters on spec.nodeSelector", () => {
    const pod = makePod("p", { nodeSelector: { disktype: "ssd" } });
    expect(filter(pod, ssdA)).toBeNull();
    const s = filter(pod, hddB);
    expect(s).toBeInstanceOf(Status);
    expect((s as Status).code).toBe("UnschedulableAndUnresolvable");
    expect((s as Status).reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });

  it("filters on required terms, ORing them", () => {
    const pod = required(
      { matchExpressions: [{ key: "zone", operator: "In", values: ["c"] }] },
      { matchExpressions: [{ key: "disktype", operator: "NotIn", values: ["hdd"] }] },
    );
    expect(filter(pod, ssdA)).toBeNull();
    expect(filter(pod, hddB)).not.toBeNull();
  });

  it("narrows the nodes to those named by matchFields metadata.name", () => {
    const pod = required(
      { matchFields: [{ key: "metadata.name", operator: "In", values: ["ssd-a"] }] },
      { matchFields: [{ key: "metadata.name", operator: "In", values: ["other"] }] },
    );
    expect(plugin.preFilter(new CycleState(), pod)).toEqual({ nodeNames: new Set(["ssd-a", "other"]) });
    expect(filter(pod, ssdA)).toBeNull();
    expect(filter(pod, hddB)).not.toBeNull();
  });

  it("does not narrow when one term has no node name", () => {
    const pod = required(
      { matchFields: [{ key: "metadata.name", operator: "In", values: ["ssd-a"] }] },
      { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] },
    );
    expect(plugin.preFilter(new CycleState(), pod)).toBeNull();
    expect(filter(pod, hddB)).toBeNull();
  });

  it("rejects the pod in PreFilter when the names in every term conflict", () => {
    const pod = required({
      matchFields: [
        { key: "metadata.name", operator: "In", values: ["ssd-a"] },
        { key: "metadata.name", operator: "In", values: ["hdd-b"] },
      ],
    });
    const s = plugin.preFilter(new CycleState(), pod);
    expect(s).toBeInstanceOf(Status);
    expect((s as Status).reasons).toEqual(["pod affinity terms conflict"]);
  });
});

describe("NodeAffinity score", () => {
  it("skips pods without preferred terms", () => {
    expect(plugin.preScore(new CycleState(), makePod("p"))).toBe(Status.skip);
  });

  it("sums the weights of the matching preferred terms, normalised to the best node", () => {
    const pod = preferred(
      { weight: 80, preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] } },
      { weight: 20, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] } },
    );
    const state = new CycleState();
    expect(plugin.preScore(state, pod)).toBeNull();
    const s = Float64Array.from([ssdA, hddB], (n) => plugin.score(state, pod, n));
    expect([...s]).toEqual([80, 20]);
    plugin.normalizeScore(state, pod, s);
    expect([...s]).toEqual([100, 25]);
  });
});
