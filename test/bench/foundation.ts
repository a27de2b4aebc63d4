import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../src/core/api/object.js";
import { nodeObject } from "../../src/core/bootstrap.js";
import { SchedulerCache } from "../../src/core/scheduler/cache.js";
import { Scheduler } from "../../src/core/scheduler/framework.js";
import { Rng } from "../../src/core/engine/rand.js";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";
import { median, report, seconds, tempDir, type Figure } from "./harness.js";

function pod(name: string, namespace = "default"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: "bench", shard: String(name.length % 7) } },
    spec: {
      containers: [
        {
          name: "app",
          image: "nginx:1.27",
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: "100m", memory: "64Mi" } },
        },
      ],
    },
  };
}

/** Store writes per second, objects committed in batches of 1,000 per transaction. */
export function storeWrites(): Figure {
  const dir = tempDir("store");
  const store = new SqliteStore(path.join(dir, "cluster.db"));
  const n = 100_000;
  const objects = Array.from({ length: n }, (_, i) => pod(`pod-${i}`));
  const s = seconds(() => {
    for (let i = 0; i < n; i += 1000) {
      store.transaction(() => {
        for (let j = i; j < i + 1000; j++) store.create("pods", objects[j]!);
      });
    }
  });
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return report({ name: "store writes (pods, 1,000 per transaction)", value: n / s, unit: "writes/s", goal: { op: ">=", value: 50_000 } });
}

/** The scheduling framework's throughput on 1,000 nodes: filter, score, pick, assume. */
export function schedulerThroughput(): Figure {
  const cache = new SchedulerCache();
  for (let i = 0; i < 1000; i++) cache.setNode(nodeObject({ name: `node-${i}`, zone: `zone-${i % 3}` }, i, 0) as unknown as Node);
  const rng = Rng.fromSeed(7);
  const scheduler = new Scheduler(cache, { rand: () => rng.next() });
  const pods = Array.from({ length: 20_000 }, (_, i) => pod(`p-${i}`) as unknown as Pod);
  let placed = 0;
  const s = seconds(() => {
    for (const p of pods) {
      const r = scheduler.schedule(p);
      if (r.status === "Scheduled") {
        cache.assume({ ...p, spec: { ...p.spec!, nodeName: r.nodeName } }, r.nodeName);
        placed++;
      }
    }
  });
  if (placed !== pods.length) throw new Error(`only ${placed} of ${pods.length} pods placed`);
  return report({ name: "scheduler throughput, 1,000 nodes", value: pods.length / s, unit: "pods/s", goal: { op: ">=", value: 2000 } });
}

/** `apply` of 10,000 pods then `advance` until every one runs, on 1,000 nodes: the whole engine. */
export function applyAndAdvance(): Figure[] {
  const dir = tempDir("apply");
  const db = path.join(dir, "cluster.db");
  const cluster = EmbeddedCluster.open({ db, bootstrap: { workers: 1000 } });
  const n = 10_000;
  let applySeconds = 0;
  const total = seconds(() => {
    applySeconds = seconds(() => {
      for (let i = 0; i < n; i++) cluster.apply(pod(`web-${i}`));
    });
    void cluster.advance(60_000);
  });
  const running = cluster.list("pods").filter((p) => (p.status as { phase?: string }).phase === "Running").length;
  cluster.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (running !== n) throw new Error(`only ${running} of ${n} pods running after advance`);
  return [
    report({ name: "apply of 10,000 pods (client-side apply, one by one)", value: applySeconds, unit: "s" }),
    report({ name: "apply + advance 60s, 10,000 pods on 1,000 nodes, all Running", value: total, unit: "s", goal: { op: "<", value: 15 } }),
  ];
}

/** Whole-process time of `kdeck get pods` over 1,000 pods, the median of 7 runs. */
export function getPodsProcess(binary: string): Figure {
  const dir = tempDir("get");
  const db = path.join(dir, "cluster.db");
  const cluster = EmbeddedCluster.open({ db });
  for (let i = 0; i < 1000; i++) cluster.apply(pod(`web-${i}`));
  void cluster.advance(30_000);
  cluster.close();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [binary, "get", "pods"], { env: { ...process.env, KDECK_DB: db }, encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`kdeck get pods failed: ${r.stderr}`);
    if (r.stdout.split("\n").length < 1001) throw new Error("kdeck get pods printed too few rows");
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return report({ name: "`kdeck get pods` over 1,000 pods, whole process (median)", value: median(times), unit: "ms", goal: { op: "<", value: 300 } });
}
