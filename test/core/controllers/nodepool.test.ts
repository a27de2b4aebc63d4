import type { Node } from "kubernetes-types/core/v1";
import { afterEach, describe, expect, it } from "vitest";
import { NODEPOOL_RESOURCE, type NodePool } from "../../../src/core/api/nodepool.js";
import { asKind } from "../../../src/core/api/object.js";
import { isApiError } from "../../../src/core/api/errors.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { admit } from "../admission/helpers.js";
import { eventLines, table } from "./workload-helpers.js";

const POOL = `
apiVersion: kdeck.dev/v1alpha1
kind: NodePool
metadata: {name: batch}
spec:
  minSize: 2
  maxSize: 5
  provisioningDelay: 90s
  template:
    zone: zone-c
    labels: {tier: batch}
    taints: [{key: dedicated, value: batch, effect: NoSchedule}]
    capacity: {cpu: "8", memory: 32Gi, pods: 50}
`;

let c: TestCluster | undefined;
afterEach(() => {
  c?.close();
  c = undefined;
});

function pool(cluster: TestCluster, name = "batch"): NodePool {
  return asKind<NodePool>(cluster.api.get(NODEPOOL_RESOURCE, "", name));
}

function poolNodes(cluster: TestCluster, name = "batch"): Node[] {
  return cluster.api.list("nodes", { labelSelector: `kdeck.dev/nodepool=${name}` }).map((n) => asKind<Node>(n));
}

describe("NodePool controller", () => {
  it("asks for minSize nodes, which register Ready after the provisioning delay, built from the template", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(POOL);
    expect(poolNodes(c)).toHaveLength(0);
    expect(pool(c).status?.provisioning).toHaveLength(2);
    expect(table(c, NODEPOOL_RESOURCE)).toBe(["NAME    MIN   MAX   CURRENT   READY   ZONE     AGE", "batch   2     5     0         0       zone-c   0s", ""].join("\n"));

    c.advance(89_000);
    expect(poolNodes(c)).toHaveLength(0);
    c.advance(1_000);
    const nodes = poolNodes(c);
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.metadata?.name).toMatch(/^batch-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(node.metadata?.labels).toMatchObject({ "kdeck.dev/nodepool": "batch", tier: "batch", "topology.kubernetes.io/zone": "zone-c", "kubernetes.io/hostname": node.metadata?.name });
      expect(node.spec?.taints).toEqual([{ key: "dedicated", value: "batch", effect: "NoSchedule" }]);
      expect(node.status?.allocatable).toMatchObject({ cpu: "8", memory: "32Gi", pods: "50" });
      expect(node.status?.conditions?.find((x) => x.type === "Ready")?.status).toBe("True");
      expect(node.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: "NodePool", name: "batch", uid: pool(c).metadata?.uid })]);
    }
    expect(pool(c).status).toMatchObject({ desiredSize: 2, currentSize: 2, readyNodes: 2 });
    expect(pool(c).status?.provisioning).toBeUndefined();
    expect(table(c, NODEPOOL_RESOURCE, { wide: true })).toBe(
      ["NAME    MIN   MAX   CURRENT   READY   ZONE     AGE   DESIRED   CPU   MEMORY", "batch   2     5     2         2       zone-c   90s   2         8     32Gi", ""].join("\n"),
    );
    expect(eventLines(c, "NodePool").filter((l) => l.includes("SuccessfulCreate"))).toHaveLength(2);
  });

  it("follows minSize up and maxSize down, giving up the emptiest, newest nodes first", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(POOL);
    c.advance(90_000);
    c.api.patch(NODEPOOL_RESOURCE, "", "batch", { spec: { minSize: 4 } }, "merge");
    c.settle();
    expect(pool(c).status).toMatchObject({ desiredSize: 4, currentSize: 2 });
    c.advance(90_000);
    expect(poolNodes(c)).toHaveLength(4);
    const newest = poolNodes(c)
      .sort((a, b) => (b.metadata?.creationTimestamp ?? "").localeCompare(a.metadata?.creationTimestamp ?? ""))
      .slice(0, 2)
      .map((n) => n.metadata?.name)
      .sort();

    c.api.patch(NODEPOOL_RESOURCE, "", "batch", { spec: { minSize: 1, maxSize: 2 } }, "merge");
    c.settle();
    const left = poolNodes(c).map((n) => n.metadata?.name);
    expect(left).toHaveLength(2);
    for (const name of newest) expect(left).not.toContain(name);
    expect(pool(c).status).toMatchObject({ desiredSize: 2, currentSize: 2 });
  });

  it("replaces a node deleted by hand, and deleting the pool deletes its nodes", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(POOL);
    c.advance(90_000);
    const [gone] = poolNodes(c);
    c.api.delete("nodes", "", gone!.metadata!.name!);
    c.settle();
    expect(pool(c).status?.provisioning).toHaveLength(1);
    c.advance(90_000);
    expect(poolNodes(c)).toHaveLength(2);

    c.api.delete(NODEPOOL_RESOURCE, "", "batch");
    c.settle();
    expect(poolNodes(c)).toHaveLength(0);
    expect(c.api.list("nodes").map((n) => n.metadata.name)).toEqual(["kdeck-control-plane", "kdeck-worker-1"]);
  });

  it("drops a status a manifest brings, and an update of the spec keeps the controller's status", () => {
    c = createTestCluster({ workers: 1 });
    c.applyYaml(POOL.replace("provisioningDelay: 90s", "provisioningDelay: 90s\nstatus: {desiredSize: 5}"));
    expect(pool(c).status?.desiredSize).toBe(2);
    c.applyYaml(POOL.replace("maxSize: 5", "maxSize: 6"));
    expect(pool(c).status?.provisioning).toHaveLength(2);
    expect(pool(c).spec.maxSize).toBe(6);
  });
});

describe("NodePool admission", () => {
  const base = { apiVersion: "kdeck.dev/v1alpha1", kind: "NodePool", metadata: { name: "p" } };

  it("defaults the delay, the zone and the capacity", () => {
    c = createTestCluster({ workers: 0 });
    const created = asKind<NodePool>(c.api.create({ ...base, spec: { minSize: 0, maxSize: 1, template: { capacity: { cpu: 2 } } } }));
    expect(created.spec).toEqual({ minSize: 0, maxSize: 1, provisioningDelay: "1m0s", template: { zone: "zone-a", capacity: { cpu: "2", memory: "16Gi", pods: "110" } } });
  });

  it("refuses what a pool cannot be, with field paths", () => {
    expect(admit({ ...base, spec: { maxSize: -1 } })).toEqual(["spec.minSize: Required value", "spec.maxSize: Invalid value: -1: must be greater than or equal to 0"]);
    expect(admit({ ...base, spec: { minSize: 3, maxSize: 2, provisioningDelay: "soon" } })).toEqual([
      "spec.maxSize: Invalid value: 2: must be greater than or equal to minSize",
      'spec.provisioningDelay: Invalid value: "soon": time: invalid duration "soon"',
    ]);
    expect(admit({ ...base, spec: { minSize: 0, maxSize: 1, template: { labels: { "kdeck.dev/nodepool": "x" }, capacity: { cpu: "0", gpu: "1" } } } })).toEqual([
      "spec.template.labels[kdeck.dev/nodepool]: Forbidden: is set by the node pool controller",
      'spec.template.capacity[cpu]: Invalid value: "0": must be greater than 0',
      'spec.template.capacity[gpu]: Unsupported value: "gpu": supported values: "cpu", "memory", "pods"',
    ]);
    expect(admit({ ...base, metadata: { name: "Pool.One" }, spec: { minSize: 0, maxSize: 1 } })[0]).toMatch(/^metadata.name: Invalid value: "Pool.One": a lowercase RFC 1123 label/);
  });

  it("refuses unknown fields under strict validation, as kubectl asks", () => {
    c = createTestCluster({ workers: 0 });
    try {
      c.api.create({ ...base, spec: { minSize: 0, maxSize: 1, tempalte: {} } }, { fieldValidation: "Strict" });
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "BadRequest")).toBe(true);
      expect((e as Error).message).toContain('unknown field "spec.tempalte"');
    }
  });
});
