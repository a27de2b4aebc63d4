import { describe, expect, it } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { SchedulerCache } from "../../../../src/core/scheduler/cache.js";
import { CycleState } from "../../../../src/core/scheduler/cycle-state.js";
import { Scheduler } from "../../../../src/core/scheduler/framework.js";
import { Status } from "../../../../src/core/scheduler/interface.js";
import type { SchedulingListers } from "../../../../src/core/scheduler/listers.js";
import { newNodeInfo } from "../../../../src/core/scheduler/node-info.js";
import { defaultPlugins } from "../../../../src/core/scheduler/plugins/default-plugins.js";
import { InterPodAffinity } from "../../../../src/core/scheduler/plugins/inter-pod-affinity.js";
import { bound } from "../fixtures.js";
import { fakeListers, HOSTNAME, namespace, policyPod, term, ZONE, zonedNode } from "../policy-fixtures.js";

const AFFINITY = "node(s) didn't match pod affinity rules";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Three zones, two nodes in zone a. */
function nodes(): Node[] {
  return [zonedNode("a1", "a"), zonedNode("a2", "a"), zonedNode("b1", "b"), zonedNode("c1", "c")];
}

function cacheWith(running: Pod[], ns: Node[] = nodes()): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of ns) cache.setNode(n);
  for (const p of running) cache.setPod(p);
  return cache;
}

/** Each node's verdict: "fits", or the InterPodAffinity status code and reason. */
function verdicts(cache: SchedulerCache, pod: Pod, listers?: SchedulingListers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of new Scheduler(cache, { plugins: defaultPlugins({ listers }) }).explain(pod)) {
    const f = v.filters.find((x) => x.plugin === "InterPodAffinity")!;
    out[v.nodeName] = f.code === "Success" ? "fits" : f.code === "Skip" ? "skip" : `${f.code}: ${f.reasons.join(", ")}`;
  }
  return out;
}

const cacheApp = (name: string, node: string, ns = "default") => bound(policyPod(name, { namespace: ns, labels: { app: "cache" } }), node);

describe("InterPodAffinity filter: required affinity", () => {
  const web = policyPod("web", { labels: { app: "web" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", HOSTNAME)] } } });

  it("keeps the pod to the nodes whose topology holds a matching pod", () => {
    expect(verdicts(cacheWith([cacheApp("cache", "b1")]), web)).toEqual({
      a1: `UnschedulableAndUnresolvable: ${AFFINITY}`,
      a2: `UnschedulableAndUnresolvable: ${AFFINITY}`,
      b1: "fits",
      c1: `UnschedulableAndUnresolvable: ${AFFINITY}`,
    });
  });

  it("counts a zone as one topology", () => {
    const zoned = policyPod("web", { labels: { app: "web" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } } });
    expect(verdicts(cacheWith([cacheApp("cache", "a2")]), zoned)).toMatchObject({ a1: "fits", a2: "fits", b1: expect.stringContaining(AFFINITY) });
  });

  it("with no matching pod anywhere, lets in the first pod of a group with affinity to itself", () => {
    const self = policyPod("cache-0", { labels: { app: "cache" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } } });
    expect(Object.values(verdicts(cacheWith([]), self))).toEqual(["fits", "fits", "fits", "fits"]);
    // A pod that does not match its own terms still waits.
    expect(Object.values(verdicts(cacheWith([]), web)).every((v) => v.includes(AFFINITY))).toBe(true);
  });

  it("rejects nodes without the topology label", () => {
    const cache = cacheWith([cacheApp("cache", "b1")], [...nodes(), zonedNode("bare", undefined)]);
    const zoned = policyPod("cache-1", { labels: { app: "cache" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", ZONE)] } } });
    expect(verdicts(cache, zoned).bare).toBe(`UnschedulableAndUnresolvable: ${AFFINITY}`);
  });

  it("looks in the pod's own namespace unless the term names others", () => {
    const cache = cacheWith([cacheApp("cache", "b1", "infra")]);
    expect(Object.values(verdicts(cache, web)).every((v) => v.includes(AFFINITY))).toBe(true);
    const named = policyPod("web", { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", HOSTNAME, { namespaces: ["infra"] })] } } });
    expect(verdicts(cache, named).b1).toBe("fits");
  });

  it("resolves a namespaceSelector through the namespaces' labels; {} selects every namespace", () => {
    const cache = cacheWith([cacheApp("cache", "c1", "infra")]);
    const listers = fakeListers({ namespaces: [namespace("default"), namespace("infra", { team: "platform" })] });
    const bySelector = policyPod("web", {
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", HOSTNAME, { namespaceSelector: { matchLabels: { team: "platform" } } })] } },
    });
    expect(verdicts(cache, bySelector, listers).c1).toBe("fits");
    expect(verdicts(cache, bySelector, listers).b1).toContain(AFFINITY);
    const everywhere = policyPod("web", { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("cache", HOSTNAME, { namespaceSelector: {} })] } } });
    expect(verdicts(cache, everywhere, listers).c1).toBe("fits");
  });
});

describe("InterPodAffinity filter: anti-affinity", () => {
  it("keeps the pod out of topologies holding a pod its required anti-affinity selects (resolvable by preemption)", () => {
    const pod = policyPod("web-2", { labels: { app: "web" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } } });
    const running = [bound(policyPod("web-1", { labels: { app: "web" } }), "a1")];
    expect(verdicts(cacheWith(running), pod)).toEqual({ a1: `Unschedulable: ${ANTI}`, a2: `Unschedulable: ${ANTI}`, b1: "fits", c1: "fits" });
  });

  it("honours existing pods' required anti-affinity against the incoming pod", () => {
    const loner = bound(policyPod("loner", { labels: { app: "db" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOSTNAME)] } } }), "b1");
    const pod = policyPod("web", { labels: { app: "web" } });
    expect(verdicts(cacheWith([loner]), pod)).toEqual({ a1: "fits", a2: "fits", b1: `Unschedulable: ${EXISTING}`, c1: "fits" });
    // A pod it does not select is not kept away, and a pod without terms of its own skips the plugin.
    expect(Object.values(verdicts(cacheWith([loner]), policyPod("other", { labels: { app: "api" } })))).toEqual(["skip", "skip", "skip", "skip"]);
  });

  it("evaluates existing pods' namespaceSelector against the incoming pod's namespace", () => {
    const guard = bound(
      policyPod("guard", {
        namespace: "infra",
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOSTNAME, { namespaceSelector: { matchLabels: { env: "prod" } } })] } },
      }),
      "a1",
    );
    const listers = fakeListers({ namespaces: [namespace("prod", { env: "prod" }), namespace("dev", { env: "dev" })] });
    expect(verdicts(cacheWith([guard]), policyPod("web", { namespace: "prod", labels: { app: "web" } }), listers).a1).toBe(`Unschedulable: ${EXISTING}`);
    expect(verdicts(cacheWith([guard]), policyPod("web", { namespace: "dev", labels: { app: "web" } }), listers).a1).toBe("skip");
  });

  it("turns matchLabelKeys and mismatchLabelKeys into requirements on the pod's own labels", () => {
    const running = [bound(policyPod("web-old", { labels: { app: "web", "pod-template-hash": "old" } }), "a1")];
    const pod = (extra: { matchLabelKeys?: string[]; mismatchLabelKeys?: string[] }) =>
      policyPod("web-new", {
        labels: { app: "web", "pod-template-hash": "new" },
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOSTNAME, extra)] } },
      });
    expect(verdicts(cacheWith(running), pod({})).a1).toContain(ANTI);
    // Only pods of the same template repel each other.
    expect(verdicts(cacheWith(running), pod({ matchLabelKeys: ["pod-template-hash"] })).a1).toBe("fits");
    expect(verdicts(cacheWith(running), pod({ mismatchLabelKeys: ["pod-template-hash"] })).a1).toContain(ANTI);
  });

  it("ignores pods that finished", () => {
    const done = bound(policyPod("web-1", { labels: { app: "web" } }), "a1", "Succeeded");
    const pod = policyPod("web-2", { labels: { app: "web" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOSTNAME)] } } });
    expect(verdicts(cacheWith([done]), pod).a1).toBe("fits");
  });

  it("updates its counts for preemption's what-ifs without touching a copy taken before", () => {
    const plugin = new InterPodAffinity();
    const victim = bound(policyPod("web-1", { labels: { app: "web" } }), "a1");
    const a1 = newNodeInfo(zonedNode("a1", "a"), [victim]);
    const pod = policyPod("web-2", { labels: { app: "web" }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", HOSTNAME)] } } });
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, [a1])).toBeNull();
    expect(plugin.filter(state, pod, a1)?.reasons).toEqual([ANTI]);
    plugin.removePod(state, pod, victim, a1);
    expect(plugin.filter(state, pod, a1)).toBeNull();
    plugin.addPod(state, pod, victim, a1);
    expect(plugin.filter(state, pod, a1)?.reasons).toEqual([ANTI]);
  });
});

describe("InterPodAffinity score", () => {
  function scores(cache: SchedulerCache, pod: Pod): Record<string, number> {
    const out: Record<string, number> = {};
    for (const v of new Scheduler(cache).explain(pod)) {
      const s = v.scores.find((x) => x.plugin === "InterPodAffinity");
      if (s !== undefined) out[v.nodeName] = s.skipped ? -1 : s.normalized;
    }
    return out;
  }

  it("prefers topologies without the pods its preferred anti-affinity names (min-max normalised)", () => {
    const running = [bound(policyPod("web-1", { labels: { app: "web" } }), "a1")];
    const pod = policyPod("web-2", {
      labels: { app: "web" },
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term("web", ZONE) }] } },
    });
    expect(scores(cacheWith(running), pod)).toEqual({ a1: 0, a2: 0, b1: 100, c1: 100 });
  });

  it("adds weights of preferred affinity, and of existing pods' terms toward the incoming pod", () => {
    const running = [
      bound(policyPod("cache", { labels: { app: "cache" } }), "b1"),
      // An existing pod that prefers web pods nearby (weight 40) counts for web too.
      bound(policyPod("sidecar", { labels: { app: "log" }, affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 40, podAffinityTerm: term("web", HOSTNAME) }] } } }), "c1"),
    ];
    const pod = policyPod("web", {
      labels: { app: "web" },
      affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 80, podAffinityTerm: term("cache", HOSTNAME) }] } },
    });
    const raw = new Scheduler(cacheWith(running)).explain(pod).map((v) => [v.nodeName, v.scores.find((s) => s.plugin === "InterPodAffinity")!.raw]);
    expect(raw).toEqual([
      ["a1", 0],
      ["a2", 0],
      ["b1", 80],
      ["c1", 40],
    ]);
    expect(scores(cacheWith(running), pod)).toEqual({ a1: 0, a2: 0, b1: 100, c1: 50 });
  });

  it("counts an existing pod's required affinity toward the incoming pod with hardPodAffinityWeight 1", () => {
    const running = [bound(policyPod("follower", { labels: { app: "f" }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term("web", ZONE)] } } }), "b1")];
    const raw = new Scheduler(cacheWith(running)).explain(policyPod("web", { labels: { app: "web" } })).map((v) => v.scores.find((s) => s.plugin === "InterPodAffinity")!.raw);
    expect(raw).toEqual([0, 0, 1, 0]);
  });

  it("skips scoring when no term anywhere concerns the pod", () => {
    expect(Object.values(scores(cacheWith([bound(policyPod("x"), "a1")]), policyPod("y")))).toEqual([-1, -1, -1, -1]);
  });

  it("PreFilter skips pods without required terms when no existing pod has anti-affinity", () => {
    expect(new InterPodAffinity().preFilter(new CycleState(), policyPod("p"), [newNodeInfo(zonedNode("a1", "a"))])).toBe(Status.skip);
  });
});
