import type { ConfigMap, Event, Node, Pod } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { NODEPOOL_RESOURCE, type NodePool } from "../../../src/core/api/nodepool.js";
import { asKind } from "../../../src/core/api/object.js";
import { parseTime } from "../../../src/core/engine/clock.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { deployment, manifests, nodePool, pdb } from "../../helpers/fixtures.js";

let c: TestCluster | undefined;
afterEach(() => {
  c?.close();
  c = undefined;
});

/** `replicas` pods of `cpu` each that only a node labelled `pool=<pool>` takes. */
function deploymentYaml(name: string, replicas: number, cpu: string, pool: string): string {
  return deployment(name, { replicas, nodeSelector: { pool }, container: "app", cpu, memory: "256Mi" });
}

function scale(cluster: TestCluster, name: string, replicas: number): void {
  cluster.api.patch("deployments.apps", "default", name, { spec: { replicas } }, "merge");
  cluster.settle();
}

function pool(cluster: TestCluster, name: string): NodePool {
  return asKind<NodePool>(cluster.api.get(NODEPOOL_RESOURCE, "", name));
}

function poolNodes(cluster: TestCluster, name: string): string[] {
  return cluster.api
    .list("nodes", { labelSelector: `kdeck.dev/nodepool=${name}` })
    .map((n) => n.metadata.name ?? "")
    .sort();
}

function pods(cluster: TestCluster, app: string): Pod[] {
  return cluster.api.list("pods", { namespace: "default", labelSelector: `app=${app}` }).map((p) => asKind<Pod>(p));
}

function events(cluster: TestCluster, reason: string): Event[] {
  return cluster.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.reason === reason);
}

function autoscalerStatus(cluster: TestCluster): string {
  return asKind<ConfigMap>(cluster.api.get("configmaps", "kube-system", "cluster-autoscaler-status")).data?.status ?? "";
}

describe("cluster autoscaler: scale-up", () => {
  it("grows the pool for a Deployment that no longer fits; the nodes register after the delay and the pods run there", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(manifests(nodePool("web", 1, 4), deploymentYaml("web", 2, "800m", "web")));
    c.advance(60_000);
    expect(poolNodes(c, "web")).toHaveLength(1);
    expect(pods(c, "web").every((p) => p.spec?.nodeName === poolNodes(c!, "web")[0])).toBe(true);

    scale(c, "web", 6);
    const pending = pods(c, "web").filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(4);
    c.advance(10_000);

    const triggered = events(c, "TriggeredScaleUp");
    expect(triggered.map((e) => e.involvedObject.name).sort()).toEqual(pending.map((p) => p.metadata?.name).sort());
    expect(new Set(triggered.map((e) => e.message))).toEqual(new Set(["pod triggered scale-up: [{web 1->3 (max: 4)}]"]));
    expect(events(c, "ScaledUpGroup").map((e) => `${e.involvedObject.kind} ${e.message}`).sort()).toEqual([
      "ConfigMap Scale-up: group web size set to 3 instead of 1 (max: 4)",
      "ConfigMap Scale-up: setting group web size to 3 instead of 1 (max: 4)",
      "NodePool Scale-up: group web size set to 3 instead of 1 (max: 4)",
    ]);
    const scaledUpAt = parseTime(pool(c, "web").status?.lastScaleUpTime ?? undefined);
    expect(pool(c, "web").status).toMatchObject({ desiredSize: 3, currentSize: 1 });

    // The pending pods fit the nodes on their way: no second scale-up while they come.
    c.advance(scaledUpAt + 59_000 - c.clock.now());
    expect(poolNodes(c, "web")).toHaveLength(1);
    expect(pool(c, "web").status?.desiredSize).toBe(3);
    expect(events(c, "TriggeredScaleUp")).toHaveLength(4);
    expect(events(c, "NotTriggerScaleUp")).toHaveLength(0);

    c.advance(1_000);
    const nodes = poolNodes(c, "web");
    expect(nodes).toHaveLength(3);
    c.advance(30_000);
    const running = pods(c, "web").filter((p) => p.status?.phase === "Running");
    expect(running).toHaveLength(6);
    const newNodes = nodes.filter((n) => parseTime(c!.api.get("nodes", "", n).metadata.creationTimestamp) === scaledUpAt + 60_000);
    expect(newNodes).toHaveLength(2);
    expect(running.filter((p) => newNodes.includes(p.spec?.nodeName ?? ""))).toHaveLength(4);
    // The bootstrap worker was never a candidate for these pods.
    expect(running.some((p) => p.spec?.nodeName === "kdeck-worker-1")).toBe(false);
  });

  it("stops at maxSize and says so with NotTriggerScaleUp", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(manifests(nodePool("web", 1, 2), deploymentYaml("web", 2, "800m", "web")));
    c.advance(60_000);
    scale(c, "web", 7);
    c.advance(10 * 60_000);
    expect(poolNodes(c, "web")).toHaveLength(2);
    expect(pool(c, "web").status?.desiredSize).toBe(2);
    expect(new Set(events(c, "TriggeredScaleUp").map((e) => e.message))).toEqual(new Set(["pod triggered scale-up: [{web 1->2 (max: 2)}]"]));
    const notTriggered = events(c, "NotTriggerScaleUp");
    const stillPending = pods(c, "web").filter((p) => !p.spec?.nodeName);
    expect(stillPending).toHaveLength(3);
    const told = new Set(notTriggered.map((e) => e.involvedObject.name));
    for (const p of stillPending) expect(told).toContain(p.metadata?.name);
    expect(new Set(notTriggered.map((e) => e.message))).toEqual(new Set(["pod didn't trigger scale-up: 1 max node group size reached"]));
    // Repeated every loop, recorded at most every 5 minutes per pod.
    for (const e of notTriggered) expect(e.count ?? 1).toBeLessThanOrEqual(3);
  });

  it("does not grow any pool for a pod no pool's node can hold, and says why", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(manifests(nodePool("web", 1, 4), deploymentYaml("huge", 1, "3", "web")));
    c.advance(2 * 60_000);
    expect(pool(c, "web").status?.desiredSize).toBe(1);
    expect(events(c, "NotTriggerScaleUp").map((e) => e.message)).toEqual(["pod didn't trigger scale-up: 1 Insufficient cpu"]);
  });

  it("picks the pool that wastes least (least-waste expander), the first by name on a tie", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(nodePool("large", 0, 3, "8") + "---" + nodePool("small", 0, 3, "2").replace("pool: small}", "pool: large}"));
    c.applyYaml(deploymentYaml("web", 1, "1500m", "large"));
    c.advance(10_000);
    expect(events(c, "TriggeredScaleUp").map((e) => e.message)).toEqual(["pod triggered scale-up: [{small 0->1 (max: 3)}]"]);

    c.close();
    c = createTestCluster({ workers: 1 });
    c.applyYaml(nodePool("b-pool", 0, 3) + "---" + nodePool("a-pool", 0, 3).replace("pool: a-pool}", "pool: b-pool}"));
    c.applyYaml(deploymentYaml("web", 1, "1500m", "b-pool"));
    c.advance(10_000);
    expect(events(c, "TriggeredScaleUp").map((e) => e.message)).toEqual(["pod triggered scale-up: [{a-pool 0->1 (max: 3)}]"]);
  });
});

/** Samples the pool every scan until `ms` passed: its size over time, and when it first shrank. */
function watchPool(cluster: TestCluster, name: string, ms: number): { sizes: number[]; firstRemoval: number | undefined } {
  const sizes: number[] = [];
  let firstRemoval: number | undefined;
  const start = poolNodes(cluster, name).length;
  for (let t = 0; t < ms; t += 10_000) {
    cluster.advance(10_000);
    const size = poolNodes(cluster, name).length;
    sizes.push(size);
    if (firstRemoval === undefined && size < start) firstRemoval = cluster.clock.now();
  }
  return { sizes, firstRemoval };
}

/**
 * `steady` (one 500m pod) and `burst` (four): the first pool node holds four pods, the
 * fifth triggers a second node. Scaling burst to 3 takes pods off the first node (the
 * ReplicaSet deletes where its pods are most crowded), leaving the second node with one
 * pod that fits on the first: the second node is unneeded.
 */
function underusedPool(min: number): TestCluster {
  const cluster = createTestCluster({ workers: 1 });
  cluster.applyYaml(manifests(nodePool("web", min, 3), deploymentYaml("steady", 1, "500m", "web")));
  cluster.advance(60_000);
  cluster.applyYaml(deploymentYaml("burst", 4, "500m", "web"));
  cluster.advance(2 * 60_000);
  expect(poolNodes(cluster, "web")).toHaveLength(2);
  expect([...pods(cluster, "steady"), ...pods(cluster, "burst")].every((p) => p.status?.phase === "Running")).toBe(true);
  scale(cluster, "burst", 3);
  return cluster;
}

describe("cluster autoscaler: scale-down", () => {
  it("removes a node unneeded for 10 minutes: tainted, its pods evicted, then deleted; never below minSize", () => {
    c = underusedPool(1);
    const shrunkAt = c.clock.now();
    const lastScaleUp = parseTime(pool(c, "web").status?.lastScaleUpTime ?? undefined);
    const [first, second] = poolNodes(c, "web");
    const crowded = [first, second].sort((a, b) => pods(c!, "burst").filter((p) => p.spec?.nodeName === b).length - pods(c!, "burst").filter((p) => p.spec?.nodeName === a).length);
    const leaving = crowded[1]!;

    const { sizes, firstRemoval } = watchPool(c, "web", 20 * 60_000);
    expect(firstRemoval).toBeDefined();
    expect(firstRemoval!).toBeGreaterThanOrEqual(shrunkAt + 10 * 60_000);
    expect(firstRemoval!).toBeGreaterThanOrEqual(lastScaleUp + 10 * 60_000);
    expect(Math.min(...sizes)).toBe(1);
    expect(poolNodes(c, "web")).toEqual([crowded[0]]);
    expect(c.api.tryGet("nodes", "", "kdeck-worker-1")).toBeDefined();

    const nodeEvents = events(c, "ScaleDown").filter((e) => e.involvedObject.kind === "Node");
    expect(nodeEvents.map((e) => `${e.involvedObject.name}: ${e.message}`)).toEqual([`${leaving}: marked the node as toBeDeleted/unschedulable`, `${leaving}: node removed by cluster autoscaler`]);
    const podEvents = events(c, "ScaleDown").filter((e) => e.involvedObject.kind === "Pod");
    expect(podEvents.map((e) => e.message)).toEqual(["deleting pod for node scale down"]);
    const evicted = podEvents[0]!.involvedObject.name;
    expect(c.api.tryGet("pods", "default", evicted ?? "")).toBeUndefined();
    expect(pods(c, "burst").filter((p) => p.status?.phase === "Running")).toHaveLength(3);
    expect(pool(c, "web").status).toMatchObject({ desiredSize: 1, currentSize: 1 });
    expect(pool(c, "web").status?.lastScaleDownTime).toBeDefined();
  });

  it("records unneeded nodes in the pool's status and in cluster-autoscaler-status", () => {
    c = underusedPool(1);
    c.advance(2 * 60_000);
    const unneeded = pool(c, "web").status?.unneededNodes ?? [];
    expect(unneeded).toHaveLength(1);
    expect(autoscalerStatus(c)).toContain(`Unneeded:    ${unneeded[0]!.name} (since `);
    expect(autoscalerStatus(c)).toMatch(/Name: {8}web\n {2}Health: {6}Healthy \(ready=2 unready=0 notStarted=0 longNotStarted=0 registered=2 longUnregistered=0 cloudProviderTarget=2 \(minSize=1, maxSize=3\)\)/);
    expect(autoscalerStatus(c)).toContain("ScaleDown:   CandidatesPresent (candidates=1)");
  });

  it("never takes a pool below minSize", () => {
    c = underusedPool(2);
    watchPool(c, "web", 20 * 60_000);
    expect(poolNodes(c, "web")).toHaveLength(2);
    expect(events(c, "ScaleDown")).toHaveLength(0);
  });

  it("keeps a node whose pods a PodDisruptionBudget protects, until the budget allows", () => {
    c = underusedPool(1);
    c.applyYaml(pdb("burst", "burst", { minAvailable: 3 }));
    watchPool(c, "web", 20 * 60_000);
    expect(poolNodes(c, "web")).toHaveLength(2);
    expect(events(c, "ScaleDown")).toHaveLength(0);
    expect(autoscalerStatus(c)).toMatch(/Unremovable: web-\w+: not enough pod disruption budget to move default\/burst-/);

    c.api.patch("poddisruptionbudgets.policy", "default", "burst", { spec: { minAvailable: 2 } }, "merge");
    c.settle();
    watchPool(c, "web", 12 * 60_000);
    expect(poolNodes(c, "web")).toHaveLength(1);
    expect(pods(c, "burst").filter((p) => p.status?.phase === "Running")).toHaveLength(3);
  });

  it("gives a node up, untainted, when an eviction is refused with 429", async () => {
    const { ScaleDownActuator } = await import("../../../src/core/controllers/cluster-autoscaler-actuation.js");
    c = underusedPool(1);
    c.applyYaml(pdb("burst", "burst", { maxUnavailable: 0 }));
    const node = poolNodes(c, "web").find((n) => pods(c!, "burst").filter((p) => p.spec?.nodeName === n).length === 1)!;
    const victims = pods(c, "burst").filter((p) => p.spec?.nodeName === node);
    const outcome = new ScaleDownActuator(c.ctx).start(node, "web", victims, "Scale-down: removing node");
    expect(outcome).toBe("aborted");
    const taints = asKind<Node>(c.api.get("nodes", "", node)).spec?.taints ?? [];
    expect(taints.some((t) => t.key === "ToBeDeletedByClusterAutoscaler")).toBe(false);
    expect(events(c, "ScaleDownFailed").map((e) => `${e.type} ${e.involvedObject.name}: ${e.message}`)).toEqual([`Warning ${node}: failed to drain the node, aborting ScaleDown`]);
    expect(pods(c, "burst").filter((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp)).toHaveLength(1);
  });
});
