import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { describe, expect, it } from "vitest";
import { deepFreeze } from "../../../../src/core/api/object.js";
import { Rng } from "../../../../src/core/engine/rand.js";
import { SchedulerCache } from "../../../../src/core/scheduler/cache.js";
import { Scheduler, type ScheduleResult } from "../../../../src/core/scheduler/framework.js";
import { PodNominator } from "../../../../src/core/scheduler/nominator.js";
import { defaultPlugins } from "../../../../src/core/scheduler/plugins/default-plugins.js";
import { makeNode, makePod } from "../fixtures.js";

const NOW = Date.UTC(2024, 0, 1, 12);

interface P {
  cpu: string;
  priority: number;
  node?: string;
  labels?: Record<string, string>;
  /** Minutes before NOW the pod started. */
  startedAgo?: number;
  preemptionPolicy?: string;
  nominated?: string;
  terminatingByPreemption?: boolean;
}

function pod(name: string, o: P): Pod {
  const base = makePod(name, { cpu: o.cpu, nodeName: o.node });
  const started = o.startedAgo !== undefined ? { startTime: new Date(NOW - o.startedAgo * 60_000).toISOString().replace(".000", "") } : {};
  return deepFreeze({
    ...structuredClone(base),
    metadata: { ...base.metadata, uid: `uid-${name}`, ...(o.labels ? { labels: o.labels } : {}), ...(o.terminatingByPreemption ? { deletionTimestamp: "2024-01-01T12:00:00Z" } : {}) },
    spec: { ...structuredClone(base.spec!), priority: o.priority, preemptionPolicy: o.preemptionPolicy ?? "PreemptLowerPriority" },
    status: {
      phase: o.node ? "Running" : "Pending",
      ...started,
      ...(o.nominated ? { nominatedNodeName: o.nominated } : {}),
      ...(o.terminatingByPreemption ? { conditions: [{ type: "DisruptionTarget", status: "True", reason: "PreemptionByScheduler" }] } : {}),
    },
  });
}

function pdb(name: string, matchLabels: Record<string, string>, disruptionsAllowed: number): PodDisruptionBudget {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "default" }, spec: { selector: { matchLabels } }, status: { disruptionsAllowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } };
}

/** Nodes `node-0…` with 4 CPUs, the given pods on them, and a scheduler with DefaultPreemption. */
function setup(nodes: number, pods: Pod[], pdbs: PodDisruptionBudget[] = [], nominator = new PodNominator()) {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.setNode(makeNode(`node-${i}`));
  for (const p of pods) cache.setPod(p);
  const rng = Rng.fromSeed(3);
  const scheduler = new Scheduler(cache, { rand: () => rng.next(), nominator, plugins: defaultPlugins({ preemption: { pdbs: () => pdbs, now: () => NOW } }) });
  return { cache, scheduler, nominator };
}

function unschedulable(r: ScheduleResult): Extract<ScheduleResult, { status: "Unschedulable" }> {
  if (r.status !== "Unschedulable") throw new Error(`scheduled on ${r.nodeName}`);
  return r;
}

const names = (pods: readonly Pod[] | undefined) => (pods ?? []).map((p) => p.metadata?.name);

describe("DefaultPreemption", () => {
  it("removes every lower-priority pod, then reprieves the most important ones that still leave room", () => {
    const { scheduler } = setup(1, [
      pod("a", { cpu: "1", priority: 1, node: "node-0" }),
      pod("b", { cpu: "1", priority: 2, node: "node-0" }),
      pod("c", { cpu: "1", priority: 3, node: "node-0" }),
      pod("d", { cpu: "1", priority: 10, node: "node-0" }),
    ]);
    const r = unschedulable(scheduler.schedule(pod("p", { cpu: "2", priority: 5 })));
    expect(r.nominatedNodeName).toBe("node-0");
    // c (the most important candidate) is kept: d + c + p = 4 CPUs.
    expect(names(r.victims)).toEqual(["b", "a"]);
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
  });

  it("picks the node whose most important victim has the lowest priority, then the smallest sum, then the fewest victims", () => {
    const lowest = setup(2, [pod("x", { cpu: "3", priority: 3, node: "node-0" }), pod("y", { cpu: "3", priority: 1, node: "node-1" })]);
    expect(unschedulable(lowest.scheduler.schedule(pod("p", { cpu: "2", priority: 5 }))).nominatedNodeName).toBe("node-1");

    const sum = setup(2, [
      pod("x1", { cpu: "1500m", priority: 2, node: "node-0" }),
      pod("x2", { cpu: "1500m", priority: 2, node: "node-0" }),
      pod("y1", { cpu: "1500m", priority: 2, node: "node-1" }),
      pod("y2", { cpu: "1500m", priority: 1, node: "node-1" }),
    ]);
    const r = unschedulable(sum.scheduler.schedule(pod("p", { cpu: "3500m", priority: 5 })));
    expect([r.nominatedNodeName, names(r.victims)]).toEqual(["node-1", ["y1", "y2"]]);

    const fewest = setup(2, [
      pod("x1", { cpu: "1", priority: 0, node: "node-0" }),
      pod("x2", { cpu: "1", priority: 0, node: "node-0" }),
      pod("x3", { cpu: "1", priority: 0, node: "node-0" }),
      pod("y1", { cpu: "3", priority: 0, node: "node-1" }),
    ]);
    const f = unschedulable(fewest.scheduler.schedule(pod("p", { cpu: "3", priority: 5 })));
    // Equal highest priority; sums differ only by count: 3 victims against 1.
    expect([f.nominatedNodeName, names(f.victims)]).toEqual(["node-1", ["y1"]]);
  });

  it("prefers the node whose victims started last when all else is equal", () => {
    const { scheduler } = setup(2, [pod("old", { cpu: "3", priority: 1, node: "node-0", startedAgo: 60 }), pod("young", { cpu: "3", priority: 1, node: "node-1", startedAgo: 5 })]);
    expect(names(unschedulable(scheduler.schedule(pod("p", { cpu: "2", priority: 5 }))).victims)).toEqual(["young"]);
  });

  it("avoids breaking a PodDisruptionBudget before anything else, and reprieves protected pods first", () => {
    const pods = [pod("guarded", { cpu: "3", priority: 1, node: "node-0", labels: { app: "db" } }), pod("free", { cpu: "3", priority: 9, node: "node-1", labels: { app: "web" } })];
    const r = unschedulable(setup(2, pods, [pdb("db", { app: "db" }, 0)]).scheduler.schedule(pod("p", { cpu: "2", priority: 10 })));
    expect([r.nominatedNodeName, names(r.victims)]).toEqual(["node-1", ["free"]]);
    // A budget with room left is no obstacle.
    const roomy = unschedulable(setup(2, pods, [pdb("db", { app: "db" }, 1)]).scheduler.schedule(pod("p", { cpu: "2", priority: 10 })));
    expect(roomy.nominatedNodeName).toBe("node-0");

    // On one node: the protected pod is reprieved first, the unprotected one preempted.
    const one = setup(1, [pod("a-guarded", { cpu: "2", priority: 1, node: "node-0", labels: { app: "db" } }), pod("b-free", { cpu: "2", priority: 2, node: "node-0", labels: { app: "web" } })], [pdb("db", { app: "db" }, 0)]);
    expect(names(unschedulable(one.scheduler.schedule(pod("p", { cpu: "2", priority: 10 }))).victims)).toEqual(["b-free"]);
  });

  it("says why preemption cannot help, in kube-scheduler's words", () => {
    // node-0: only a pod of equal priority; node-1: a lower one, but 5 CPUs never fit in 4.
    const { scheduler } = setup(2, [pod("same", { cpu: "3", priority: 5, node: "node-0" }), pod("low", { cpu: "1", priority: 1, node: "node-1" })]);
    const r = unschedulable(scheduler.schedule(pod("p", { cpu: "5", priority: 5 })));
    expect(r.message).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod..",
    );
    expect(r.nominatedNodeName).toBe("");
    expect(r.victims).toBeUndefined();
    const never = unschedulable(scheduler.schedule(pod("q", { cpu: "5", priority: 9, preemptionPolicy: "Never" })));
    expect(never.message).toBe("0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..");
    expect(never.nominatedNodeName).toBeUndefined();
  });

  it("waits while its victims on the nominated node are still terminating", () => {
    const { scheduler } = setup(1, [pod("victim", { cpu: "3", priority: 1, node: "node-0", terminatingByPreemption: true })]);
    const r = unschedulable(scheduler.schedule(pod("p", { cpu: "2", priority: 5, nominated: "node-0" })));
    expect(r.message).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node..");
    expect(r.nominatedNodeName).toBeUndefined();
    expect(r.victims).toBeUndefined();
  });
});

describe("nominated pods", () => {
  it("count on their node for pods of lower or equal priority, not for higher ones", () => {
    const nominator = new PodNominator();
    const { scheduler } = setup(1, [pod("running", { cpu: "2", priority: 0, node: "node-0" })], [], nominator);
    nominator.addNominatedPod(pod("nominee", { cpu: "2", priority: 10, nominated: "node-0" }));
    expect(unschedulable(scheduler.schedule(pod("lower", { cpu: "1", priority: 5, preemptionPolicy: "Never" }))).message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..",
    );
    expect(scheduler.schedule(pod("equal", { cpu: "1", priority: 10, preemptionPolicy: "Never" })).status).toBe("Unschedulable");
    expect(scheduler.schedule(pod("higher", { cpu: "1", priority: 11 }))).toMatchObject({ status: "Scheduled", nodeName: "node-0" });
    // The nominee itself is not in its own way.
    expect(scheduler.schedule(pod("nominee", { cpu: "2", priority: 10, nominated: "node-0" }))).toMatchObject({ status: "Scheduled", nodeName: "node-0" });
  });

  it("a nominated pod is tried on its nominated node first", () => {
    const { scheduler } = setup(3, []);
    // Every node fits; without the nomination the scheduler would spread by score and rotation.
    for (let i = 0; i < 5; i++) expect(scheduler.schedule(pod(`p${i}`, { cpu: "1", priority: 1, nominated: "node-2" }))).toMatchObject({ nodeName: "node-2", evaluatedNodes: 1 });
  });
});
