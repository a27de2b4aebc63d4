import fs from "node:fs";
import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { describe, expect, it } from "vitest";
import { toKubectlYaml } from "../../../src/client/output/yaml.js";
import { ApiError, isApiError } from "../../../src/core/api/errors.js";
import { asKind } from "../../../src/core/api/object.js";
import { describePodDisruptionBudget } from "../../../src/client/describe/index.js";
import { PDB_RESOURCE, withDisruptionTarget } from "../../../src/core/disruption/index.js";
import { type TestCluster } from "../../helpers/cluster.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { deployment, manifests, pdb, sleeperDaemonSet } from "../../helpers/fixtures.js";
import { eventLines, podsWith, table } from "./workload-helpers.js";

const start = clusterPerTest();
function golden(name: string, actual: string): void {
  const file = new URL(`./testdata/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  else expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

function getPdb(c: TestCluster, name: string): PodDisruptionBudget {
  return asKind<PodDisruptionBudget>(c.api.get(PDB_RESOURCE, "default", name));
}

function readyPods(c: TestCluster, app: string): Pod[] {
  return podsWith(c, { app })
    .map((p) => asKind<Pod>(p))
    .filter((p) => !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True"));
}

function evictError(c: TestCluster, name: string): ApiError {
  try {
    c.api.evict("default", name);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`eviction of ${name} succeeded`);
}

describe("the disruption controller", () => {
  it("minAvailable 2 over a 3-replica Deployment: 3 expected, 3 healthy, 2 desired, 1 disruption allowed", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    const status = getPdb(c, "web-pdb").status!;
    expect(status).toMatchObject({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(status.conditions).toEqual([
      { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 1, lastTransitionTime: expect.any(String) },
    ]);
    golden("pdb-status.golden", ["# kdeck get pdb", table(c, PDB_RESOURCE), "# kdeck get pdb web-pdb -o yaml (status)", toKubectlYaml({ status })].join("\n"));
  });

  it("percentages are taken of the controllers' scale, rounded up; maxUnavailable leaves the rest desired", () => {
    const c = start();
    c.applyYaml(manifests(deployment("a", { replicas: 3 }), pdb("half", "a", { minAvailable: "50%" }), deployment("b", { replicas: 4 }), pdb("quarter", "b", { maxUnavailable: "25%" })));
    c.advance(30_000);
    expect(getPdb(c, "half").status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(getPdb(c, "quarter").status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 });
  });

  it("follows the pods: a scaled-down Deployment leaves no disruption allowed", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    c.api.patch("deployments.apps", "default", "web", { spec: { replicas: 2 } }, "merge");
    c.advance(60_000);
    const status = getPdb(c, "web-pdb").status!;
    expect(status).toMatchObject({ expectedPods: 2, currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(status.conditions![0]).toMatchObject({ status: "False", reason: "InsufficientPods" });
  });

  it("the cockroachdb example's 67% budget over its StatefulSet: 3 expected, all 3 desired, none allowed", () => {
    const c = start();
    const corpus = new URL("../../../../shared/corpus/kubernetes-examples/_archived/cockroachdb/cockroachdb-statefulset.yaml", import.meta.url);
    if (!fs.existsSync(corpus)) return;
    // The example predates policy/v1; the budget itself is unchanged.
    c.applyYaml(fs.readFileSync(corpus, "utf8").replace("policy/v1beta1", "policy/v1"));
    c.advance(5 * 60_000);
    expect(getPdb(c, "cockroachdb-budget").status).toMatchObject({ expectedPods: 3, desiredHealthy: 3, disruptionsAllowed: 0 });
  });

  it("a budget that matches no pods allows nothing and says so", () => {
    const c = start();
    c.applyYaml(pdb("empty", "nothing", { maxUnavailable: 1 }));
    expect(getPdb(c, "empty").status).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    expect(eventLines(c, "PodDisruptionBudget", "empty")).toContain("Normal NoPods: No matching pods found");
  });

  it("a percentage over DaemonSet pods fails safe: SyncFailed, no disruption allowed", () => {
    const c = start();
    c.applyYaml(manifests(sleeperDaemonSet("agent"), pdb("agent-pdb", "agent", { maxUnavailable: "10%" })));
    c.advance(30_000);
    const status = getPdb(c, "agent-pdb").status!;
    expect(status.disruptionsAllowed).toBe(0);
    expect(status.conditions![0]).toMatchObject({ type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message: "daemonsets.apps does not implement the scale subresource" });
    expect(eventLines(c, "PodDisruptionBudget", "agent-pdb")).toContain(
      "Warning CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource",
    );
  });

  it("drops a disruptedPods entry whose pod was not deleted within 2 minutes, with a NotDeleted event", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 1 })));
    c.advance(30_000);
    const victim = readyPods(c, "web")[0]!.metadata!.name!;
    const current = c.api.get(PDB_RESOURCE, "default", "web-pdb");
    const status = getPdb(c, "web-pdb").status!;
    c.api.updateStatus({ ...current, status: { ...status, disruptedPods: { [victim]: new Date(c.clock.now()).toISOString().replace(/\.\d+Z$/, "Z") } } });
    c.settle();
    // Approved for eviction: not counted healthy while the entry stands.
    expect(getPdb(c, "web-pdb").status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 1 });
    c.advance(121_000);
    expect(getPdb(c, "web-pdb").status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 2 });
    expect(getPdb(c, "web-pdb").status!.disruptedPods).toBeUndefined();
    expect(eventLines(c, "Pod", victim)).toContain("Warning NotDeleted: Pod was expected by PDB default/default to be deleted but it wasn't");
  });
});

describe("stale DisruptionTarget conditions", () => {
  it("a pod marked for disruption but never deleted has its condition reset to False after 2 minutes", () => {
    const c = start();
    c.applyYaml(deployment("web"));
    c.advance(30_000);
    const pod = c.api.list("pods", { namespace: "default", labelSelector: "app=web" })[0]!;
    const status = withDisruptionTarget(asKind<Pod>(pod), "PreemptionByScheduler", "test", c.clock.now())!;
    c.api.updateStatus({ ...pod, status });
    c.advance(119_000);
    const cond = () => asKind<Pod>(c.api.get("pods", "default", pod.metadata.name!)).status!.conditions!.find((x) => x.type === "DisruptionTarget");
    expect(cond()).toMatchObject({ status: "True", reason: "PreemptionByScheduler" });
    c.advance(2_000);
    expect(cond()!.status).toBe("False");
    expect(cond()!.reason).toBeUndefined();
  });
});

describe("describe poddisruptionbudget", () => {
  it("prints Max unavailable for a maxUnavailable budget and <unset> without a selector", () => {
    const text = describePodDisruptionBudget(
      { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "b", namespace: "ns" }, spec: { maxUnavailable: "25%" } },
      [],
      { now: 0 },
    );
    expect(text).toBe(
      "Name:             b\nNamespace:        ns\nMax unavailable:  25%\nSelector:         <unset>\nStatus:\n    Allowed disruptions:  0\n    Current:              0\n    Desired:              0\n    Total:                0\nEvents:                   <none>\n",
    );
  });
});

describe("the eviction subresource", () => {
  it("evicts within the budget, then answers 429 with the budget's numbers", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    const [first, second] = readyPods(c, "web").map((p) => p.metadata!.name!);
    c.api.evict("default", first!);
    const evicted = asKind<Pod>(c.api.get("pods", "default", first!));
    expect(evicted.metadata?.deletionTimestamp).toBeDefined();
    expect(evicted.status?.conditions?.find((x) => x.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    });
    // The handler spent the allowance and told the controller which pod is going.
    const spent = getPdb(c, "web-pdb").status!;
    expect(spent.disruptionsAllowed).toBe(0);
    expect(Object.keys(spent.disruptedPods ?? {})).toEqual([first]);
    // The controller sees the pod terminating: it drops the entry and counts 2 healthy.
    c.settle();
    expect(getPdb(c, "web-pdb").status).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0 });
    expect(getPdb(c, "web-pdb").status!.disruptedPods).toBeUndefined();
    const err = evictError(c, second!);
    expect(err.reason).toBe("TooManyRequests");
    expect(err.code).toBe(429);
    expect(err.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(err.causes).toEqual([{ type: "DisruptionBudget", field: "", detail: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently" }]);
  });

  it("two evictions against one allowance: exactly one succeeds", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    const names = readyPods(c, "web").map((p) => p.metadata!.name!);
    // Both before the controller runs again: the second must see the first one's spend.
    const outcomes = names.slice(0, 2).map((n) => {
      try {
        c.api.evict("default", n);
        return "evicted";
      } catch (e) {
        return isApiError(e, "TooManyRequests") ? "429" : String(e);
      }
    });
    expect(outcomes).toEqual(["evicted", "429"]);
    expect(readyPods(c, "web")).toHaveLength(2);
  });

  it("a budget write from a stale read is a Conflict, never a second spend", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    const stale = c.api.get(PDB_RESOURCE, "default", "web-pdb");
    c.api.evict("default", readyPods(c, "web")[0]!.metadata!.name!);
    expect(() => c.api.updateStatus({ ...stale, status: { ...(stale.status as object), disruptionsAllowed: 0 } })).toThrow(/the object has been modified/);
  });

  it("refuses a pod covered by two budgets with a 500", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("one", "web", { minAvailable: 1 }), pdb("two", "web", { maxUnavailable: 1 })));
    c.advance(30_000);
    const err = evictError(c, readyPods(c, "web")[0]!.metadata!.name!);
    expect(err.code).toBe(500);
    expect(err.message).toBe("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  });

  it("evicts a Pending pod without looking at its budget", () => {
    const c = start();
    c.applyYaml(manifests(deployment("big", { cpu: "500" }), pdb("big-pdb", "big", { minAvailable: 1 })));
    const pending = podsWith(c, { app: "big" })[0]!;
    expect(asKind<Pod>(pending).status?.phase).toBe("Pending");
    c.api.evict("default", pending.metadata.name!);
    expect(c.api.tryGet("pods", "default", pending.metadata.name!)).toBeUndefined();
  });

  it("an unready pod: IfHealthyBudget lets it go only while the budget is healthy; AlwaysAllow always", () => {
    const c = start();
    const readinessProbe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 5 };
    // Every pod unready: the budget is not healthy, so IfHealthyBudget keeps them.
    c.applyYaml(manifests(deployment("web", { replicas: 2, containerFields: { readinessProbe } }), pdb("web-pdb", "web", { minAvailable: 1 })));
    c.advance(30_000);
    const unready = podsWith(c, { app: "web" }).map((p) => p.metadata.name!);
    expect(readyPods(c, "web")).toHaveLength(0);
    expect(evictError(c, unready[0]!).reason).toBe("TooManyRequests");
    c.applyYaml(pdb("web-pdb", "web", { minAvailable: 1 }, { unhealthyPodEvictionPolicy: "AlwaysAllow" }));
    c.api.evict("default", unready[0]!);
    expect(asKind<Pod>(c.api.get("pods", "default", unready[0]!)).metadata?.deletionTimestamp).toBeDefined();
  });

  it("answers 429 while the controller has not observed the budget's new spec", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 1 })));
    c.advance(30_000);
    // Change the spec without letting the controller run.
    c.api.patch(PDB_RESOURCE, "default", "web-pdb", { spec: { minAvailable: 2 } }, "merge");
    const err = evictError(c, readyPods(c, "web")[0]!.metadata!.name!);
    expect(err.reason).toBe("TooManyRequests");
    expect(err.causes[0]?.detail).toBe("The disruption budget web-pdb is still being processed by the server.");
  });

  it("a dry run spends and deletes nothing", () => {
    const c = start();
    c.applyYaml(manifests(deployment("web", { replicas: 3 }), pdb("web-pdb", "web", { minAvailable: 2 })));
    c.advance(30_000);
    const name = readyPods(c, "web")[0]!.metadata!.name!;
    c.api.evict("default", name, { dryRun: true });
    expect(asKind<Pod>(c.api.get("pods", "default", name)).metadata?.deletionTimestamp).toBeUndefined();
    expect(getPdb(c, "web-pdb").status!.disruptionsAllowed).toBe(1);
  });
});

describe("PodDisruptionBudget admission", () => {
  it("refuses both figures, negative numbers, percentages over 100% and unknown policies", () => {
    const c = start();
    const create = (spec: object) => () =>
      c.api.create({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "x", namespace: "default" }, spec: { selector: { matchLabels: { a: "b" } }, ...spec } });
    expect(create({ minAvailable: 1, maxUnavailable: 1 })).toThrow(/spec: Invalid value: .*minAvailable and maxUnavailable cannot be both set/);
    expect(create({ minAvailable: -1 })).toThrow('spec.minAvailable: Invalid value: -1: must be greater than or equal to 0');
    expect(create({ maxUnavailable: "120%" })).toThrow('spec.maxUnavailable: Invalid value: "120%": must not be greater than 100%');
    expect(create({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "Sometimes" })).toThrow(
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"',
    );
  });

  it("starts a new budget with a zeroed status and keeps the controller's status across spec updates", () => {
    const c = start();
    const created = c.api.create({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "x", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { a: "b" } } }, status: { disruptionsAllowed: 9 } });
    expect(created.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    c.settle();
    const before = c.api.get(PDB_RESOURCE, "default", "x");
    const updated = c.api.update({ ...before, spec: { minAvailable: 2, selector: { matchLabels: { a: "b" } } }, status: {} });
    expect(updated.status).toEqual(before.status);
    expect(updated.metadata.generation).toBe(2);
  });
});
