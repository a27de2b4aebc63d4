import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { startDrain, type DrainClock } from "../../../src/core/drain/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

/** mulberry32: a small seeded generator, so every trial replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Budget {
  app: string;
  replicas: number;
  field: "minAvailable" | "maxUnavailable";
  value: number | string;
}

/** The healthy pods a budget demands, from its spec and the Deployment's scale (percentages rounded up). */
function desiredHealthy(b: Budget): number {
  const scaled = typeof b.value === "number" ? b.value : Math.ceil((Number(b.value.slice(0, -1)) * b.replicas) / 100);
  return b.field === "minAvailable" ? scaled : Math.max(0, b.replicas - scaled);
}

function healthy(p: Pod): boolean {
  return !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function fastForward(c: TestCluster): DrainClock {
  return { now: () => c.clock.now(), wait: (done, ms) => Promise.resolve(c.engine.advanceUntil(done, ms)) };
}

function randomBudget(r: () => number, app: string, replicas: number): Budget {
  const field = r() < 0.5 ? "minAvailable" : "maxUnavailable";
  const value = r() < 0.5 ? Math.floor(r() * (replicas + 1)) : `${[0, 25, 50, 75, 100][Math.floor(r() * 5)]}%`;
  return { app, replicas, field, value };
}

function manifests(budgets: readonly Budget[]): string {
  return budgets
    .map(
      (b) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${b.app}}
spec:
  replicas: ${b.replicas}
  selector: {matchLabels: {app: ${b.app}}}
  template:
    metadata: {labels: {app: ${b.app}}}
    spec:
      containers: [{name: web, image: nginx:1.27, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${b.app}-pdb}
spec:
  ${b.field}: ${typeof b.value === "number" ? b.value : `"${b.value}"`}
  selector: {matchLabels: {app: ${b.app}}}
`,
    )
    .join("---");
}

describe("drains never take a PodDisruptionBudget below its budget", () => {
  it("over random clusters, workloads, budgets and drains", async () => {
    let evictions = 0;
    let blocked = 0;
    for (let trial = 0; trial < 12; trial++) {
      const r = rng(1000 + trial);
      const workers = 2 + Math.floor(r() * 3);
      const c = createTestCluster({ workers, seed: trial + 1 });
      try {
        const budgets = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => randomBudget(r, `app${i}`, 1 + Math.floor(r() * 5)));
        c.applyYaml(manifests(budgets));
        c.advance(60_000);
        const pods = new Map<string, Pod>();
        for (const p of c.api.list("pods", { namespace: "default" })) pods.set(p.metadata.name!, asKind<Pod>(p));
        const count = (app: string): number => [...pods.values()].filter((p) => p.metadata?.labels?.app === app && healthy(p)).length;
        const floor = new Map(budgets.map((b) => [b.app, Math.min(desiredHealthy(b), count(b.app))]));
        const violations: string[] = [];
        c.api.watch("pods", { namespace: "default" }, (ev) => {
          const p = asKind<Pod>(ev.object);
          if (ev.type === "DELETED") pods.delete(p.metadata!.name!);
          else pods.set(p.metadata!.name!, p);
          for (const b of budgets) {
            const n = count(b.app);
            if (n < floor.get(b.app)!) violations.push(`trial ${trial}: ${b.app} (${b.field}=${b.value} of ${b.replicas}) fell to ${n} healthy`);
          }
        });
        const nodes = Array.from({ length: workers }, (_, i) => `kdeck-worker-${i + 1}`).filter(() => r() < 0.6);
        for (const node of nodes.length > 0 ? nodes : ["kdeck-worker-1"]) {
          const result = await startDrain(c.api, fastForward(c), { nodes: [node] }, { timeoutMs: 90_000 }, (e) => {
            if (e.kind === "evicted") evictions++;
            if (e.kind === "retry") blocked++;
          }).done;
          expect(result.cancelled).toBe(false);
        }
        expect(violations).toEqual([]);
      } finally {
        c.close();
      }
    }
    // The trials exercised both sides of the budget check.
    expect(evictions).toBeGreaterThan(10);
    expect(blocked).toBeGreaterThan(0);
  });
});
