import type { Pod } from "kubernetes-types/core/v1";
import { expect, it } from "vitest";
import { NODEPOOL_RESOURCE, type NodePool } from "../../../src/core/api/nodepool.js";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster } from "../../helpers/cluster.js";

/** A small seeded generator (an LCG), so that a failing run can be replayed from its seed. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

it("over random pools and workloads, pools stay within their sizes and only pool nodes ever go", { timeout: 120_000 }, () => {
  for (let seed = 1; seed <= 6; seed++) {
    const rand = random(seed);
    const c = createTestCluster({ workers: 1, seed });
    const pools = [
      { name: "a", min: rand(2), max: 2 + rand(3), cpu: ["2", "4"][rand(2)]! },
      { name: "b", min: rand(2), max: 1 + rand(3), cpu: ["2", "8"][rand(2)]! },
    ];
    for (const p of pools) {
      c.applyYaml(`
apiVersion: kdeck.dev/v1alpha1
kind: NodePool
metadata: {name: ${p.name}}
spec:
  minSize: ${p.min}
  maxSize: ${p.max}
  provisioningDelay: ${10 + rand(60)}s
  template:
    labels: {pool: ${p.name}}
    capacity: {cpu: "${p.cpu}", memory: 8Gi}
`);
    }
    const apps = ["x", "y", "z"].map((name) => ({ name, pool: pools[rand(2)]!.name, cpu: `${250 * (1 + rand(6))}m` }));
    for (const app of apps) {
      c.applyYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app.name}}
spec:
  replicas: ${rand(6)}
  selector: {matchLabels: {app: ${app.name}}}
  template:
    metadata: {labels: {app: ${app.name}}}
    spec:
      nodeSelector: {pool: ${app.pool}}
      containers:
      - {name: app, image: nginx:1.27, resources: {requests: {cpu: ${app.cpu}, memory: 128Mi}}}
`);
    }
    for (let step = 0; step < 240; step++) {
      if (step % 30 === 0) {
        const app = apps[rand(apps.length)]!;
        c.api.patch("deployments.apps", "default", app.name, { spec: { replicas: rand(10) } }, "merge");
      }
      c.advance(10_000);
      const context = `seed ${seed}, step ${step}`;
      expect(c.api.tryGet("nodes", "", "kdeck-worker-1"), context).toBeDefined();
      expect(c.api.tryGet("nodes", "", "kdeck-control-plane"), context).toBeDefined();
      for (const p of pools) {
        const pool = asKind<NodePool>(c.api.get(NODEPOOL_RESOURCE, "", p.name));
        const registered = c.api.list("nodes", { labelSelector: `kdeck.dev/nodepool=${p.name}` }).length;
        const provisioning = pool.status?.provisioning?.length ?? 0;
        expect(pool.status?.desiredSize, context).toBeGreaterThanOrEqual(p.min);
        expect(pool.status?.desiredSize, context).toBeLessThanOrEqual(p.max);
        expect(registered + provisioning, context).toBeLessThanOrEqual(p.max);
        expect(registered + provisioning, context).toBeGreaterThanOrEqual(p.min);
      }
    }
    // Left alone, every pending pod is one its pool cannot take: the pool is at its maximum.
    c.advance(5 * 60_000);
    for (const app of apps) {
      const pending = c.api.list("pods", { namespace: "default", labelSelector: `app=${app.name}` }).filter((o) => !asKind<Pod>(o).spec?.nodeName);
      if (pending.length === 0) continue;
      const p = pools.find((x) => x.name === app.pool)!;
      const pool = asKind<NodePool>(c.api.get(NODEPOOL_RESOURCE, "", p.name));
      expect(pool.status?.desiredSize, `seed ${seed}: ${pending.length} ${app.name} pods pending`).toBe(p.max);
    }
    expect(c.engine.failures, `seed ${seed}`).toEqual([]);
    c.close();
  }
});
