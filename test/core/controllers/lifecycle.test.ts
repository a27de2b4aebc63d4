import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { createTestCluster } from "../../helpers/cluster.js";

describe("namespace and pod garbage collection", () => {
  it("a new cluster has the system namespaces, each with a default ServiceAccount, and four nodes", () => {
    const c = createTestCluster();
    expect(c.api.list("namespaces").map((n) => n.metadata.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    expect(c.api.list("serviceaccounts").map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual([
      "default/default",
      "kube-node-lease/default",
      "kube-public/default",
      "kube-system/default",
    ]);
    expect(c.api.list("nodes").map((n) => n.metadata.name)).toEqual(["kdeck-control-plane", "kdeck-worker-1", "kdeck-worker-2", "kdeck-worker-3"]);
    c.close();
  });

  it("deleting a namespace terminates its content, then the namespace itself", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Namespace
metadata: { name: team }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: team }
data: { a: "1" }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`);
    c.advance(10_000);
    c.api.delete("namespaces", "", "team");
    c.settle();
    expect(c.api.get("namespaces", "", "team").status).toMatchObject({ phase: "Terminating" });
    expect(() => c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "team" } })).toThrow(
      /unable to create new content in namespace team because it is being terminated/,
    );
    // The pod takes its grace period; then everything, and the namespace, is gone.
    c.advance(40_000);
    expect(c.api.list("pods", { namespace: "team" })).toEqual([]);
    expect(c.api.list("configmaps", { namespace: "team" })).toEqual([]);
    expect(c.api.tryGet("namespaces", "", "team")).toBeUndefined();
    c.close();
  });

  it("refuses to delete the default namespace", () => {
    const c = createTestCluster();
    try {
      c.api.delete("namespaces", "", "default");
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "Forbidden")).toBe(true);
      expect((e as Error).message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
    }
    c.close();
  });

  it("deletes pods bound to a node that was deleted, after the quarantine", () => {
    const c = createTestCluster({ workers: 1 });
    c.applyYaml(`apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers: [{ name: web, image: nginx:1.27 }]
`);
    c.advance(5_000);
    c.api.delete("nodes", "", "kdeck-worker-1");
    c.advance(30_000);
    expect(c.api.tryGet("pods", "default", "web")).toBeDefined();
    c.advance(15_000);
    expect(c.api.tryGet("pods", "default", "web")).toBeUndefined();
    c.close();
  });
});
