import fs from "node:fs";
import path from "node:path";
import type { KubeObject } from "../../src/core/api/object.js";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { report, seconds, tempDir, type Figure } from "./harness.js";

/** An nginx pod with the probes a real Deployment would have. */
function probedPod(name: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels: { app: "bench-probes" } },
    spec: {
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: "10m", memory: "16Mi" } },
          readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 10 },
          livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 },
        },
      ],
    },
  };
}

function withCluster<T>(prefix: string, workers: number, fn: (cluster: EmbeddedCluster) => T): T {
  const dir = tempDir(prefix);
  const cluster = EmbeddedCluster.open({ db: path.join(dir, "cluster.db"), bootstrap: { workers } });
  try {
    return fn(cluster);
  } finally {
    cluster.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function running(cluster: EmbeddedCluster): number {
  return cluster.list("pods").filter((p) => (p.status as { phase?: string }).phase === "Running").length;
}

/** Virtual seconds simulated per wall second: 1,000 running pods with readiness and liveness probes every 10 s, 10 virtual minutes. */
export function probesSpeed(): Figure {
  return withCluster("probes", 100, (cluster) => {
    for (let i = 0; i < 1000; i++) cluster.apply(probedPod(`web-${i}`));
    void cluster.advance(30_000);
    if (running(cluster) !== 1000) throw new Error("not every pod is running before the measure");
    const virtualMs = 600_000;
    const s = seconds(() => void cluster.advance(virtualMs));
    return report({ name: "probes: 1,000 running pods, virtual s per wall s", value: virtualMs / 1000 / s, unit: "x", goal: { op: ">=", value: 100 } });
  });
}

/** Log lines a second the kubelet writes to the store: 200 pods each logging 500 lines a virtual second. */
export function logIngest(): Figure {
  return withCluster("logs", 20, (cluster) => {
    for (let i = 0; i < 200; i++) {
      cluster.apply({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `chatty-${i}`, namespace: "default", annotations: { "sim.kdeck.dev/log-rate": "500/s", "sim.kdeck.dev/log-line": "GET /api/items/{n} 200 {time}" } },
        spec: { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"] }] },
      });
    }
    void cluster.advance(10_000);
    const before = cluster.logs({ namespace: "default", pod: "chatty-0" }).length;
    let lines = 0;
    const s = seconds(() => void cluster.advance(20_000));
    lines = (cluster.logs({ namespace: "default", pod: "chatty-0" }).length - before) * 200;
    if (lines < 1_000_000) throw new Error(`only ${lines} lines written`);
    return report({ name: "logs: lines ingested (200 pods, 500 lines/s each)", value: lines / s, unit: "lines/s", goal: { op: ">=", value: 200_000 } });
  });
}

/** Memory of a cluster of 10,000 pods with probes on 1,000 nodes, after 10 virtual minutes. */
export function memoryFootprint(): Figure[] {
  return withCluster("memory", 1000, (cluster) => {
    for (let i = 0; i < 10_000; i++) cluster.apply(probedPod(`web-${i}`));
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
    const s = seconds(() => {
      for (let m = 0; m < 10; m++) {
        void cluster.advance(60_000);
        sample();
      }
    });
    if (running(cluster) !== 10_000) throw new Error("not every pod is running");
    global.gc?.();
    sample();
    return [
      report({ name: "memory: 10,000 pods with probes, 10 virtual min (advance)", value: s, unit: "s" }),
      report({ name: "memory: peak RSS of that cluster", value: peak / (1024 * 1024), unit: "MiB", goal: { op: "<", value: 1024 } }),
    ];
  });
}
