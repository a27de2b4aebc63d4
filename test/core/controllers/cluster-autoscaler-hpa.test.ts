import type { Pod } from "kubernetes-types/core/v1";
import { afterEach, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { deployment, manifests, nodePool } from "../../helpers/fixtures.js";

let c: TestCluster | undefined;
afterEach(() => {
  c?.close();
  c = undefined;
});

const MANIFESTS = manifests(
  nodePool("web", 1, 4),
  deployment("web", {
    replicas: 2,
    annotations: { "sim.kdeck.dev/load": "400m, 3000m after 2m, 200m after 15m" },
    nodeSelector: { pool: "web" },
    cpu: "500m",
    memory: "256Mi",
  }),
  `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`,
);

interface Sample {
  t: number;
  replicas: number;
  ready: number;
  nodes: number;
}

function sample(cluster: TestCluster, t: number): Sample {
  const dep = cluster.api.get("deployments.apps", "default", "web") as unknown as { spec: { replicas: number }; status?: { readyReplicas?: number } };
  const nodes = cluster.api.list("nodes", { labelSelector: "kdeck.dev/nodepool=web" }).length;
  return { t, replicas: dep.spec.replicas, ready: dep.status?.readyReplicas ?? 0, nodes };
}

it("HPA and cluster autoscaler together: load scales pods out, nodes are added; load falls, pods then nodes go", () => {
  c = createTestCluster({ workers: 1 });
  c.applyYaml(MANIFESTS);
  const samples: Sample[] = [];
  for (let t = 0; t <= 45 * 60; t += 10) {
    samples.push(sample(c, t));
    c.advance(10_000);
  }
  const at = (pred: (s: Sample) => boolean, from = 0): Sample | undefined => samples.find((s) => s.t >= from && pred(s));

  // The pool stays within its limits all along.
  for (const s of samples) {
    expect(s.nodes).toBeLessThanOrEqual(4);
    if (s.t >= 60) expect(s.nodes).toBeGreaterThanOrEqual(1);
  }
  // Load rises at 2m: the HPA goes to its maximum, the pods no longer fit, the pool grows and they all run.
  const scaledOut = at((s) => s.replicas === 10)!;
  expect(scaledOut.t).toBeGreaterThanOrEqual(120);
  const grown = at((s) => s.nodes === 3, scaledOut.t)!;
  expect(grown).toBeDefined();
  const allReady = at((s) => s.ready === 10, scaledOut.t)!;
  expect(allReady.t).toBeLessThan(scaledOut.t + 3 * 60);
  expect(c.api.list("events").some((e) => (e as unknown as { reason: string }).reason === "TriggeredScaleUp")).toBe(true);
  // Load falls at 15m: after the HPA's 5-minute stabilisation the pods go back to 2, then the nodes
  // are unneeded for 10 minutes and removed, down to the pool's minimum.
  const scaledIn = at((s) => s.replicas === 2, 15 * 60)!;
  expect(scaledIn.t).toBeGreaterThanOrEqual(20 * 60);
  const shrunk = at((s) => s.nodes === 1, scaledIn.t)!;
  expect(shrunk.t).toBeGreaterThanOrEqual(scaledIn.t + 10 * 60);
  expect(shrunk.t).toBeLessThan(scaledIn.t + 13 * 60);
  const end = samples[samples.length - 1]!;
  expect(end).toMatchObject({ replicas: 2, ready: 2, nodes: 1 });
  expect(c.api.list("pods", { namespace: "default" }).every((p) => asKind<Pod>(p).status?.phase === "Running")).toBe(true);
});
