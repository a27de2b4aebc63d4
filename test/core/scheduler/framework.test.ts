import { describe, expect, it } from "vitest";
import type { Pod } from "kubernetes-types/core/v1";
import { Rng } from "../../../src/core/engine/rand.js";
import { SchedulerCache } from "../../../src/core/scheduler/cache.js";
import type { CycleState } from "../../../src/core/scheduler/cycle-state.js";
import { numFeasibleNodesToFind, Scheduler, type ScheduleResult } from "../../../src/core/scheduler/framework.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type ScorePlugin } from "../../../src/core/scheduler/interface.js";
import type { NodeInfo } from "../../../src/core/scheduler/node-info.js";
import { defaultPlugins } from "../../../src/core/scheduler/plugins/default-plugins.js";
import { bound, makeNode, makePod, type NodeOptions } from "./fixtures.js";

function clusterOf(count: number, o: NodeOptions = {}): SchedulerCache {
  const cache = new SchedulerCache();
  for (let i = 0; i < count; i++) cache.setNode(makeNode(`node-${i}`, o));
  return cache;
}

function seeded(seed = 1): () => number {
  const rng = Rng.fromSeed(seed);
  return () => rng.next();
}

function nodeOf(r: ScheduleResult): string {
  if (r.status !== "Scheduled") throw new Error(`not scheduled: ${r.message}`);
  return r.nodeName;
}

/** Schedules, assumes, then observes the bind, as the scheduler controller does. */
function place(cache: SchedulerCache, scheduler: Scheduler, pod: Pod): ScheduleResult {
  const r = scheduler.schedule(pod);
  if (r.status === "Scheduled") {
    cache.assume(pod, r.nodeName);
    cache.setPod(bound(pod, r.nodeName));
  }
  return r;
}

/** Records which nodes it was asked about; passes all of them. */
class Recorder implements FilterPlugin {
  readonly name = "Recorder";
  seen: string[] = [];
  filter(_s: CycleState, _p: Pod, n: NodeInfo): null {
    this.seen.push(n.name);
    return null;
  }
}

describe("numFeasibleNodesToFind", () => {
  it("looks at every node below 100", () => {
    expect(numFeasibleNodesToFind(0, 0)).toBe(0);
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(10, 99)).toBe(99);
  });

  it("adapts the percentage to the cluster size: 50% minus 1% per 125 nodes, at least 5%, at least 100 nodes", () => {
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 6000)).toBe(300);
    expect(numFeasibleNodesToFind(0, 1500)).toBe(570);
  });

  it("uses a configured percentage, still never below 100 nodes", () => {
    expect(numFeasibleNodesToFind(100, 1000)).toBe(1000);
    expect(numFeasibleNodesToFind(30, 1000)).toBe(300);
    expect(numFeasibleNodesToFind(5, 1000)).toBe(100);
  });
});

describe("Scheduler.schedule", () => {
  it("says so when the cluster has no nodes", () => {
    const r = new Scheduler(new SchedulerCache(), { rand: seeded() }).schedule(makePod("p"));
    expect(r).toEqual({ status: "Unschedulable", message: "no nodes available to schedule pods", reasons: new Map() });
  });

  it("spreads identical pods evenly over identical nodes (LeastAllocated)", () => {
    const cache = clusterOf(4);
    const scheduler = new Scheduler(cache, { rand: seeded() });
    const counts = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const node = nodeOf(place(cache, scheduler, makePod(`web-${i}`, { cpu: "100m", memory: "128Mi" })));
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3, 3]);
  });

  it("spreads best-effort pods too, through the scoring defaults", () => {
    const cache = clusterOf(3);
    const scheduler = new Scheduler(cache, { rand: seeded() });
    for (let i = 0; i < 9; i++) place(cache, scheduler, makePod(`be-${i}`));
    expect(cache.nodeInfos().map((n) => n.pods.length)).toEqual([3, 3, 3]);
  });

  it("prefers the emptier node", () => {
    const cache = clusterOf(2);
    cache.setPod(makePod("busy", { cpu: "2", memory: "4Gi", nodeName: "node-0" }));
    for (let seed = 0; seed < 5; seed++) {
      expect(nodeOf(new Scheduler(cache, { rand: seeded(seed) }).schedule(makePod("p", { cpu: "100m", memory: "100Mi" })))).toBe("node-1");
    }
  });

  it("honours preferred node affinity and avoids PreferNoSchedule taints", () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode("spot", { taints: [{ key: "spot", effect: "PreferNoSchedule" }], labels: { zone: "a" } }));
    cache.setNode(makeNode("zone-a", { labels: { zone: "a" } }));
    cache.setNode(makeNode("zone-b", { labels: { zone: "b" } }));
    const pod = makePod("p", {
      cpu: "100m",
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } }] } },
    });
    for (let seed = 0; seed < 5; seed++) expect(nodeOf(new Scheduler(cache, { rand: seeded(seed) }).schedule(pod))).toBe("zone-a");
  });

  it("places the pod on the only feasible node without scoring", () => {
    const cache = clusterOf(3);
    cache.setNode(makeNode("big", { cpu: "64" }));
    expect(new Scheduler(cache, { rand: seeded() }).schedule(makePod("p", { cpu: "32" }))).toEqual({
      status: "Scheduled",
      nodeName: "big",
      evaluatedNodes: 4,
      feasibleNodes: 1,
    });
  });

  it("stops filtering once enough feasible nodes are found (adaptive percentage)", () => {
    const cache = clusterOf(1000);
    const r = new Scheduler(cache, { rand: seeded() }).schedule(makePod("p", { cpu: "100m" }));
    expect(r).toMatchObject({ status: "Scheduled", evaluatedNodes: 420, feasibleNodes: 420 });
    const all = new Scheduler(cache, { rand: seeded(), percentageOfNodesToScore: 100 }).schedule(makePod("p", { cpu: "100m" }));
    expect(all).toMatchObject({ evaluatedNodes: 1000, feasibleNodes: 1000 });
  });

  it("counts rejected nodes among the evaluated ones", () => {
    // 300 nodes: find 48% = 144 feasible; every other node is cordoned, so the 144th
    // feasible node (node-287) is the 288th evaluated.
    const cache = clusterOf(300);
    for (let i = 0; i < 300; i += 2) cache.setNode(makeNode(`node-${i}`, { unschedulable: true }));
    const r = new Scheduler(cache, { rand: seeded() }).schedule(makePod("p"));
    expect(r).toMatchObject({ status: "Scheduled", feasibleNodes: 144, evaluatedNodes: 288 });
  });

  it("evaluates every node when none fits, so the message counts them all", () => {
    const cache = clusterOf(1000, { cpu: "1" });
    const r = new Scheduler(cache, { rand: seeded() }).schedule(makePod("p", { cpu: "2" }));
    expect(r.status).toBe("Unschedulable");
    if (r.status !== "Unschedulable") return;
    expect(r.message).toBe("0/1000 nodes are available: 1000 Insufficient cpu.");
    expect(r.reasons.size).toBe(1000);
    expect(r.reasons.get("node-7")).toEqual(["Insufficient cpu"]);
  });

  it("starts each search where the previous one stopped", () => {
    const cache = clusterOf(300);
    const recorder = new Recorder();
    const scheduler = new Scheduler(cache, { rand: seeded(), plugins: [recorder, ...defaultPlugins()], percentageOfNodesToScore: 50 });
    scheduler.schedule(makePod("a"));
    expect(recorder.seen).toHaveLength(150);
    expect(recorder.seen[0]).toBe("node-0");
    recorder.seen = [];
    scheduler.schedule(makePod("b"));
    expect(recorder.seen[0]).toBe("node-150");
    recorder.seen = [];
    scheduler.schedule(makePod("c"));
    expect(recorder.seen[0]).toBe("node-0");
    expect(recorder.seen.at(-1)).toBe("node-149");
  });

  it("breaks ties with the injected rand, reproducibly", () => {
    const picks = (seed: number) => {
      const scheduler = new Scheduler(clusterOf(10), { rand: seeded(seed) });
      return Array.from({ length: 8 }, (_, i) => nodeOf(scheduler.schedule(makePod(`p${i}`))));
    };
    expect(picks(3)).toEqual(picks(3));
    expect(new Set(picks(3)).size).toBeGreaterThan(1);
    expect(nodeOf(new Scheduler(clusterOf(10), { rand: () => 0 }).schedule(makePod("p")))).toBe("node-0");
    expect(nodeOf(new Scheduler(clusterOf(10), { rand: () => 0.999 }).schedule(makePod("p")))).toBe("node-9");
  });

  it("is deterministic without an injected rand", () => {
    const run = () => {
      const cache = clusterOf(20);
      const scheduler = new Scheduler(cache);
      return Array.from({ length: 30 }, (_, i) => nodeOf(place(cache, scheduler, makePod(`p${i}`, { cpu: "10m" }))));
    };
    expect(run()).toEqual(run());
  });

  it("never places a pod on a removed node", () => {
    const cache = clusterOf(3);
    cache.removeNode("node-1");
    const scheduler = new Scheduler(cache, { rand: seeded() });
    for (let i = 0; i < 10; i++) expect(nodeOf(place(cache, scheduler, makePod(`p${i}`)))).not.toBe("node-1");
  });

  it("fills the cluster and then reports why, with the pods it assumed counted", () => {
    const cache = clusterOf(2, { cpu: "1", pods: "110" });
    const scheduler = new Scheduler(cache, { rand: seeded() });
    for (let i = 0; i < 4; i++) place(cache, scheduler, makePod(`p${i}`, { cpu: "500m" }));
    const r = scheduler.schedule(makePod("one-too-many", { cpu: "500m" }));
    expect(r).toMatchObject({ status: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." });
  });

  it("rejects a percentage outside 0-100", () => {
    expect(() => new Scheduler(new SchedulerCache(), { percentageOfNodesToScore: 101 })).toThrow(/not in valid range/);
  });
});

describe("Scheduler with plugins added later", () => {
  it("runs a new Filter after the defaults and counts its reason", () => {
    class NoOddNodes implements FilterPlugin {
      readonly name = "NoOddNodes";
      filter(_s: CycleState, _p: Pod, n: NodeInfo): Status | null {
        return Number(n.name.split("-")[1]) % 2 === 1 ? new Status("Unschedulable", "node(s) were odd") : null;
      }
    }
    const cache = clusterOf(4, { cpu: "1" });
    const r = new Scheduler(cache, { rand: seeded(), plugins: [...defaultPlugins(), new NoOddNodes()] }).schedule(makePod("p", { cpu: "500m" }));
    expect(nodeOf(r)).toMatch(/node-[02]/);
    const full = new Scheduler(cache, { rand: seeded(), plugins: [...defaultPlugins(), new NoOddNodes()] }).schedule(makePod("p", { cpu: "2" }));
    expect(full).toMatchObject({ message: "0/4 nodes are available: 4 Insufficient cpu." });
  });

  it("lets a PreFilter narrow the nodes, a Score plugin outweigh the defaults, and reports a resolvable PreFilter rejection", () => {
    class OnlyFirstTwo implements PreFilterPlugin {
      readonly name = "OnlyFirstTwo";
      preFilter() {
        return { nodeNames: new Set(["node-0", "node-1", "ghost"]) };
      }
    }
    class LikesNodeOne implements ScorePlugin {
      readonly name = "LikesNodeOne";
      readonly weight = 10;
      score(_s: CycleState, _p: Pod, n: NodeInfo): number {
        return n.name === "node-1" ? 100 : 0;
      }
    }
    const cache = clusterOf(5);
    const scheduler = new Scheduler(cache, { rand: seeded(), plugins: [...defaultPlugins(), new OnlyFirstTwo(), new LikesNodeOne()] });
    expect(scheduler.schedule(makePod("p"))).toEqual({ status: "Scheduled", nodeName: "node-1", evaluatedNodes: 2, feasibleNodes: 2 });

    const tooBig = scheduler.schedule(makePod("big", { cpu: "100" }));
    expect(tooBig).toMatchObject({ message: "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [OnlyFirstTwo]." });

    class NeedsQuota implements PreFilterPlugin {
      readonly name = "NeedsQuota";
      preFilter() {
        return new Status("Unschedulable", "waiting for quota");
      }
    }
    const blocked = new Scheduler(cache, { plugins: [...defaultPlugins(), new NeedsQuota()] }).schedule(makePod("p"));
    expect(blocked).toMatchObject({ message: "0/5 nodes are available: waiting for quota." });
    if (blocked.status === "Unschedulable") expect(blocked.reasons.get("node-3")).toEqual(["waiting for quota"]);
  });

  it("reports two PreFilters whose node sets do not intersect", () => {
    const only = (name: string, node: string): PreFilterPlugin => ({ name, preFilter: () => ({ nodeNames: new Set([node]) }) });
    const r = new Scheduler(clusterOf(3), { plugins: [...defaultPlugins(), only("B", "node-0"), only("A", "node-1")] }).schedule(makePod("p"));
    expect(r).toMatchObject({ message: "0/3 nodes are available: node(s) didn't satisfy plugin(s) [B A] simultaneously." });
  });

  it("throws when a plugin returns an Error status, and refuses duplicate plugin names", () => {
    const broken: FilterPlugin = { name: "Broken", filter: () => new Status("Error", "boom") };
    expect(() => new Scheduler(clusterOf(1), { plugins: [broken] }).schedule(makePod("p"))).toThrow('running Filter plugin "Broken": boom');
    expect(() => new Scheduler(clusterOf(1), { plugins: [broken, broken] })).toThrow(/listed twice/);
  });
});
