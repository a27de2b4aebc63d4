import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { asKind } from "../../../src/core/api/object.js";
import type { VerticalPodAutoscaler } from "../../../src/core/api/verticalpodautoscaler.js";
import { bytes, cpuMillis } from "../../../src/core/quantity.js";
import type { TestCluster } from "../../helpers/cluster.js";
import { hamster, manifests, pdb } from "../../helpers/fixtures.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { eventLines, podsWith, table } from "./workload-helpers.js";

/**
 * The VerticalPodAutoscaler add-on against the real engine: the recommender's status,
 * the admission webhook's requests on new pods, and the updater's evictions (through
 * the Eviction API, within a PodDisruptionBudget).
 */
const start = clusterPerTest();

const VPA = "verticalpodautoscalers.autoscaling.k8s.io";

function vpa(mode: string, extra = ""): string {
  return `
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: hamster-vpa}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: hamster}
  updatePolicy: {updateMode: "${mode}"}
${extra}`;
}

function getVpa(c: TestCluster): VerticalPodAutoscaler {
  return asKind<VerticalPodAutoscaler>(c.api.get(VPA, "default", "hamster-vpa"));
}

function requestsOf(p: Pod): { cpu: number; memory: number } {
  const r = p.spec!.containers[0]!.resources!.requests!;
  return { cpu: cpuMillis(r.cpu), memory: bytes(r.memory) };
}

function livePods(c: TestCluster): Pod[] {
  return podsWith(c, { app: "hamster" })
    .map((p) => asKind<Pod>(p))
    .filter((p) => !p.metadata?.deletionTimestamp);
}

describe("VerticalPodAutoscaler", () => {
  it("recommends from usage in status, within the container policy, and changes nothing in Off mode", () => {
    const c = start();
    c.applyYaml(hamster(2) + "---" + vpa("Off", `  resourcePolicy:\n    containerPolicies:\n    - {containerName: "*", minAllowed: {memory: 300Mi}, maxAllowed: {cpu: "1"}}`));
    expect(table(c, VPA)).toMatch(/^NAME\s+MODE\s+CPU\s+MEM\s+PROVIDED\s+AGE\nhamster-vpa\s+Off\s+(False)?\s+0s\n$/);
    c.advance(10 * 60_000);
    const status = getVpa(c).status!;
    expect(status.conditions).toEqual([expect.objectContaining({ type: "RecommendationProvided", status: "True" })]);
    const rec = status.recommendation!.containerRecommendations![0]!;
    expect(rec.containerName).toBe("hamster");
    // The 90th percentile of 300m with a 15 % margin, at a bucket's end.
    expect(cpuMillis(rec.target.cpu)).toBeGreaterThanOrEqual(345);
    expect(cpuMillis(rec.target.cpu)).toBeLessThan(380);
    expect(cpuMillis(rec.lowerBound!.cpu)).toBeLessThanOrEqual(cpuMillis(rec.target.cpu));
    // A history of minutes: the upper bound is widened far beyond the target, then capped by maxAllowed.
    expect(rec.upperBound!.cpu).toBe("1");
    // 200Mi peaks with the margin fall under the policy's 300Mi floor: the target is the floor; uncappedTarget is not.
    expect(rec.target.memory).toBe("300Mi");
    expect(bytes(rec.uncappedTarget!.memory)).toBeGreaterThanOrEqual(1.15 * 200 * 1024 * 1024);
    expect(bytes(rec.uncappedTarget!.memory)).toBeLessThan(bytes("300Mi"));
    expect(table(c, VPA)).toMatch(new RegExp(`hamster-vpa\\s+Off\\s+${rec.target.cpu}\\s+300Mi\\s+True\\s+10m\\n`));
    for (const p of livePods(c)) expect(requestsOf(p)).toEqual({ cpu: 50, memory: 50 * 1024 * 1024 });
    expect(eventLines(c, "Pod").filter((e) => e.includes("EvictedByVPA"))).toEqual([]);
  });

  it("Initial: new pods get the recommended requests, limits in proportion, and the vpaUpdates annotation; running ones are left alone", () => {
    const c = start();
    c.applyYaml(hamster(2, { limits: { cpu: "100m" } }) + "---" + vpa("Initial"));
    c.advance(5 * 60_000);
    const target = getVpa(c).status!.recommendation!.containerRecommendations![0]!.target;
    const before = livePods(c).map((p) => p.metadata!.name);
    c.api.patch("deployments.apps", "default", "hamster", { spec: { replicas: 3 } }, "merge");
    c.advance(60_000);
    const pods = livePods(c);
    const added = pods.find((p) => !before.includes(p.metadata!.name))!;
    const resources = added.spec!.containers[0]!.resources!;
    expect(resources.requests).toEqual({ cpu: target.cpu, memory: target.memory });
    // The limit keeps its 2:1 ratio to the request.
    expect(cpuMillis(resources.limits!.cpu)).toBe(2 * cpuMillis(target.cpu));
    expect(added.metadata!.annotations).toMatchObject({
      vpaObservedContainers: "hamster",
      vpaUpdates: "Pod resources updated by hamster-vpa: container 0: cpu request, memory request, cpu limit",
    });
    for (const p of pods.filter((x) => before.includes(x.metadata!.name))) expect(requestsOf(p)).toEqual({ cpu: 50, memory: 50 * 1024 * 1024 });
    c.advance(5 * 60_000);
    expect(livePods(c).map((p) => p.metadata!.name).sort()).toEqual(pods.map((p) => p.metadata!.name).sort());
  });

  it("Recreate: evicts under-provisioned pods one at a time within the PodDisruptionBudget until all run with the recommendation", () => {
    const c = start();
    // Replacements take 90 s to become Ready: the updater's own tolerance (it counts running pods)
    // would evict again after a minute, the budget (it counts ready ones) refuses.
    c.applyYaml(
      manifests(hamster(3, { podAnnotations: { "sim.kdeck.dev/ready-after": "90s" } }), pdb("hamster", "hamster", { minAvailable: 2 }), vpa("Recreate")),
    );
    c.advance(2 * 60_000);
    // Every pod change, to check the budget over the whole timeline.
    const readyNames = new Set<string>();
    let lowest = Infinity;
    const stop = c.api.watch("pods", { namespace: "default" }, (ev) => {
      const p = asKind<Pod>(ev.object);
      const ready = ev.type !== "DELETED" && !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True");
      if (ready) readyNames.add(p.metadata!.name!);
      else readyNames.delete(p.metadata!.name!);
      lowest = Math.min(lowest, readyNames.size);
    });
    for (const p of livePods(c)) if ((p.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True")) readyNames.add(p.metadata!.name!);
    c.advance(15 * 60_000);
    stop();
    expect(lowest).toBeGreaterThanOrEqual(2);
    const evicted = eventLines(c, "Pod").filter((e) => e === "Normal EvictedByVPA: Pod was evicted by VPA Updater to apply resource recommendation.");
    expect(evicted.length).toBeGreaterThanOrEqual(3);
    expect(eventLines(c, "VerticalPodAutoscaler").some((e) => /^Normal EvictedPod: VPA Updater evicted Pod hamster-\w+-\w+ to apply resource recommendation\.$/.test(e))).toBe(true);
    const rec = getVpa(c).status!.recommendation!.containerRecommendations![0]!;
    const pods = livePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      const r = requestsOf(p);
      expect(r.cpu).toBeGreaterThanOrEqual(cpuMillis(rec.lowerBound!.cpu));
      expect(r.memory).toBeGreaterThanOrEqual(bytes(rec.lowerBound!.memory));
      expect(p.metadata!.annotations?.vpaUpdates).toMatch(/^Pod resources updated by hamster-vpa: container 0: cpu request, memory request$/);
    }
  });

  it("refuses a VPA as the CRD schema and the add-on's webhook do", () => {
    const c = start();
    const attempt = (spec: unknown) => {
      try {
        c.api.create({ apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "v", namespace: "default" }, spec }, { fieldValidation: "Strict" });
        return "";
      } catch (e) {
        if (!isApiError(e)) throw e;
        return e.message;
      }
    };
    const ref = { apiVersion: "apps/v1", kind: "Deployment", name: "web" };
    expect(attempt({ targetRef: ref, updatePolicy: { updateMode: "Sometimes" } })).toContain(
      'spec.updatePolicy.updateMode: Unsupported value: "Sometimes": supported values: "Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"',
    );
    expect(attempt({ updatePolicy: { updateMode: "Off" } })).toContain("spec.targetRef: Required value");
    expect(attempt({ targetRef: ref, resourcePolicy: { containerPolicies: [{ containerName: "*", minAllowed: { cpu: "2" }, maxAllowed: { cpu: "1" } }] } })).toBe(
      'admission webhook "vpa.k8s.io" denied the request: max resource for cpu is lower than min',
    );
    expect(attempt({ targetRef: ref, updatePolicy: { updateMode: "Off", minReplica: 2 } })).toContain('unknown field "spec.updatePolicy.minReplica"');
  });
});
