import { describe, expect, it } from "vitest";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import { Scheduler } from "../../../src/core/scheduler/framework.js";
import { makeNode, makePod } from "./fixtures.js";

function cluster(): SchedulerCache {
  const cache = new SchedulerCache();
  cache.setNode(makeNode("control-plane", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }));
  cache.setNode(makeNode("small", { cpu: "1" }));
  cache.setNode(makeNode("worker-1", { labels: { disk: "ssd" } }));
  cache.setNode(makeNode("worker-2"));
  return cache;
}

describe("Scheduler.explain", () => {
  it("gives every filter's verdict on every node, not only the first rejection", () => {
    const verdicts = new Scheduler(cluster()).explain(makePod("p", { cpu: "2" }));
    expect(verdicts.map((v) => [v.nodeName, v.feasible])).toEqual([
      ["control-plane", false],
      ["small", false],
      ["worker-1", true],
      ["worker-2", true],
    ]);
    const cp = verdicts[0]!;
    expect(cp.filters.map((f) => [f.plugin, f.code])).toEqual([
      ["NodeUnschedulable", "Success"],
      ["NodeName", "Success"],
      ["TaintToleration", "UnschedulableAndUnresolvable"],
      ["NodeAffinity", "Skip"],
      ["NodeResourcesFit", "Success"],
      ["PodTopologySpread", "Skip"],
      ["InterPodAffinity", "Skip"],
    ]);
    expect(cp.filters[2]?.reasons).toEqual(["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"]);
    expect(cp.scores).toEqual([]);
    expect(verdicts[1]?.filters.find((f) => f.plugin === "NodeResourcesFit")?.reasons).toEqual(["Insufficient cpu"]);
  });

  it("scores the feasible nodes with each plugin's raw, normalised and weighted score", () => {
    const cache = cluster();
    cache.setPod(makePod("busy", { cpu: "2", memory: "4Gi", nodeName: "worker-2" }));
    const pod = makePod("p", {
      cpu: "1",
      memory: "1Gi",
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }] } },
    });
    const verdicts = new Scheduler(cache).explain(pod);
    const w1 = verdicts.find((v) => v.nodeName === "worker-1")!;
    const w2 = verdicts.find((v) => v.nodeName === "worker-2")!;
    expect(w1.scores.map((s) => [s.plugin, s.raw, s.normalized, s.weighted])).toEqual([
      ["TaintToleration", 0, 100, 300],
      ["NodeAffinity", 10, 100, 200],
      ["NodeResourcesFit", 81, 81, 81],
      ["PodTopologySpread", 0, 0, 0],
      ["InterPodAffinity", 0, 0, 0],
      ["NodeResourcesBalancedAllocation", 93, 93, 93],
    ]);
    expect(w1.totalScore).toBe(674);
    expect(w1.best).toBe(true);
    expect(w2.best).toBe(false);
    expect(w2.totalScore).toBeLessThan(w1.totalScore);
  });

  it("marks skipped score plugins", () => {
    const verdicts = new Scheduler(cluster()).explain(makePod("best-effort"));
    const scores = verdicts.find((v) => v.nodeName === "worker-1")!.scores;
    expect(scores.filter((s) => s.skipped).map((s) => s.plugin)).toEqual(["NodeAffinity", "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation"]);
    expect(verdicts.filter((v) => v.best).map((v) => v.nodeName)).toEqual(["worker-1", "worker-2"]);
  });

  it("shows a PreFilter's verdict on every node", () => {
    const pod = makePod("p", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["small"] }] }] },
        },
      },
    });
    const verdicts = new Scheduler(cluster()).explain(pod);
    expect(verdicts.find((v) => v.nodeName === "worker-1")?.filters).toEqual([
      { plugin: "NodeAffinity", code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] },
    ]);
    expect(verdicts.filter((v) => v.feasible).map((v) => v.nodeName)).toEqual(["small"]);
  });

  it("changes nothing: the next schedule starts where it would have", () => {
    const cache = cluster();
    const scheduler = new Scheduler(cache, { rand: () => 0 });
    scheduler.explain(makePod("p"));
    expect(cache.nodeInfos().every((n) => n.pods.length === 0)).toBe(true);
    expect(scheduler.schedule(makePod("p"))).toMatchObject({ status: "Scheduled", evaluatedNodes: 4 });
  });
});
