import type { Node, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { createControlPlane } from "../../../src/core/control-plane.js";
import { rfc3339 } from "../../../src/core/engine/clock.js";
import { KUBELET_STOPPED_ANNOTATION } from "../../../src/core/kubelet/index.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { deployment } from "../../helpers/fixtures.js";
import { eventLines, table } from "./workload-helpers.js";

const WEB = `${deployment("web", { replicas: 6, container: "nginx" })}---
apiVersion: v1
kind: Pod
metadata: { name: solo }
spec:
  nodeName: kdeck-worker-1
  containers: [{ name: nginx, image: nginx:1.27 }]
`;

function node(c: TestCluster, name: string): Node {
  return asKind<Node>(c.api.get("nodes", "", name));
}

function pods(c: TestCluster): Pod[] {
  return c.api.list("pods", { namespace: "default" }).map((p) => asKind<Pod>(p));
}

function podReady(p: Pod): string | undefined {
  return p.status?.conditions?.find((c) => c.type === "Ready")?.status;
}

function taints(c: TestCluster, name: string): string[] {
  return (node(c, name).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
}

/** `kdeck node stop NAME`: the kubelet stops now. */
function stop(c: TestCluster, name: string): void {
  c.api.patch("nodes", "", name, { metadata: { annotations: { [KUBELET_STOPPED_ANNOTATION]: rfc3339(c.clock.now()) } } }, "merge");
  c.settle();
}

function start(c: TestCluster, name: string): void {
  c.api.patch("nodes", "", name, { metadata: { annotations: { [KUBELET_STOPPED_ANNOTATION]: null } } }, "merge");
  c.settle();
}

describe("node lifecycle: a node whose kubelet stops", () => {
  it("goes NotReady after the 50 s grace, is tainted, and its pods are replaced elsewhere 300 s later", () => {
    const c = createTestCluster();
    c.applyYaml(WEB);
    c.advance(30_000);
    const onNode = pods(c).filter((p) => p.spec?.nodeName === "kdeck-worker-1");
    const lost = onNode.filter((p) => p.metadata?.name !== "solo").map((p) => p.metadata?.name);
    expect(lost.length).toBeGreaterThan(0);
    expect(onNode.every((p) => podReady(p) === "True")).toBe(true);

    stop(c, "kdeck-worker-1");
    c.advance(49_000);
    expect(node(c, "kdeck-worker-1").status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
    expect(taints(c, "kdeck-worker-1")).toEqual([]);

    c.advance(1_000);
    const n = node(c, "kdeck-worker-1");
    expect(n.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["MemoryPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["DiskPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["PIDPressure", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
      ["Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."],
    ]);
    expect(n.status?.conditions?.find((x) => x.type === "Ready")?.lastTransitionTime).toBe(rfc3339(c.clock.now()));
    expect(taints(c, "kdeck-worker-1")).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    expect(n.spec?.taints?.every((t) => t.timeAdded === rfc3339(c.clock.now()))).toBe(true);
    expect(table(c, "nodes")).toMatch(/kdeck-worker-1 +NotReady +<none>/);
    expect(eventLines(c, "Node", "kdeck-worker-1")).toContain("Normal NodeNotReady: Node kdeck-worker-1 status is now: NodeNotReady");
    // The pods are marked not Ready (the endpoints drop them); READY still counts their containers.
    for (const p of pods(c).filter((x) => x.spec?.nodeName === "kdeck-worker-1")) {
      expect(podReady(p)).toBe("False");
      expect(eventLines(c, "Pod", p.metadata?.name)).toContain("Warning NodeNotReady: Node is not ready");
    }

    // The default tolerations keep them 300 s on the unreachable node.
    c.advance(299_000);
    expect(pods(c).filter((p) => p.spec?.nodeName === "kdeck-worker-1").every((p) => !p.metadata?.deletionTimestamp)).toBe(true);
    c.advance(1_000);
    const after = pods(c);
    for (const name of [...lost, "solo"]) {
      const p = after.find((x) => x.metadata?.name === name)!;
      expect(p.metadata?.deletionTimestamp).toBeDefined();
      expect(p.status?.conditions?.find((x) => x.type === "DisruptionTarget")).toMatchObject({
        status: "True",
        reason: "DeletionByTaintManager",
        message: "Taint manager: deleting due to NoExecute taint",
      });
      expect(eventLines(c, "Pod", name)).toContain(`Normal TaintManagerEviction: Marking for deletion Pod default/${name}`);
    }

    // Their controller replaces them on the other nodes; without a kubelet to confirm, the old ones stay Terminating.
    c.advance(30_000);
    const now = pods(c);
    const live = now.filter((p) => p.metadata?.labels?.app === "web" && !p.metadata?.deletionTimestamp);
    expect(live).toHaveLength(6);
    expect(live.every((p) => p.spec?.nodeName !== "kdeck-worker-1" && podReady(p) === "True")).toBe(true);
    expect(now.filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name).sort()).toEqual([...lost, "solo"].sort());
    expect(table(c, "pods")).toMatch(/solo +1\/1 +Terminating/);
    c.close();
  });

  it("recovers when the kubelet starts again: Ready, untainted, and the evicted pods finish terminating", () => {
    const c = createTestCluster();
    c.applyYaml(WEB);
    c.advance(30_000);
    stop(c, "kdeck-worker-1");
    c.advance(400_000);
    expect(pods(c).some((p) => p.metadata?.deletionTimestamp)).toBe(true);

    start(c, "kdeck-worker-1");
    const n = node(c, "kdeck-worker-1");
    expect(n.status?.conditions?.find((x) => x.type === "Ready")).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(taints(c, "kdeck-worker-1")).toEqual([]);
    expect(eventLines(c, "Node", "kdeck-worker-1")).toContain("Normal NodeReady: Node kdeck-worker-1 status is now: NodeReady");
    c.advance(5_000);
    expect(pods(c).filter((p) => p.metadata?.deletionTimestamp)).toEqual([]);
    expect(pods(c).filter((p) => p.metadata?.labels?.app === "web")).toHaveLength(6);
    c.close();
  });

  it("comes back before the tolerations run out: pods become Ready again and nothing is evicted", () => {
    const c = createTestCluster();
    c.applyYaml(WEB);
    c.advance(30_000);
    const before = pods(c).map((p) => p.metadata?.name).sort();
    stop(c, "kdeck-worker-1");
    c.advance(120_000);
    start(c, "kdeck-worker-1");
    c.advance(5_000);
    expect(pods(c).map((p) => p.metadata?.name).sort()).toEqual(before);
    expect(pods(c).every((p) => podReady(p) === "True")).toBe(true);
    c.advance(600_000);
    expect(pods(c).every((p) => !p.metadata?.deletionTimestamp)).toBe(true);
    expect(eventLines(c, "Pod").some((l) => l.includes("Cancelling deletion of Pod default/"))).toBe(true);
    c.close();
  });

  it("counts the grace period from the kubelet's stop, also across engine restarts", () => {
    const c = createTestCluster();
    c.advance(45_000); // the last heartbeat was 45 s ago
    stop(c, "kdeck-worker-2");
    c.advance(30_000);
    // Another process takes over the engine: nothing of the first one's memory is left.
    c.engine.stop();
    const next = createControlPlane(c.store, c.clock);
    next.engine.start();
    next.engine.advance(19_000);
    expect(node(c, "kdeck-worker-2").status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
    next.engine.advance(1_000);
    expect(node(c, "kdeck-worker-2").status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("Unknown");
    next.engine.stop();
    c.close();
  });

  it("taints a cordoned node node.kubernetes.io/unschedulable:NoSchedule, and untaints it on uncordon", () => {
    const c = createTestCluster();
    c.api.patch("nodes", "", "kdeck-worker-3", { spec: { unschedulable: true } }, "merge");
    c.settle();
    expect(taints(c, "kdeck-worker-3")).toEqual(["node.kubernetes.io/unschedulable:NoSchedule"]);
    c.api.patch("nodes", "", "kdeck-worker-3", { spec: { unschedulable: null } }, "merge");
    c.settle();
    expect(node(c, "kdeck-worker-3").spec?.taints).toBeUndefined();
    c.close();
  });

  it("force-deletes the terminating pods of a stopped node tainted out-of-service", () => {
    const c = createTestCluster();
    c.applyYaml(WEB);
    c.advance(30_000);
    stop(c, "kdeck-worker-1");
    c.advance(400_000);
    expect(pods(c).filter((p) => p.metadata?.deletionTimestamp).length).toBeGreaterThan(0);
    const n = c.api.get("nodes", "", "kdeck-worker-1");
    const spec = asKind<Node>(n).spec ?? {};
    c.api.update({ ...n, spec: { ...spec, taints: [...(spec.taints ?? []), { key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" }] } } as KubeObject);
    c.settle();
    expect(pods(c).filter((p) => p.spec?.nodeName === "kdeck-worker-1")).toEqual([]);
    c.close();
  });
});
