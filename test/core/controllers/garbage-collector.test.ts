import { describe, expect, it } from "vitest";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

function counts(c: TestCluster): { deployments: number; replicaSets: number; pods: number } {
  return {
    deployments: c.api.list("deployments.apps").length,
    replicaSets: c.api.list("replicasets.apps").length,
    pods: c.api.list("pods", { namespace: "default" }).length,
  };
}

describe("garbage collector", () => {
  it("background: the Deployment goes at once, then its ReplicaSets, then their pods", () => {
    const c = createTestCluster();
    c.applyYaml(DEPLOYMENT);
    c.advance(20_000);
    c.api.delete("deployments.apps", "default", "web", { propagationPolicy: "Background" });
    expect(c.api.tryGet("deployments.apps", "default", "web")).toBeUndefined();
    c.settle();
    expect(counts(c).replicaSets).toBe(0);
    expect(c.api.list("pods", { namespace: "default" }).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    c.advance(40_000);
    expect(counts(c)).toEqual({ deployments: 0, replicaSets: 0, pods: 0 });
    c.close();
  });

  it("foreground: the Deployment stays, marked foregroundDeletion, until its ReplicaSets and pods are gone", () => {
    const c = createTestCluster();
    c.applyYaml(DEPLOYMENT.replace("image: nginx:1.27", "image: nginx:1.27\n      terminationGracePeriodSeconds: 5"));
    c.advance(20_000);
    c.api.delete("deployments.apps", "default", "web", { propagationPolicy: "Foreground" });
    c.settle();
    const d = c.api.get("deployments.apps", "default", "web");
    expect(d.metadata.deletionTimestamp).toBeDefined();
    expect(d.metadata.finalizers).toEqual(["foregroundDeletion"]);
    const rs = c.api.list("replicasets.apps")[0]!;
    expect(rs.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(rs.metadata.deletionTimestamp).toBeDefined();
    // Each level waits for the one below: pods first.
    let sawPodsWithoutOwners = false;
    for (let t = 0; t < 60 && c.api.tryGet("deployments.apps", "default", "web"); t++) {
      if (c.api.list("pods", { namespace: "default" }).length > 0 && c.api.list("replicasets.apps").length === 0) sawPodsWithoutOwners = true;
      c.advance(500);
    }
    expect(sawPodsWithoutOwners).toBe(false);
    expect(counts(c)).toEqual({ deployments: 0, replicaSets: 0, pods: 0 });
    c.close();
  });

  it("orphan: the Deployment goes, its ReplicaSet stays without owner, its pods keep running", () => {
    const c = createTestCluster();
    c.applyYaml(DEPLOYMENT);
    c.advance(20_000);
    c.api.delete("deployments.apps", "default", "web", { propagationPolicy: "Orphan" });
    c.advance(5_000);
    expect(c.api.tryGet("deployments.apps", "default", "web")).toBeUndefined();
    const rss = c.api.list("replicasets.apps");
    expect(rss).toHaveLength(1);
    expect(rss[0]!.metadata.ownerReferences).toBeUndefined();
    expect(c.api.list("pods", { namespace: "default" }).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    // A new Deployment with the same selector and template adopts the orphaned ReplicaSet.
    c.applyYaml(DEPLOYMENT);
    c.advance(5_000);
    const adopted = c.api.list("replicasets.apps");
    expect(adopted).toHaveLength(1);
    expect(adopted[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", uid: c.api.get("deployments.apps", "default", "web").metadata.uid });
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(2);
    c.close();
  });

  it("a namespace being deleted takes its Deployment, ReplicaSet and pods with it, and nothing is recreated", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1\nkind: Namespace\nmetadata: { name: team }\n---\n${DEPLOYMENT.replace("  name: web", "  name: web\n  namespace: team")}`);
    c.advance(20_000);
    expect(c.api.list("pods", { namespace: "team" })).toHaveLength(2);
    c.api.delete("namespaces", "", "team");
    c.advance(60_000);
    expect(c.api.tryGet("namespaces", "", "team")).toBeUndefined();
    expect(c.api.list("deployments.apps", { namespace: "team" })).toEqual([]);
    expect(c.api.list("replicasets.apps", { namespace: "team" })).toEqual([]);
    expect(c.api.list("pods", { namespace: "team" })).toEqual([]);
    expect(c.engine.failures).toEqual([]);
    c.close();
  });

  it("deletes a dependent whose owner is already gone, and keeps one that still has an owner", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: ConfigMap
metadata: { name: owner-a }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: owner-b }
`);
    const a = c.api.get("configmaps", "default", "owner-a");
    const b = c.api.get("configmaps", "default", "owner-b");
    const ref = (o: typeof a) => ({ apiVersion: "v1", kind: "ConfigMap", name: o.metadata.name!, uid: o.metadata.uid! });
    c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "only-a", namespace: "default", ownerReferences: [ref(a)] } });
    c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "both", namespace: "default", ownerReferences: [ref(a), ref(b)] } });
    c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ghost", namespace: "default", ownerReferences: [{ ...ref(a), uid: "not-a-real-uid" }] } });
    c.settle();
    expect(c.api.tryGet("configmaps", "default", "ghost")).toBeUndefined();
    c.api.delete("configmaps", "default", "owner-a");
    c.settle();
    expect(c.api.tryGet("configmaps", "default", "only-a")).toBeUndefined();
    const both = c.api.get("configmaps", "default", "both");
    expect(both.metadata.ownerReferences?.map((r) => r.name)).toEqual(["owner-b"]);
    c.close();
  });
});
