import { afterEach, describe, expect, it } from "vitest";
import { parseTime } from "../../../src/core/engine/clock.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, getPod, logText, podYaml } from "./helpers.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function start(): TestCluster {
  cluster = createTestCluster();
  return cluster;
}

describe("simulated containers", () => {
  it("runs busybox `echo hello; exit 0` with restartPolicy Never to Succeeded", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "hello", image: "busybox:1.36", restartPolicy: "Never", command: ["sh", "-c", "echo hello; exit 0"] }));
    c.advance(10_000);
    const pod = getPod(c, "hello");
    expect(pod.status?.phase).toBe("Succeeded");
    const cs = pod.status!.containerStatuses![0]!;
    expect(cs.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed", containerID: cs.containerID });
    expect(cs).toMatchObject({ ready: false, started: false, restartCount: 0 });
    expect(pod.status?.conditions?.map((x) => `${x.type}=${x.status}${x.reason ? `/${x.reason}` : ""}`)).toEqual([
      "PodReadyToStartContainers=False",
      "Initialized=True/PodCompleted",
      "Ready=False/PodCompleted",
      "ContainersReady=False/PodCompleted",
      "PodScheduled=True",
    ]);
    expect(logText(c, "hello")).toEqual(["hello"]);
    expect(eventLines(c, "hello").at(-1)).toBe("Started: Started container hello");
  });

  it("restarts a container that exits 1 under restartPolicy OnFailure", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "flaky", image: "busybox:1.36", restartPolicy: "OnFailure", command: ["sh", "-c", "echo oops; exit 1"] }));
    c.advance(30_000);
    const pod = getPod(c, "flaky");
    const cs = pod.status!.containerStatuses![0]!;
    expect(pod.status?.phase).toBe("Running");
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    // Each instance logs under its own restart count; the kubelet keeps the current and the previous one.
    const instances = [...new Set(c.ctx.logs.read({ namespace: "default", pod: "flaky" }).map((l) => l.instance))];
    expect(instances).toEqual([cs.restartCount - 1, cs.restartCount]);
    // Restarts find the image on the node; the repeats aggregate into one event.
    expect(eventLines(c, "flaky").filter((l) => l.startsWith("Pulled:"))[1]).toMatch(/^Pulled: Container image "busybox:1\.36" already present on machine \(x\d+\)$/);
  });

  it("does not restart a container that exits 0 under restartPolicy OnFailure", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "job", image: "busybox:1.36", restartPolicy: "OnFailure", command: ["sh", "-c", "exit 0"] }));
    c.advance(10_000);
    const pod = getPod(c, "job");
    expect(pod.status?.phase).toBe("Succeeded");
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });

  it("fails a pod whose container exits 1 under restartPolicy Never", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "broken", image: "busybox:1.36", restartPolicy: "Never", command: ["sh", "-c", "exit 1"] }));
    c.advance(10_000);
    const pod = getPod(c, "broken");
    expect(pod.status?.phase).toBe("Failed");
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(pod.status?.conditions?.find((x) => x.type === "Ready")).toMatchObject({ status: "False", reason: "PodFailed" });
    expect(pod.status?.podIP).toBe("10.244.1.2");
    // The IP went back to the node's pool with the sandbox.
    c.applyYaml(podYaml({ name: "next" }));
    c.advance(10_000);
    expect(getPod(c, "next").status?.podIP).toBe("10.244.1.2");
  });

  it("restarts a container that exits 0 under restartPolicy Always", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "looper", image: "busybox:1.36", command: ["sh", "-c", "echo tick; exit 0"] }));
    c.advance(30_000);
    const cs = getPod(c, "looper").status!.containerStatuses![0]!;
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });

  it("runs init containers one after another, each to completion, before the app container", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: myapp}
spec:
  nodeName: kdeck-worker-1
  initContainers:
  - {name: init-myservice, image: "busybox:1.28", command: [sh, -c, "echo waiting for myservice; sleep 2"]}
  - {name: init-mydb, image: "busybox:1.28", command: [sh, -c, "echo waiting for mydb; sleep 2"]}
  containers:
  - {name: myapp-container, image: "busybox:1.28", command: [sh, -c, "echo The app is running! && sleep 3600"]}
`);
    let pod = getPod(c, "myapp");
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.status?.initContainerStatuses?.map((s) => s.state?.waiting?.reason)).toEqual(["PodInitializing", "PodInitializing"]);
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
    expect(pod.status?.conditions?.find((x) => x.type === "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [init-myservice init-mydb]",
    });

    const ran = c.engine.advanceUntil(() => !!getPod(c, "myapp").status?.initContainerStatuses?.[0]?.state?.running, 10_000);
    expect(ran).toBe(true);
    pod = getPod(c, "myapp");
    expect(pod.status?.initContainerStatuses?.[1]?.state?.waiting?.reason).toBe("PodInitializing");

    c.advance(20_000);
    pod = getPod(c, "myapp");
    expect(pod.status?.phase).toBe("Running");
    const [first, second] = pod.status!.initContainerStatuses!;
    expect(first?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(second?.state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(first?.ready).toBe(true);
    expect(parseTime(second!.state!.terminated!.startedAt)).toBeGreaterThanOrEqual(parseTime(first!.state!.terminated!.finishedAt));
    const appStarted = parseTime(pod.status!.containerStatuses![0]!.state!.running!.startedAt);
    expect(appStarted).toBeGreaterThanOrEqual(parseTime(second!.state!.terminated!.finishedAt));
    expect(pod.status?.conditions?.find((x) => x.type === "Initialized")?.status).toBe("True");

    const started = eventLines(c, "myapp").filter((l) => l.startsWith("Started:"));
    expect(started).toEqual(["Started: Started container init-myservice", "Started: Started container init-mydb", "Started: Started container myapp-container"]);
    expect(logText(c, "myapp", "init-mydb")).toEqual(["waiting for mydb"]);
    expect(logText(c, "myapp", "myapp-container")).toEqual(["The app is running!"]);
  });

  it("fails the pod when an init container fails under restartPolicy Never", () => {
    const c = start();
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: badinit}
spec:
  nodeName: kdeck-worker-1
  restartPolicy: Never
  initContainers: [{name: init, image: "busybox:1.36", command: [sh, -c, "exit 2"]}]
  containers: [{name: app, image: "nginx:1.25"}]
`);
    c.advance(10_000);
    const pod = getPod(c, "badinit");
    expect(pod.status?.phase).toBe("Failed");
    expect(pod.status?.initContainerStatuses?.[0]?.state?.terminated?.exitCode).toBe(2);
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("PodInitializing");
    expect(eventLines(c, "badinit").some((l) => l.includes("container: app"))).toBe(false);
  });
});

describe("sidecars", () => {
  it("starts the app once a restartable init container (a sidecar) has started, and keeps it running", () => {
    const c = (cluster = createTestCluster());
    c.applyYaml(`
apiVersion: v1
kind: Pod
metadata: {name: withsidecar}
spec:
  nodeName: kdeck-worker-1
  initContainers:
  - {name: logshipper, image: "alpine:3.20", restartPolicy: Always, command: [sh, -c, "tail -F /opt/logs.txt"]}
  containers:
  - {name: app, image: "nginx:1.25"}
`);
    c.advance(15_000);
    const pod = getPod(c, "withsidecar");
    expect(pod.status?.phase).toBe("Running");
    expect(pod.status?.initContainerStatuses?.[0]).toMatchObject({ ready: true, started: true });
    expect(pod.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    expect(pod.status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
  });
});
