import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { matchingTolerations, minTolerationSeconds } from "../../../src/core/controllers/taint-eviction.js";
import { addWorkerNode, nextWorkerName } from "../../../src/core/nodes/worker-node.js";
import type { TestCluster } from "../../helpers/cluster.js";
import { manifests, pinnedPod, sleeperDaemonSet } from "../../helpers/fixtures.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { eventLines } from "./workload-helpers.js";

const start = clusterPerTest();

/** Three pods on kdeck-worker-2: one that tolerates `dedicated` for ever, one for 60 s, one not at all. */
const PODS = manifests(
  pinnedPod("forever", "kdeck-worker-2", [{ key: "dedicated", operator: "Exists", effect: "NoExecute" }]),
  pinnedPod("minute", "kdeck-worker-2", [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoExecute", tolerationSeconds: 60 }]),
  pinnedPod("plain", "kdeck-worker-2"),
);

function setTaints(c: TestCluster, name: string, taints: Taint[]): void {
  const n = c.api.get("nodes", "", name);
  const spec: Node["spec"] = { ...asKind<Node>(n).spec, taints };
  if (taints.length === 0) delete spec.taints;
  c.api.update({ ...n, spec });
  c.settle();
}

function phaseOf(c: TestCluster, name: string): string {
  const obj = c.api.tryGet("pods", "default", name);
  if (!obj) return "gone";
  return obj.metadata.deletionTimestamp ? "Terminating" : (asKind<Pod>(obj).status?.phase ?? "");
}

describe("taint eviction (NoExecute)", () => {
  it("evicts pods that do not tolerate the taint at once, and the others after their tolerationSeconds", () => {
    const c = start();
    c.applyYaml(PODS);
    c.advance(20_000);
    setTaints(c, "kdeck-worker-2", [{ key: "dedicated", value: "db", effect: "NoExecute" }]);
    expect([phaseOf(c, "forever"), phaseOf(c, "minute"), phaseOf(c, "plain")]).toEqual(["Running", "Running", "Terminating"]);
    expect(eventLines(c, "Pod", "plain")).toContain("Normal TaintManagerEviction: Marking for deletion Pod default/plain");
    c.advance(59_000);
    expect(phaseOf(c, "minute")).toBe("Running");
    c.advance(1_000);
    expect(phaseOf(c, "minute")).toBe("Terminating");
    // The kubelet is alive here: the pods finish their grace period and go.
    c.advance(35_000);
    expect([phaseOf(c, "forever"), phaseOf(c, "minute"), phaseOf(c, "plain")]).toEqual(["Running", "gone", "gone"]);
  });

  it("cancels a planned eviction when the taint goes before the toleration runs out", () => {
    const c = start();
    c.applyYaml(PODS);
    c.advance(20_000);
    setTaints(c, "kdeck-worker-2", [{ key: "dedicated", value: "db", effect: "NoExecute" }]);
    c.advance(30_000);
    setTaints(c, "kdeck-worker-2", []);
    expect(eventLines(c, "Pod", "minute")).toEqual(expect.arrayContaining(["Normal TaintManagerEviction: Cancelling deletion of Pod default/minute"]));
    c.advance(120_000);
    expect(phaseOf(c, "minute")).toBe("Running");
  });

  it("keeps the first plan when another tolerated NoExecute taint arrives later", () => {
    const c = start();
    c.applyYaml(pinnedPod("any", "kdeck-worker-2", [{ operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }]));
    c.advance(20_000);
    setTaints(c, "kdeck-worker-2", [{ key: "dedicated", value: "db", effect: "NoExecute" }]);
    c.advance(30_000);
    const first = asKind<Node>(c.api.get("nodes", "", "kdeck-worker-2")).spec!.taints![0]!;
    setTaints(c, "kdeck-worker-2", [first, { key: "maintenance", effect: "NoExecute" }]);
    const stamped = asKind<Node>(c.api.get("nodes", "", "kdeck-worker-2")).spec!.taints!.map((t) => t.timeAdded);
    expect(stamped).toEqual(["2024-01-01T00:00:20Z", "2024-01-01T00:00:50Z"]);
    c.advance(29_000);
    expect(phaseOf(c, "any")).toBe("Running");
    c.advance(1_000);
    expect(phaseOf(c, "any")).toBe("Terminating");
  });

  it("matches tolerations as GetMatchingTolerations and getMinTolerationTime do", () => {
    const t: Taint = { key: "k", value: "v", effect: "NoExecute" };
    expect(matchingTolerations([t], [{ key: "k", operator: "Equal", value: "x" }])).toBeUndefined();
    expect(matchingTolerations([t], [{ operator: "Exists" }])).toEqual([{ operator: "Exists" }]);
    expect(minTolerationSeconds([{ operator: "Exists" }])).toBe(-1);
    expect(minTolerationSeconds([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }])).toBe(30);
    expect(minTolerationSeconds([{ tolerationSeconds: 300 }, { tolerationSeconds: -5 }])).toBe(0);
  });
});

const DAEMON = sleeperDaemonSet("agent");

describe("adding and deleting nodes", () => {
  it("a new worker joins Ready with the next name and its zone, and DaemonSets follow it", () => {
    const c = start();
    c.applyYaml(DAEMON);
    c.advance(20_000);
    const added = addWorkerNode(c.api, { cpu: "8", memory: "32Gi", labels: { pool: "big" }, taints: [{ key: "gpu", effect: "PreferNoSchedule" }] });
    c.settle();
    const n = asKind<Node>(c.api.get("nodes", "", "kdeck-worker-4"));
    expect(added.metadata.name).toBe("kdeck-worker-4");
    expect(n.metadata?.labels).toMatchObject({ "kubernetes.io/hostname": "kdeck-worker-4", "topology.kubernetes.io/zone": "zone-a", pool: "big" });
    expect(n.status?.capacity).toMatchObject({ cpu: "8", memory: "32Gi", pods: "110" });
    expect(n.spec?.podCIDR).toBe("10.244.4.0/24");
    expect(n.status?.addresses?.[0]).toEqual({ type: "InternalIP", address: "172.18.0.6" });
    expect(n.status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
    expect(n.spec?.taints).toEqual([{ key: "gpu", effect: "PreferNoSchedule" }]);
    expect(eventLines(c, "Node", "kdeck-worker-4")).toContain("Normal RegisteredNode: Node kdeck-worker-4 event: Registered Node kdeck-worker-4 in Controller");
    c.advance(20_000);
    const agents = c.api.list("pods", { namespace: "default", labelSelector: "app=agent" }).map((p) => asKind<Pod>(p));
    expect(agents.map((p) => p.spec?.nodeName).sort()).toEqual(["kdeck-worker-1", "kdeck-worker-2", "kdeck-worker-3", "kdeck-worker-4"]);
    expect(agents.find((p) => p.spec?.nodeName === "kdeck-worker-4")?.status?.phase).toBe("Running");
  });

  it("a deleted node's pods are garbage-collected after PodGC's 40 s quarantine", () => {
    const c = start();
    c.applyYaml(DAEMON);
    c.advance(20_000);
    c.api.delete("nodes", "", "kdeck-worker-3");
    c.settle();
    expect(eventLines(c, "Node", "kdeck-worker-3")).toContain("Normal RemovingNode: Node kdeck-worker-3 event: Removing Node kdeck-worker-3 from Controller");
    const onNode = () => c.api.list("pods", { namespace: "default" }).filter((p) => asKind<Pod>(p).spec?.nodeName === "kdeck-worker-3");
    expect(onNode()).toHaveLength(1);
    c.advance(39_000);
    expect(onNode()).toHaveLength(1);
    c.advance(1_000);
    expect(onNode()).toHaveLength(0);
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(2);
  });

  it("names workers after the highest one", () => {
    expect(nextWorkerName(["kdeck-control-plane", "kdeck-worker-1", "kdeck-worker-3"])).toBe("kdeck-worker-4");
    expect(nextWorkerName([])).toBe("kdeck-worker-1");
    expect(nextWorkerName(["pool-a-1", "kdeck-worker-2"], "pool-a-")).toBe("pool-a-2");
  });
});
