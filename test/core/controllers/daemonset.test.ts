import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { nodeObject } from "../../../src/core/bootstrap.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, table } from "./workload-helpers.js";

/** The docs' fluentd-elasticsearch DaemonSet (controllers/daemonset.yaml), in the default namespace. */
const FLUENTD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      containers:
      - name: fluentd-elasticsearch
        image: nginx:1.27
`;

const CONTROL_PLANE_TOLERATION = `      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:`;

function daemonPods(c: TestCluster): Pod[] {
  return c.api.list("pods", { namespace: "default" }).map((p) => asKind<Pod>(p));
}

function nodesOf(pods: Pod[]): string[] {
  return pods.map((p) => p.spec?.nodeName ?? "").sort();
}

function ds(c: TestCluster): DaemonSet {
  return asKind<DaemonSet>(c.api.get("daemonsets.apps", "default", "fluentd-elasticsearch"));
}

describe("DaemonSet", () => {
  it("runs one pod per worker, skipping the tainted control plane, placed by the scheduler through node affinity", () => {
    const c = createTestCluster();
    c.applyYaml(FLUENTD);
    c.advance(20_000);
    const pods = daemonPods(c);
    expect(nodesOf(pods)).toEqual(["kdeck-worker-1", "kdeck-worker-2", "kdeck-worker-3"]);
    const pod = pods[0]!;
    const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    expect(terms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: [pod.spec?.nodeName] }] }]);
    expect(pod.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual(
      expect.arrayContaining([
        "node.kubernetes.io/not-ready:NoExecute",
        "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/disk-pressure:NoSchedule",
        "node.kubernetes.io/memory-pressure:NoSchedule",
        "node.kubernetes.io/pid-pressure:NoSchedule",
        "node.kubernetes.io/unschedulable:NoSchedule",
      ]),
    );
    expect(pod.metadata?.labels).toMatchObject({ "pod-template-generation": "1", "controller-revision-hash": expect.any(String) as string });
    expect(eventLines(c, "Pod", pod.metadata?.name)[0]).toMatch(/^Normal Scheduled: Successfully assigned default\/fluentd-elasticsearch-[a-z0-9]{5} to kdeck-worker-\d$/);
    expect(ds(c).status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0 });
    expect(table(c, "daemonsets.apps")).toBe(
      "NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n" +
        "fluentd-elasticsearch   3         3         3       3            3           <none>          20s\n",
    );
    expect(c.api.list("controllerrevisions.apps", { namespace: "default" })).toHaveLength(1);
    c.close();
  });

  it("runs on the control plane too when its taint is tolerated", () => {
    const c = createTestCluster();
    c.applyYaml(FLUENTD.replace("      containers:", CONTROL_PLANE_TOLERATION));
    c.advance(20_000);
    expect(nodesOf(daemonPods(c))).toEqual(["kdeck-control-plane", "kdeck-worker-1", "kdeck-worker-2", "kdeck-worker-3"]);
    c.close();
  });

  it("follows nodes as they are added and removed, and honours nodeSelector", () => {
    const c = createTestCluster();
    c.applyYaml(FLUENTD.replace("      containers:", "      nodeSelector:\n        disktype: ssd\n      containers:"));
    c.advance(10_000);
    expect(daemonPods(c)).toHaveLength(0);
    c.api.patch("nodes", "", "kdeck-worker-2", { metadata: { labels: { disktype: "ssd" } } }, "merge");
    c.advance(10_000);
    expect(nodesOf(daemonPods(c))).toEqual(["kdeck-worker-2"]);
    c.api.create(nodeObject({ name: "kdeck-worker-4", labels: { disktype: "ssd" } }, 4, c.clock.now()));
    c.advance(10_000);
    expect(nodesOf(daemonPods(c))).toEqual(["kdeck-worker-2", "kdeck-worker-4"]);
    expect(ds(c).status?.desiredNumberScheduled).toBe(2);
    // The label goes: the pod on that node goes too.
    c.api.patch("nodes", "", "kdeck-worker-2", { metadata: { labels: { disktype: null } } }, "merge");
    c.advance(40_000);
    expect(nodesOf(daemonPods(c))).toEqual(["kdeck-worker-4"]);
    // The node goes: its pod is collected.
    c.api.delete("nodes", "", "kdeck-worker-4");
    c.advance(60_000);
    expect(daemonPods(c)).toHaveLength(0);
    expect(ds(c).status?.desiredNumberScheduled).toBe(0);
    c.close();
  });

  it("rolls a new template out one node at a time (maxUnavailable 1)", () => {
    const c = createTestCluster({ workers: 4 });
    c.applyYaml(FLUENTD);
    c.advance(20_000);
    c.api.patch("daemonsets.apps", "default", "fluentd-elasticsearch", { spec: { template: { spec: { containers: [{ name: "fluentd-elasticsearch", image: "nginx:1.26" }] } } } }, "strategic");
    c.settle();
    let maxDown = 0;
    for (let t = 0; t < 120; t++) {
      const available = ds(c).status?.numberAvailable ?? 0;
      maxDown = Math.max(maxDown, 4 - available);
      c.advance(500);
    }
    expect(maxDown).toBe(1);
    const pods = daemonPods(c);
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.spec?.containers[0]?.image === "nginx:1.26" && p.metadata?.labels?.["pod-template-generation"] === "2")).toBe(true);
    expect(ds(c).status).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4 });
    expect(c.api.list("controllerrevisions.apps", { namespace: "default" }).map((r) => r.revision)).toEqual(expect.arrayContaining([1, 2]));
    c.close();
  });

  it("with maxSurge starts the new pod on a node before it deletes the old one", () => {
    const c = createTestCluster({ workers: 3 });
    c.applyYaml(FLUENTD.replace("  template:", "  updateStrategy:\n    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }\n  template:"));
    c.advance(20_000);
    c.api.patch("daemonsets.apps", "default", "fluentd-elasticsearch", { spec: { template: { spec: { containers: [{ name: "fluentd-elasticsearch", image: "nginx:1.26" }] } } } }, "strategic");
    c.settle();
    let minAvailable = Infinity;
    let maxPods = 0;
    for (let t = 0; t < 120; t++) {
      minAvailable = Math.min(minAvailable, ds(c).status?.numberAvailable ?? 0);
      maxPods = Math.max(maxPods, daemonPods(c).filter((p) => !p.metadata?.deletionTimestamp).length);
      c.advance(500);
    }
    expect(minAvailable).toBe(3);
    expect(maxPods).toBe(4);
    expect(daemonPods(c).map((p) => p.spec?.containers[0]?.image)).toEqual(["nginx:1.26", "nginx:1.26", "nginx:1.26"]);
    c.close();
  });

  it("OnDelete leaves old pods until they are deleted", () => {
    const c = createTestCluster();
    c.applyYaml(FLUENTD.replace("  template:", "  updateStrategy:\n    type: OnDelete\n  template:"));
    c.advance(20_000);
    c.api.patch("daemonsets.apps", "default", "fluentd-elasticsearch", { spec: { template: { spec: { containers: [{ name: "fluentd-elasticsearch", image: "nginx:1.26" }] } } } }, "strategic");
    c.advance(30_000);
    expect(daemonPods(c).every((p) => p.spec?.containers[0]?.image === "nginx:1.27")).toBe(true);
    expect(ds(c).status?.updatedNumberScheduled).toBe(0);
    c.api.delete("pods", "default", daemonPods(c)[0]!.metadata!.name!);
    c.advance(40_000);
    expect(daemonPods(c).filter((p) => p.spec?.containers[0]?.image === "nginx:1.26")).toHaveLength(1);
    expect(ds(c).status?.updatedNumberScheduled).toBe(1);
    c.close();
  });
});
