import { describe, expect, it } from "vitest";
import type { Node, Pod, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { SchedulerCache } from "../../../../src/core/scheduler/cache.js";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { Status } from "../../../../src/core/scheduler/interface.js";
import { Scheduler } from "../../../../src/core/scheduler/framework.js";
import type { SchedulingListers } from "../../../../src/core/scheduler/listers.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { defaultPlugins } from "../../../../src/core/scheduler/plugins/default-plugins.js";
import { PodTopologySpread } from "../../../../src/core/scheduler/plugins/pod-topology-spread.js";
import { bound } from "../fixtures.js";
import { fakeListers, HOSTNAME, policyPod, ZONE, zonedNode } from "../policy-fixtures.js";

const SKEW = "Unschedulable: node(s) didn't match pod topology spread constraints";
const MISSING = "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

function zoneSpread(extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint {
  return { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } }, ...extra };
}

function web(name: string, spread: TopologySpreadConstraint[], extra: Parameters<typeof policyPod>[1] = {}): Pod {
  return policyPod(name, { labels: { app: "web" }, spread, ...extra });
}

/** Web pods already running: node name → how many. */
function running(counts: Record<string, number>): Pod[] {
  return Object.entries(counts).flatMap(([node, n]) => Array.from({ length: n }, (_, i) => bound(policyPod(`web-${node}-${i}`, { labels: { app: "web" } }), node)));
}

function cacheWith(nodes: Node[], pods: Pod[]): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.setPod(p);
  return cache;
}

const threeZones = () => [zonedNode("a1", "a"), zonedNode("a2", "a"), zonedNode("b1", "b"), zonedNode("c1", "c")];

function verdicts(cache: SchedulerCache, pod: Pod, listers?: SchedulingListers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of new Scheduler(cache, { plugins: defaultPlugins({ listers }) }).explain(pod)) {
    const f = v.filters.find((x) => x.plugin === "PodTopologySpread")!;
    out[v.nodeName] = f.code === "Success" ? "fits" : f.code === "Skip" ? "skip" : `${f.code}: ${f.reasons.join(", ")}`;
  }
  return out;
}

describe("PodTopologySpread filter (DoNotSchedule)", () => {
  it("admits only domains that keep the skew within maxSkew", () => {
    const cache = cacheWith(threeZones(), running({ a1: 1, a2: 1, b1: 1 }));
    expect(verdicts(cache, web("new", [zoneSpread()]))).toEqual({ a1: SKEW, a2: SKEW, b1: SKEW, c1: "fits" });
    expect(verdicts(cache, web("new", [zoneSpread({ maxSkew: 2 })]))).toEqual({ a1: SKEW, a2: SKEW, b1: "fits", c1: "fits" });
  });

  it("rejects nodes without the topology label as unresolvable", () => {
    const cache = cacheWith([...threeZones(), zonedNode("bare", undefined)], []);
    expect(verdicts(cache, web("new", [zoneSpread()])).bare).toBe(MISSING);
  });

  it("does not count the incoming pod when the selector does not select it", () => {
    const cache = cacheWith(threeZones(), running({ a1: 1, b1: 1 }));
    expect(verdicts(cache, web("new", [zoneSpread()])).a1).toBe(SKEW);
    expect(verdicts(cache, policyPod("other", { labels: { app: "api" }, spread: [zoneSpread()] })).a1).toBe("fits");
  });

  it("treats the global minimum as 0 while fewer domains than minDomains exist", () => {
    const cache = cacheWith(threeZones(), running({ a1: 1, b1: 1, c1: 1 }));
    expect(Object.values(verdicts(cache, web("new", [zoneSpread()])))).toEqual(["fits", "fits", "fits", "fits"]);
    expect(Object.values(verdicts(cache, web("new", [zoneSpread({ minDomains: 4 })])))).toEqual([SKEW, SKEW, SKEW, SKEW]);
    expect(Object.values(verdicts(cache, web("new", [zoneSpread({ minDomains: 3 })])))).toEqual(["fits", "fits", "fits", "fits"]);
  });

  it("leaves out domains the pod's node affinity excludes (nodeAffinityPolicy Honor), or counts them (Ignore)", () => {
    const cache = cacheWith(threeZones(), running({ a1: 1, b1: 1 }));
    const notC = { nodeSelector: { "topology.kubernetes.io/zone": "a" } };
    // Honor: only zone a is a domain; its minimum is its own count.
    expect(verdicts(cache, web("new", [zoneSpread()], notC)).a1).toBe("fits");
    // Ignore: zone c (empty) is a domain, so zone a is one too many.
    expect(verdicts(cache, web("new", [zoneSpread({ nodeAffinityPolicy: "Ignore" })], notC)).a1).toBe(SKEW);
  });

  it("counts tainted nodes' domains unless nodeTaintsPolicy is Honor", () => {
    const nodes = [zonedNode("a1", "a"), zonedNode("b1", "b"), zonedNode("c1", "c", { taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] })];
    const cache = cacheWith(nodes, running({ a1: 1 }));
    expect(verdicts(cache, web("new", [zoneSpread()])).b1).toBe("fits");
    expect(verdicts(cacheWith(nodes, running({ a1: 1, b1: 1 })), web("new", [zoneSpread()])).a1).toBe(SKEW);
    expect(verdicts(cacheWith(nodes, running({ a1: 1, b1: 1 })), web("new", [zoneSpread({ nodeTaintsPolicy: "Honor" })])).a1).toBe("fits");
  });

  it("adds matchLabelKeys to the selector from the pod's own labels", () => {
    const old = Object.entries({ a1: 1, b1: 1 }).map(([n]) => bound(policyPod(`old-${n}`, { labels: { app: "web", "pod-template-hash": "old" } }), n));
    const cache = cacheWith(threeZones(), old);
    const pod = (keys?: string[]) => policyPod("new", { labels: { app: "web", "pod-template-hash": "new" }, spread: [zoneSpread({ maxSkew: 1, matchLabelKeys: keys })] });
    expect(verdicts(cache, pod()).a1).toBe(SKEW);
    expect(verdicts(cache, pod(["pod-template-hash"])).a1).toBe("fits");
  });

  it("ignores terminating and finished pods, and pods of other namespaces", () => {
    const gone = [
      bound(policyPod("done", { labels: { app: "web" } }), "a1", "Succeeded"),
      bound(policyPod("elsewhere", { namespace: "other", labels: { app: "web" } }), "a1"),
    ];
    expect(verdicts(cacheWith(threeZones(), gone), web("new", [zoneSpread()])).a1).toBe("fits");
  });

  it("updates its counts for preemption's what-ifs", () => {
    const plugin = new PodTopologySpread();
    const [victim] = running({ a1: 1 });
    const a1 = newNodeInfo(zonedNode("a1", "a"), [victim!]);
    const b1 = newNodeInfo(zonedNode("b1", "b"));
    const pod = web("new", [zoneSpread()]);
    const state = new CycleState();
    plugin.preFilter(state, pod, [a1, b1]);
    expect(plugin.filter(state, pod, a1)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    plugin.removePod(state, pod, victim!, a1);
    expect(plugin.filter(state, pod, a1)).toBeNull();
  });
});

describe("PodTopologySpread score (ScheduleAnyway)", () => {
  function normalized(cache: SchedulerCache, pod: Pod, listers?: SchedulingListers): Record<string, number> {
    const out: Record<string, number> = {};
    for (const v of new Scheduler(cache, { plugins: defaultPlugins({ listers }) }).explain(pod)) {
      const s = v.scores.find((x) => x.plugin === "PodTopologySpread")!;
      out[v.nodeName] = s.skipped ? -1 : s.normalized;
    }
    return out;
  }

  it("prefers the emptier domains, weighted by log(domains + 2)", () => {
    const cache = cacheWith(threeZones(), running({ a1: 2, b1: 1 }));
    const pod = web("new", [zoneSpread({ whenUnsatisfiable: "ScheduleAnyway" })]);
    const raw = new Scheduler(cache).explain(pod).map((v) => v.scores.find((s) => s.plugin === "PodTopologySpread")!.raw);
    // zone a: 2 × ln(5) ≈ 3.2; zone b: 1 × ln(5) ≈ 1.6; zone c: 0.
    expect(raw).toEqual([3, 3, 2, 0]);
    expect(normalized(cache, pod)).toEqual({ a1: 0, a2: 0, b1: 33, c1: 100 });
  });

  it("scores nodes missing a topology label 0 when the constraints are the pod's own", () => {
    const cache = cacheWith([...threeZones(), zonedNode("bare", undefined)], running({ a1: 1 }));
    const pod = web("new", [zoneSpread({ whenUnsatisfiable: "ScheduleAnyway" })]);
    expect(normalized(cache, pod).bare).toBe(0);
    expect(normalized(cache, pod).c1).toBe(100);
  });

  it("spreads pods of a ReplicaSet or Service by the system defaults (hostname 3, zone 5), and not bare pods", () => {
    const rs: ReplicaSet = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, template: {} } };
    const listers = fakeListers({ replicaSets: [rs] });
    const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true };
    const cache = cacheWith(threeZones(), running({ a1: 4, a2: 4 }));
    const owned = policyPod("web-new", { labels: { app: "web" }, owner });
    const scores = normalized(cache, owned, listers);
    expect(scores.b1).toBe(100);
    expect(scores.a1).toBeLessThan(scores.b1!);
    expect(Object.values(normalized(cache, policyPod("bare", { labels: { app: "web" } }), listers))).toEqual([-1, -1, -1, -1]);
    // A Service selecting the pod is enough.
    const svcListers = fakeListers({
      services: [{ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" } } }],
    });
    expect(normalized(cache, policyPod("bare", { labels: { app: "web" } }), svcListers).b1).toBe(100);
  });

  it("spreads by hostname without a zone label under the system defaults", () => {
    const rs: ReplicaSet = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, template: {} } };
    const nodes = [zonedNode("n1", undefined), zonedNode("n2", undefined)];
    const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true };
    const scores = normalized(cacheWith(nodes, running({ n1: 3 })), policyPod("w", { labels: { app: "web" }, owner }), fakeListers({ replicaSets: [rs] }));
    expect(scores.n2).toBe(100);
    expect(scores.n1).toBeLessThan(100);
  });

  it("has nothing to do for pods without constraints nor anything selecting them", () => {
    expect(new PodTopologySpread().preFilter(new CycleState(), policyPod("p"), [])).toBe(Status.skip);
    expect(new PodTopologySpread().preScore(new CycleState(), policyPod("p"), [newNodeInfo(zonedNode("a1", "a"))])).toBe(Status.skip);
  });

  it("scores hostname constraints by each node's own pods", () => {
    const cache = cacheWith(threeZones(), running({ a1: 2, a2: 1 }));
    const pod = web("new", [{ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } }]);
    expect(normalized(cache, pod)).toEqual({ a1: 0, a2: 50, b1: 100, c1: 100 });
  });
});
