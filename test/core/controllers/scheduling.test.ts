import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { nodeObject } from "../../../src/core/bootstrap.js";
import { createTestCluster } from "../../helpers/cluster.js";

const bigPod = `apiVersion: v1
kind: Pod
metadata: { name: big }
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources: { requests: { cpu: "6" } }
`;

function events(c: ReturnType<typeof createTestCluster>, reason: string) {
  return c.api.list("events").filter((e) => e.reason === reason);
}

describe("the scheduler controller", () => {
  it("binds a pending pod and records the Scheduled event", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`);
    const pod = asKind<Pod>(c.api.get("pods", "default", "web"));
    expect(pod.spec?.nodeName).toMatch(/^kdeck-worker-\d$/);
    expect(pod.status?.conditions?.find((x) => x.type === "PodScheduled")?.status).toBe("True");
    expect(events(c, "Scheduled").map((e) => e.message)).toEqual([`Successfully assigned default/web to ${pod.spec!.nodeName}`]);
    c.close();
  });

  it("leaves an unschedulable pod Pending with Kubernetes' reasons, and places it when a node that fits joins", () => {
    const c = createTestCluster();
    c.applyYaml(bigPod);
    let pod = asKind<Pod>(c.api.get("pods", "default", "big"));
    const message =
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu." +
      " preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..";
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.conditions?.find((x) => x.type === "PodScheduled")).toMatchObject({ status: "False", reason: "Unschedulable", message });
    expect(events(c, "FailedScheduling").map((e) => [e.type, e.message])).toEqual([["Warning", message]]);

    // Heartbeats do not make a pod fit: no retry storm, one aggregated event.
    c.advance(120_000);
    expect(events(c, "FailedScheduling")[0]!.count ?? 1).toBe(1);

    c.api.create(nodeObject({ name: "big-node", cpu: "16", memory: "64Gi" }, 9, c.clock.now()));
    c.settle();
    pod = asKind<Pod>(c.api.get("pods", "default", "big"));
    expect(pod.spec?.nodeName).toBe("big-node");
    c.close();
  });

  it("does not place pods on a cordoned node", () => {
    const c = createTestCluster({ workers: 1 });
    c.api.patch("nodes", "", "kdeck-worker-1", { spec: { unschedulable: true } }, "merge");
    c.applyYaml(bigPod.replace('"6"', "100m"));
    const pod = asKind<Pod>(c.api.get("pods", "default", "big"));
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.conditions?.[0]?.message).toBe(
      "0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable." +
        " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
    );
    c.api.patch("nodes", "", "kdeck-worker-1", { spec: { unschedulable: false } }, "merge");
    c.settle();
    expect(asKind<Pod>(c.api.get("pods", "default", "big")).spec?.nodeName).toBe("kdeck-worker-1");
    c.close();
  });
});
