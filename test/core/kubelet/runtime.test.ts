import { afterEach, describe, expect, it } from "vitest";
import { lookupImage } from "../../../src/core/kubelet/catalogue/index.js";
import { parseImage } from "../../../src/core/kubelet/images.js";
import { CatalogueRuntime, ExecError } from "../../../src/core/kubelet/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, getPod, logText } from "./helpers.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function start(): TestCluster {
  cluster = createTestCluster();
  return cluster;
}

describe("the image catalogue", () => {
  it("knows which tags exist", () => {
    const exists = (image: string) => lookupImage(parseImage(image)).exists;
    expect(exists("nginx:1.161")).toBe(false);
    expect(exists("nginx:1.16.1")).toBe(true);
    expect(exists("nginx:1.27-alpine")).toBe(true);
    expect(exists("nginx")).toBe(true);
    expect(exists("busybox:1.36")).toBe(true);
    expect(exists("redis:99")).toBe(false);
    expect(exists("example.com/team/unknown:whatever")).toBe(true);
    expect(new CatalogueRuntime().image(parseImage("nginx:1.27")).sizeBytes).toBe(72_099_410);
  });

  it("runs an image's own entrypoint, or args after its ENTRYPOINT", () => {
    const rt = new CatalogueRuntime();
    expect(rt.argv({ name: "c", image: "nginx:1.27" })).toEqual(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    expect(rt.argv({ name: "c", image: "busybox", args: ["sh", "-c", "echo hi"] })).toEqual(["sh", "-c", "echo hi"]);
    expect(rt.argv({ name: "c", image: "redis:7", args: ["--port", "6380"] })).toEqual(["docker-entrypoint.sh", "--port", "6380"]);
  });
});

describe("simulated containers' behaviour", () => {
  it("fails a pod whose env refers to a missing ConfigMap with CreateContainerConfigError, and starts it once it exists", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: cfg}
spec:
  nodeName: kdeck-worker-1
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'echo "color=$COLOR"; sleep 3600']
    env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}]
`);
    c.advance(10_000);
    const cs = getPod(c, "cfg").status!.containerStatuses![0]!;
    expect(cs.state?.waiting).toEqual({ reason: "CreateContainerConfigError", message: 'configmap "settings" not found' });
    expect(eventLines(c, "cfg").some((l) => l.startsWith('Failed: Error: configmap "settings" not found'))).toBe(true);
    c.applyYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: blue}");
    c.advance(20_000);
    expect(getPod(c, "cfg").status?.phase).toBe("Running");
    expect(logText(c, "cfg")).toEqual(["color=blue"]);
  });

  it("kills a container whose scripted memory passes its limit: OOMKilled", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: memory-demo-2}
spec:
  nodeName: kdeck-worker-1
  restartPolicy: Never
  containers:
  - name: memory-demo-2-ctr
    image: polinux/stress
    resources: {requests: {memory: 50Mi}, limits: {memory: 100Mi}}
    command: [stress]
    args: [--vm, "1", --vm-bytes, 250M, --vm-hang, "1"]
`);
    c.advance(10_000);
    const pod = getPod(c, "memory-demo-2");
    expect(pod.status?.phase).toBe("Failed");
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });

  it("scripts crashes, readiness and usage with sim.kdeck.dev annotations", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata:
  name: scripted
  annotations: {sim.kdeck.dev/crash-after: 20s, sim.kdeck.dev/ready-after: 8s, sim.kdeck.dev/cpu: "100m, 400m after 10s", sim.kdeck.dev/memory: 64Mi}
spec:
  nodeName: kdeck-worker-1
  containers: [{name: app, image: "nginx:1.27"}]
`);
    c.advance(6_000);
    expect(getPod(c, "scripted").status?.containerStatuses?.[0]?.ready).toBe(false);
    c.advance(10_000);
    expect(getPod(c, "scripted").status?.containerStatuses?.[0]?.ready).toBe(true);
    const m = c.kubelet.metrics.podMetrics({ namespace: "default" }).find((p) => p.name === "scripted")!;
    expect(m.containers).toEqual([{ name: "app", cpuMillis: 400, memoryBytes: 64 * 1024 * 1024 }]);
    c.advance(10_000);
    const cs = getPod(c, "scripted").status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated ?? cs.state?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    const node = c.kubelet.metrics.nodeMetrics().find((n) => n.name === "kdeck-worker-1")!;
    expect(node.cpuCapacityMillis).toBeGreaterThan(0);
  });

  it("execs in the container's filesystem; its changes persist, and a removed file fails the liveness probe", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  nodeName: kdeck-worker-1
  containers:
  - name: box
    image: busybox:1.36
    command: [sh, -c, "touch /tmp/healthy; sleep 3600"]
    livenessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 5}
`);
    c.advance(10_000);
    const exec = c.kubelet.exec;
    expect(exec.exec("default", "box", undefined, ["ls", "/tmp"])).toEqual({ stdout: "healthy\n", stderr: "", exitCode: 0 });
    expect(exec.exec("default", "box", undefined, ["sh", "-c", "echo $HOSTNAME; cat /nope"])).toEqual({ stdout: "box\n", stderr: "cat: can't open '/nope': No such file or directory\n", exitCode: 1 });
    const sh = exec.openShell("default", "box", "box");
    expect(sh.prompt).toBe("/ # ");
    sh.run("cd /tmp; X=1");
    expect(sh.run("echo $X $(pwd)").stdout).toBe("1 /tmp\n");
    sh.run("rm healthy");
    c.advance(20_000);
    expect(eventLines(c, "box")).toContain("Killing: Container box failed liveness probe, will be restarted");
    expect(() => exec.exec("default", "box", "nope", ["true"])).toThrow(new ExecError('error: unable to upgrade connection: container not found ("nope")'));
  });
});
