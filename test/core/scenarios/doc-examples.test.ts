import { afterEach, describe, expect, it } from "vitest";
import { PI_2000 } from "../../../src/core/kubelet/catalogue/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { events, expectGolden, getPod, getPodRow, watchPod } from "./helpers.js";

/**
 * The Kubernetes documentation's own examples, run as the docs run them: given the
 * manifest, after this much virtual time, the pod is in this state, with these events.
 * Goldens (testdata/) hold the `get pods` rows over time and the event sequences.
 */
let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function start(): TestCluster {
  cluster = createTestCluster();
  return cluster;
}

const LIVENESS_EXEC = `
apiVersion: v1
kind: Pod
metadata:
  labels: {test: liveness}
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
`;

describe("the docs' examples", () => {
  it("liveness-exec: Unhealthy after ~35 s, killed, restarted, RESTARTS climbs and back-off grows", () => {
    const c = start();
    c.applyYaml(LIVENESS_EXEC);
    const rows = watchPod(c, "liveness-exec", 300_000);
    const evs = events(c, "liveness-exec");
    expectGolden("liveness-exec.txt", ["# kubectl get pod liveness-exec -w", ...rows, "", "# kubectl events", ...evs, ""].join("\n"));
    expect(evs).toContain("Warning Unhealthy (x3): Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory".replace(" (x3)", evs.find((e) => e.startsWith("Warning Unhealthy"))!.match(/ \(x\d+\)/)?.[0] ?? ""));
    expect(evs.some((e) => e.startsWith("Normal Killing") && e.endsWith("Container liveness failed liveness probe, will be restarted"))).toBe(true);
    const cs = getPod(c, "liveness-exec").status!.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });

  it("the pi Job's pod (perl, restartPolicy Never) completes and prints 2,000 digits of pi", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: pi}
spec:
  restartPolicy: Never
  containers:
  - name: pi
    image: perl:5.34.0
    command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
`);
    const rows = watchPod(c, "pi", 30_000);
    expectGolden("pi.txt", ["# kubectl get pod pi -w", ...rows, "", "# kubectl events", ...events(c, "pi"), ""].join("\n"));
    expect(getPodRow(c, "pi")).toMatch(/^pi {2}0\/1 {2}Completed {2}0 {2}/);
    expect(c.ctx.logs.read({ namespace: "default", pod: "pi" }).map((l) => l.text)).toEqual([PI_2000]);
  });

  it("a busybox loop's lines reach the log as virtual time passes (logs -f)", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
  - name: count
    image: busybox:1.36
    args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']
`);
    c.advance(5_000);
    const seen = c.ctx.logs.read({ namespace: "default", pod: "counter" });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]!.text).toMatch(/^0: Mon Jan {2}1 00:00:0\d UTC 2024$/);
    // Following: only new lines after the last one read, a line per virtual second.
    const after = seen.at(-1)!.id;
    c.advance(10_000);
    const more = c.ctx.logs.read({ namespace: "default", pod: "counter", afterId: after });
    expect(more.length).toBe(10);
    expect(more.map((l) => Number(l.text.split(":")[0]))).toEqual([...Array(10).keys()].map((k) => seen.length + k));
  });

  it("nginx:1.161: ErrImagePull then ImagePullBackOff with growing back-off; fixing the image recovers", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: nginx, image: "nginx:1.161", ports: [{containerPort: 80}]}
`);
    const rows = watchPod(c, "web", 120_000);
    const before = events(c, "web");
    const pod = c.api.get("pods", "default", "web");
    const spec = pod.spec as { containers: { name: string; image: string }[] };
    c.api.update({ ...pod, spec: { ...spec, containers: spec.containers.map((x) => ({ ...x, image: "nginx:1.16.1" })) } });
    c.settle();
    const after = watchPod(c, "web", 30_000);
    expectGolden("image-pull-backoff.txt", ["# kubectl get pod web -w", ...rows, "# (image set to nginx:1.16.1)", ...after, "", "# kubectl events", ...events(c, "web"), ""].join("\n"));
    expect(before).toContain(
      'Warning Failed (x3): Failed to pull image "nginx:1.161": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.161": failed to resolve reference "docker.io/library/nginx:1.161": docker.io/library/nginx:1.161: not found'.replace(" (x3)", before.find((e) => e.startsWith("Warning Failed") && e.includes("Failed to pull"))!.match(/ \(x\d+\)/)?.[0] ?? ""),
    );
    expect(rows.some((r) => r.includes("ErrImagePull"))).toBe(true);
    expect(rows.some((r) => r.includes("ImagePullBackOff"))).toBe(true);
    expect(getPodRow(c, "web")).toMatch(/^web {2}1\/1 {2}Running/);
  });

  it("a readiness probe on a port nothing listens on: Running but 0/1 Ready", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: notready}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /, port: 8080}
      periodSeconds: 5
`);
    const rows = watchPod(c, "notready", 40_000);
    const evs = events(c, "notready");
    expectGolden("readiness-unready.txt", ["# kubectl get pod notready -w", ...rows, "", "# kubectl events", ...evs, ""].join("\n"));
    expect(getPodRow(c, "notready")).toMatch(/^notready {2}0\/1 {2}Running {2}0/);
    expect(evs.find((e) => e.includes("Readiness probe failed"))).toMatch(/Readiness probe failed: Get "http:\/\/10\.244\.\d+\.\d+:8080\/": dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused$/);
    expect(getPod(c, "notready").status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("False");
  });

  it("init containers: the second waits for a file the first writes to a shared emptyDir", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: myapp-pod}
spec:
  volumes: [{name: work, emptyDir: {}}]
  initContainers:
  - name: init-config
    image: busybox:1.28
    command: [sh, -c, "echo writing config; sleep 5; echo 'greeting=hello' > /work/config"]
    volumeMounts: [{name: work, mountPath: /work}]
  - name: init-wait
    image: busybox:1.28
    command: [sh, -c, "until [ -f /work/config ]; do echo waiting for config; sleep 2; done; echo found config"]
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: [sh, -c, "cat /work/config && sleep 3600"]
    volumeMounts: [{name: work, mountPath: /work}]
`);
    // init-wait finds the file at once, so Init:1/2 lasts well under a second: watch closely.
    const rows = watchPod(c, "myapp-pod", 20_000, 100);
    expectGolden("init-containers.txt", ["# kubectl get pod myapp-pod -w", ...rows, "", "# kubectl events", ...events(c, "myapp-pod"), ""].join("\n"));
    for (const status of ["Init:0/2", "Init:1/2", "Running"]) expect(rows.some((r) => r.includes(`  ${status}  `))).toBe(true);
    expect(c.ctx.logs.read({ namespace: "default", pod: "myapp-pod", container: "myapp-container" }).map((l) => l.text)).toEqual(["greeting=hello"]);
    expect(c.ctx.logs.read({ namespace: "default", pod: "myapp-pod", container: "init-wait" }).map((l) => l.text)).toEqual(["found config"]);
  });

  it("a failing init container shows Init:Error then Init:CrashLoopBackOff", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: badinit}
spec:
  initContainers: [{name: init, image: "busybox:1.36", command: [sh, -c, "echo cannot reach db; exit 1"]}]
  containers: [{name: app, image: "nginx:1.27"}]
`);
    const rows = watchPod(c, "badinit", 60_000);
    expectGolden("init-crashloop.txt", ["# kubectl get pod badinit -w", ...rows, "", "# kubectl events", ...events(c, "badinit"), ""].join("\n"));
    expect(rows.some((r) => r.includes("  Init:Error  "))).toBe(true);
    expect(rows.some((r) => r.includes("  Init:CrashLoopBackOff  "))).toBe(true);
  });
});
