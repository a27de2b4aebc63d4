import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Node } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { KUBELET_STOPPED_ANNOTATION } from "../../../src/core/kubelet/index.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, expectGolden, getPod, logText, podYaml } from "./helpers.js";

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.close();
  cluster = undefined;
});

function start(): TestCluster {
  cluster = createTestCluster();
  return cluster;
}

describe("KubeletReconciler", () => {
  it("takes a bound nginx pod from ContainerCreating to Running and Ready", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "nginx" }));

    let pod = getPod(c, "nginx");
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("ContainerCreating");
    expect(pod.status?.hostIP).toBe("172.18.0.3");
    expect(pod.status?.hostIPs).toEqual([{ ip: "172.18.0.3" }]);
    expect(pod.status?.startTime).toBe("2024-01-01T00:00:00Z");
    expect(pod.status?.podIP).toBeUndefined();
    expect(pod.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual([
      "PodReadyToStartContainers=False",
      "Initialized=True",
      "Ready=False",
      "ContainersReady=False",
      "PodScheduled=True",
    ]);
    expect(pod.status?.conditions?.find((x) => x.type === "Ready")?.message).toBe("containers with unready status: [nginx]");

    c.advance(10_000);
    pod = getPod(c, "nginx");
    expect(pod.status?.phase).toBe("Running");
    expect(pod.status?.podIP).toBe("10.244.1.2");
    expect(pod.status?.podIPs).toEqual([{ ip: "10.244.1.2" }]);
    expect(pod.status?.qosClass).toBe("BestEffort");
    expect(pod.status?.conditions?.every((x) => x.status === "True" && x.lastTransitionTime)).toBe(true);
    const cs = pod.status!.containerStatuses![0]!;
    expect(cs).toMatchObject({ name: "nginx", ready: true, started: true, restartCount: 0, image: "docker.io/library/nginx:1.25", lastState: {} });
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.state?.running?.startedAt).toMatch(/^2024-01-01T00:00:0\dZ$/);

    expectGolden("nginx-events.txt", eventLines(c, "nginx").join("\n") + "\n");
    expect(logText(c, "nginx")).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up");
    expect(c.ctx.logs.read({ namespace: "default", pod: "nginx" }).every((l) => l.instance === 0 && l.container === "nginx")).toBe(true);
    expect(c.engine.failures).toEqual([]);
  });

  it("records kubelet events with the container's fieldPath and the node as source", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "nginx" }));
    c.advance(10_000);
    const started = c.api.list("events").find((e) => e.reason === "Started");
    expect(started).toMatchObject({
      metadata: { namespace: "default" },
      involvedObject: { kind: "Pod", namespace: "default", name: "nginx", apiVersion: "v1", fieldPath: "spec.containers{nginx}" },
      source: { component: "kubelet", host: "kdeck-worker-1" },
      reportingComponent: "kubelet",
      reportingInstance: "kdeck-worker-1",
      type: "Normal",
      count: 1,
    });
  });

  it("gives pods on one node distinct IPs from its CIDR, lowest free first", () => {
    const c = start();
    c.applyYaml([1, 2, 3, 4, 5].map((i) => podYaml({ name: `web-${i}`, node: "kdeck-worker-2", grace: 1 })).join("\n---\n"));
    c.advance(20_000);
    const ips = [1, 2, 3, 4, 5].map((i) => getPod(c, `web-${i}`).status?.podIP);
    expect(new Set(ips).size).toBe(5);
    expect([...ips].sort()).toEqual(["10.244.2.2", "10.244.2.3", "10.244.2.4", "10.244.2.5", "10.244.2.6"]);

    const freed = getPod(c, "web-3").status?.podIP;
    c.api.delete("pods", "default", "web-3");
    c.advance(5_000);
    expect(c.api.tryGet("pods", "default", "web-3")).toBeUndefined();
    c.applyYaml(podYaml({ name: "web-6", node: "kdeck-worker-2" }));
    c.advance(10_000);
    expect(getPod(c, "web-6").status?.podIP).toBe(freed);
  });

  it("pulls an image once per node: IfNotPresent then finds it present", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "first" , image: "redis:7.2" }));
    c.advance(10_000);
    c.applyYaml(podYaml({ name: "second", image: "redis:7.2" }));
    c.advance(10_000);
    expect(eventLines(c, "second").slice(0, 1)).toEqual(['Pulled: Container image "redis:7.2" already present on machine']);
    const node = asKind<Node>(c.api.get("nodes", "", "kdeck-worker-1"));
    expect(node.status?.images?.flatMap((i) => i.names)).toContain("docker.io/library/redis:7.2");
    // Another node has not pulled it.
    c.applyYaml(podYaml({ name: "third", image: "redis:7.2", node: "kdeck-worker-2" }));
    c.advance(10_000);
    expect(eventLines(c, "third")[0]).toBe('Pulling: Pulling image "redis:7.2"');
  });

  it("waits with ErrImageNeverPull for an absent image with pullPolicy Never", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "never", image: "nginx:1.25", pullPolicy: "Never" }));
    c.advance(25_000);
    const pod = getPod(c, "never");
    expect(pod.status?.phase).toBe("Pending");
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting).toEqual({
      reason: "ErrImageNeverPull",
      message: 'Container image "nginx:1.25" is not present with pull policy of Never',
    });
    expect(eventLines(c, "never")).toEqual(['ErrImageNeverPull: Container image "nginx:1.25" is not present with pull policy of Never (x3)']);
  });

  it("deletes a pod gracefully: a shell without a TERM trap (PID 1) is killed when its grace period ends, then the pod is gone", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "sleeper", image: "busybox:1.36", grace: 30, command: ["sh", "-c", "echo up; sleep 3600"] }));
    c.advance(10_000);
    expect(logText(c, "sleeper")).toEqual(["up"]);

    c.api.delete("pods", "default", "sleeper");
    c.settle();
    expect(getPod(c, "sleeper").metadata?.deletionTimestamp).toBe("2024-01-01T00:00:40Z");
    expect(eventLines(c, "sleeper").at(-1)).toBe("Killing: Stopping container sleeper");
    c.advance(29_000);
    expect(getPod(c, "sleeper").status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    c.advance(1_000);
    expect(c.api.tryGet("pods", "default", "sleeper")).toBeUndefined();
    expect(logText(c, "sleeper")).toEqual([]);
  });

  it("deletes at once a pod whose server exits on SIGTERM", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "nginx" }));
    c.advance(10_000);
    expect(getPod(c, "nginx").status?.phase).toBe("Running");
    c.api.delete("pods", "default", "nginx");
    c.advance(1_000);
    expect(c.api.tryGet("pods", "default", "nginx")).toBeUndefined();
  });

  it("removes a pod deleted before its containers started without waiting", () => {
    const c = start();
    c.applyYaml(podYaml({ name: "early" }));
    c.api.delete("pods", "default", "early");
    c.settle();
    expect(c.api.tryGet("pods", "default", "early")).toBeUndefined();
  });

  it("leaves pods on a node whose kubelet is not running, and runs them once it is Ready", () => {
    const c = start();
    const node = c.api.get("nodes", "", "kdeck-worker-3");
    c.api.update({ ...node, metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, [KUBELET_STOPPED_ANNOTATION]: "true" } } });
    const stopped = asKind<Node>(c.api.get("nodes", "", "kdeck-worker-3"));
    c.api.updateStatus({
      ...c.api.get("nodes", "", "kdeck-worker-3"),
      status: { ...stopped.status, conditions: stopped.status?.conditions?.map((x) => (x.type === "Ready" ? { ...x, status: "Unknown" } : x)) },
    });
    c.applyYaml(podYaml({ name: "stranded", node: "kdeck-worker-3" }));
    c.advance(120_000);
    expect(getPod(c, "stranded").status?.startTime).toBeUndefined();

    const again = c.api.get("nodes", "", "kdeck-worker-3");
    const annotations = { ...again.metadata.annotations };
    delete annotations[KUBELET_STOPPED_ANNOTATION];
    c.api.update({ ...again, metadata: { ...again.metadata, annotations } });
    c.advance(10_000);
    expect(getPod(c, "stranded").status?.phase).toBe("Running");
    expect(eventLines(c, "kdeck-worker-3")).toContain("NodeReady: Node kdeck-worker-3 status is now: NodeReady");
  });

  it("continues a pod from its stored status after the engine restarts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-kubelet-"));
    const file = path.join(dir, "cluster.db");
    try {
      const first = createTestCluster({ file });
      first.applyYaml(podYaml({ name: "nginx" }));
      first.advance(1_200);
      expect(getPod(first, "nginx").status?.phase).toBe("Pending");
      first.close();

      cluster = createTestCluster({ file, empty: true });
      cluster.clock.set(TEST_EPOCH + 1_200);
      cluster.advance(10_000);
      const pod = getPod(cluster, "nginx");
      expect(pod.status?.phase).toBe("Running");
      expect(pod.status?.podIP).toBe("10.244.1.2");
    } finally {
      cluster?.close();
      cluster = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
