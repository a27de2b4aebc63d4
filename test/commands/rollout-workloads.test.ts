import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const FLUENTD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  annotations:
    kubernetes.io/change-cause: first version
spec:
  selector:
    matchLabels: { name: fluentd }
  template:
    metadata:
      labels: { name: fluentd }
    spec:
      containers:
      - name: fluentd
        image: nginx:1.26
`;

const WEB = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels: { app: nginx }
  template:
    metadata:
      labels: { app: nginx }
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        volumeMounts:
        - { name: www, mountPath: /usr/share/nginx/html }
  volumeClaimTemplates:
  - metadata: { name: www }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
`;

async function session(steps: string[][]): Promise<string> {
  let out = "";
  for (const args of steps) {
    const r = await kdeck(db, args);
    // Manifests live in a fresh temporary directory: the transcript names them as a user in that directory would.
    const shown = args.map((a) => (a.startsWith(path.dirname(db)) ? path.basename(a) : a));
    out += `$ kdeck ${shown.join(" ")}\n${r.stdout}${r.stderr}${r.code !== 0 ? `[exit ${r.code}]\n` : ""}`;
  }
  return out;
}

describe("rollout of DaemonSets and StatefulSets", () => {
  it("shows status and history of a DaemonSet, and rolls it back", async () => {
    const file = writeManifest(db, "fluentd.yaml", FLUENTD);
    const transcript = await session([
      ["apply", "-f", file],
      ["rollout", "status", "daemonset/fluentd"],
      ["get", "daemonsets", "-o", "wide"],
      ["set", "image", "ds/fluentd", "fluentd=nginx:1.27"],
      ["rollout", "status", "ds/fluentd"],
      ["rollout", "history", "ds/fluentd"],
      ["rollout", "undo", "ds/fluentd"],
      ["rollout", "status", "ds/fluentd"],
      ["get", "ds", "fluentd", "-o", "jsonpath={.spec.template.spec.containers[0].image}"],
      ["describe", "ds", "fluentd"],
      ["get", "controllerrevisions"],
    ]);
    expectGolden(new URL("./testdata/daemonset-rollout.golden", import.meta.url), transcript);
  });

  it("shows the ordered start and the partitioned rollout of a StatefulSet", async () => {
    const file = writeManifest(db, "web.yaml", WEB);
    const partitioned = writeManifest(
      db,
      "web-partitioned.yaml",
      WEB.replace("  serviceName: nginx", "  serviceName: nginx\n  updateStrategy:\n    rollingUpdate: { partition: 2 }").replace("nginx-slim:0.21", "nginx-slim:0.24"),
    );
    const transcript = await session([
      ["apply", "-f", file],
      ["get", "pods"],
      ["rollout", "status", "sts/web"],
      ["get", "pods", "-o", "wide"],
      ["get", "pvc"],
      ["apply", "-f", partitioned],
      ["rollout", "status", "sts/web"],
      ["get", "pods", "-L", "controller-revision-hash"],
      ["describe", "sts", "web"],
      ["scale", "sts", "web", "--replicas=1"],
      ["advance", "2m"],
      ["get", "pods"],
      ["get", "pvc", "-o", "name"],
    ]);
    expectGolden(new URL("./testdata/statefulset-rollout.golden", import.meta.url), transcript);
  });
});

describe("get all", () => {
  it("lists the workloads with their pods", async () => {
    await kdeck(db, ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"]);
    await kdeck(db, ["advance", "20s"]);
    const r = await kdeck(db, ["get", "all"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
    expect(r.stdout).toContain("deployment.apps/web   2/2     2            2           20s");
    expect(r.stdout).toMatch(/replicaset\.apps\/web-[a-z0-9]+\s+2\s+2\s+2\s+20s/);
  });
});
