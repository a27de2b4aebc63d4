/**
 * `kdeck top pod|node`: kubectl's table over the simulated usage. The printers are
 * checked on fixed metrics; the verbs against a real cluster's kubelets.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatNodeMetrics, formatPodMetrics, goDuration } from "../../src/commands/top.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

const MI = 1024 * 1024;

const METRICS = [
  { namespace: "default", name: "web", timestamp: "", containers: [{ name: "nginx", cpuMillis: 250, memoryBytes: 128 * MI }, { name: "log", cpuMillis: 1.2, memoryBytes: 5.5 * MI }] },
  { namespace: "kube-system", name: "dns", timestamp: "", containers: [{ name: "coredns", cpuMillis: 3, memoryBytes: 20 * MI }] },
  { namespace: "default", name: "api", timestamp: "", containers: [{ name: "app", cpuMillis: 900, memoryBytes: 64 * MI }] },
];

describe("top's printers", () => {
  it("prints pods in kubectl's columns and units, sorted by name, every cell padded", () => {
    expect(formatPodMetrics(METRICS.filter((m) => m.namespace === "default"), { containers: false, withNamespace: false, noHeaders: false, sum: false })).toBe(
      ["NAME   CPU(cores)   MEMORY(bytes)   ", "api    900m         64Mi            ", "web    252m         133Mi           ", ""].join("\n"),
    );
  });

  it("adds NAMESPACE with -A and POD with --containers, and sorts by usage on request", () => {
    const text = formatPodMetrics(METRICS, { containers: true, withNamespace: true, noHeaders: false, sortBy: "memory", sum: false });
    expect(text.split("\n").map((l) => l.trimEnd())).toEqual([
      "NAMESPACE     POD   NAME      CPU(cores)   MEMORY(bytes)",
      "default       web   nginx     250m         128Mi",
      "default       web   log       2m           5Mi",
      "default       api   app       900m         64Mi",
      "kube-system   dns   coredns   3m           20Mi",
      "",
    ]);
    const byCpu = formatPodMetrics(METRICS, { containers: false, withNamespace: false, noHeaders: true, sortBy: "cpu", sum: false });
    expect(byCpu.split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["api", "web", "dns", ""]);
  });

  it("prints --sum under the usage columns", () => {
    const text = formatPodMetrics(METRICS.slice(0, 1), { containers: false, withNamespace: false, noHeaders: false, sum: true });
    expect(text.split("\n").map((l) => l.trimEnd())).toEqual([
      "NAME   CPU(cores)   MEMORY(bytes)",
      "web    252m         133Mi",
      "       ________     ________",
      "       252m         133Mi",
      "",
    ]);
  });

  it("prints nodes with their share of allocatable, and <unknown> for nodes without metrics", () => {
    const nodes = [
      { name: "w2", timestamp: "", cpuMillis: 500, memoryBytes: 1024 * MI, cpuCapacityMillis: 4000, memoryCapacityBytes: 8192 * MI },
      { name: "w1", timestamp: "", cpuMillis: 1999.5, memoryBytes: 3 * 1024 * MI, cpuCapacityMillis: 4000, memoryCapacityBytes: 8192 * MI },
    ];
    const available = new Map([
      ["w1", { cpu: "4", memory: "8Gi" }],
      ["w2", { cpu: "3500m", memory: "8388608Ki" }],
      ["w3", { cpu: "4", memory: "8Gi" }],
    ]);
    expect(formatNodeMetrics(nodes, available, { noHeaders: false }).split("\n").map((l) => l.trimEnd())).toEqual([
      "NAME   CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)",
      "w1     2000m        50%         3072Mi          37%",
      "w2     500m         14%         1024Mi          12%",
      "w3     <unknown>    <unknown>   <unknown>       <unknown>",
      "",
    ]);
  });

  it("words ages as Go's Duration.String does", () => {
    expect(goDuration(0)).toBe("0s");
    expect(goDuration(500)).toBe("500ms");
    expect(goDuration(90_500)).toBe("1m30.5s");
    expect(goDuration(3_600_000)).toBe("1h0m0s");
  });
});

describe("kdeck top", () => {
  let db: string;
  let cleanup: () => void;
  beforeEach(() => ({ db, cleanup } = tempDb()));
  afterEach(() => cleanup());

  it("checks its flags the way kubectl does", async () => {
    expect(await kdeck(db, ["top", "pod", "--sort-by=name"])).toEqual({ code: 1, stdout: "", stderr: "error: --sort-by accepts only cpu or memory\n" });
    expect(await kdeck(db, ["top", "pods", "web", "-l", "app=web"])).toEqual({ code: 1, stdout: "", stderr: "error: only one of NAME or selector can be provided\n" });
    expect(await kdeck(db, ["top", "no", "w1", "-l", "a=b"])).toEqual({ code: 1, stdout: "", stderr: "error: only one of NAME or --selector can be provided\n" });
    const help = await kdeck(db, ["top"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kdeck top \(pod \| node\)/);
    expect(help.stdout).toMatch(/\n {2}pod\|pods .*\n {2}node\|nodes /);
    expect((await kdeck(db, ["top", "pdo"])).stderr).toMatch(/^error: unknown command "pdo" for "kdeck top"/);
  });

  it("shows the nodes' usage in kubectl's columns", async () => {
    const r = await kdeck(db, ["top", "nodes"]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(["kdeck-control-plane", "kdeck-worker-1", "kdeck-worker-2", "kdeck-worker-3"]);
    for (const l of lines.slice(1)) expect(l).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/);
    expect((await kdeck(db, ["top", "node", "nope"])).stderr).toBe('Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n');
  });

  it("shows running pods' usage, per container on request", async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.36
    command: ["sh", "-c", "sleep infinity"]
`;
    expect((await kdeck(db, ["top", "pods"])).stderr).toBe("No resources found in default namespace.\n");
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", pod)]);
    await kdeck(db, ["advance", "3m"]);
    const r = await kdeck(db, ["top", "pods"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nweb\s+\d+m\s+\d+Mi\s*\n$/);
    const c = await kdeck(db, ["top", "pod", "web", "--containers", "--no-headers"]);
    expect(c.stdout).toMatch(/^web\s+nginx\s+\d+m\s+\d+Mi\s*\nweb\s+sidecar\s+\d+m\s+\d+Mi\s*\n$/);
    expect((await kdeck(db, ["top", "pod", "-l", "app=web", "-A"])).stdout).toMatch(/^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\ndefault\s+web\s/);
    expect((await kdeck(db, ["top", "pod", "nope"])).stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "nope" not found\n');
  });
});
