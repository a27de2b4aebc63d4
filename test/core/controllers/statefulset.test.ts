import type { StatefulSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, table } from "./workload-helpers.js";
import { WEB_STATEFULSET } from "../../helpers/docs-examples.js";


function pod(c: TestCluster, name: string): Pod | undefined {
  const p = c.api.tryGet("pods", "default", name);
  return p && asKind<Pod>(p);
}

function ready(p: Pod | undefined): boolean {
  return p?.status?.phase === "Running" && (p.status.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True");
}

function podNames(c: TestCluster): string[] {
  return c.api.list("pods", { namespace: "default" }).map((p) => p.metadata.name!).sort();
}

function sts(c: TestCluster): StatefulSet {
  return asKind<StatefulSet>(c.api.get("statefulsets.apps", "default", "web"));
}

function scale(c: TestCluster, replicas: number): void {
  c.api.patch("statefulsets.apps", "default", "web", { spec: { replicas } }, "merge");
  c.settle();
}

describe("StatefulSet", () => {
  it("starts web-0, and web-1 only once web-0 is Running and Ready, each with its own claim", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET);
    expect(podNames(c)).toEqual(["web-0"]);
    let web1Early = false;
    for (let t = 0; t < 60; t++) {
      if (pod(c, "web-1") && !ready(pod(c, "web-0"))) web1Early = true;
      c.advance(500);
    }
    expect(web1Early).toBe(false);
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    expect(ready(pod(c, "web-0")) && ready(pod(c, "web-1"))).toBe(true);
    const web0 = pod(c, "web-0")!;
    expect(web0.spec).toMatchObject({ hostname: "web-0", subdomain: "nginx" });
    expect(web0.metadata?.labels).toMatchObject({ app: "nginx", "statefulset.kubernetes.io/pod-name": "web-0", "apps.kubernetes.io/pod-index": "0" });
    expect(web0.metadata?.labels?.["controller-revision-hash"]).toMatch(/^web-[a-z0-9]+$/);
    expect(web0.spec?.volumes?.find((v) => v.name === "www")).toEqual({ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } });
    expect(c.api.list("persistentvolumeclaims", { namespace: "default" }).map((p) => p.metadata.name)).toEqual(["www-web-0", "www-web-1"]);
    expect(c.api.get("persistentvolumeclaims", "default", "www-web-0").metadata.labels).toEqual({ app: "nginx" });
    expect(eventLines(c, "StatefulSet")).toEqual([
      "Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success",
      "Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful",
      "Normal SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success",
      "Normal SuccessfulCreate: create Pod web-1 in StatefulSet web successful",
    ]);
    expect(sts(c).status).toMatchObject({ replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect(table(c, "statefulsets.apps")).toBe("NAME   READY   AGE\nweb    2/2     30s\n");
    c.close();
  });

  it("scales up in order and down in reverse order, keeping the claims of removed ordinals", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET);
    c.advance(30_000);
    scale(c, 5);
    const created: string[] = [];
    for (let t = 0; t < 90; t++) {
      for (const n of podNames(c)) if (!created.includes(n)) created.push(n);
      c.advance(500);
    }
    expect(created).toEqual(["web-0", "web-1", "web-2", "web-3", "web-4"]);
    scale(c, 3);
    const order: string[] = [];
    for (let t = 0; t < 180; t++) {
      for (const n of ["web-3", "web-4"]) {
        const p = pod(c, n);
        if ((!p || p.metadata?.deletionTimestamp) && !order.includes(n)) order.push(n);
      }
      // web-3 is not touched while web-4 still exists.
      if (pod(c, "web-4")) expect(pod(c, "web-3")?.metadata?.deletionTimestamp).toBeUndefined();
      c.advance(500);
    }
    expect(order).toEqual(["web-4", "web-3"]);
    expect(podNames(c)).toEqual(["web-0", "web-1", "web-2"]);
    expect(c.api.list("persistentvolumeclaims", { namespace: "default" }).map((p) => p.metadata.name)).toEqual(["www-web-0", "www-web-1", "www-web-2", "www-web-3", "www-web-4"]);
    c.close();
  });

  it("recreates a deleted pod with the same name and claim", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET);
    c.advance(30_000);
    const uid = pod(c, "web-0")!.metadata!.uid;
    c.api.delete("pods", "default", "web-0");
    c.advance(60_000);
    const again = pod(c, "web-0")!;
    expect(again.metadata?.uid).not.toBe(uid);
    expect(ready(again)).toBe(true);
    expect(again.spec?.volumes?.find((v) => v.name === "www")?.persistentVolumeClaim?.claimName).toBe("www-web-0");
    c.close();
  });

  it("rolls out a new template from the highest ordinal down to the partition", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET.replace("replicas: 2", "replicas: 3"));
    c.advance(60_000);
    const oldRevision = sts(c).status?.currentRevision;
    c.api.patch("statefulsets.apps", "default", "web", { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } }, "strategic");
    c.api.patch("statefulsets.apps", "default", "web", { spec: { template: { spec: { containers: [{ name: "nginx", image: "registry.k8s.io/nginx-slim:0.24" }] } } } }, "strategic");
    c.advance(60_000);
    const image = (n: string) => pod(c, n)?.spec?.containers[0]?.image;
    expect([image("web-0"), image("web-1"), image("web-2")]).toEqual(["registry.k8s.io/nginx-slim:0.21", "registry.k8s.io/nginx-slim:0.21", "registry.k8s.io/nginx-slim:0.24"]);
    const status = sts(c).status!;
    expect(status.currentRevision).toBe(oldRevision);
    expect(status.updateRevision).not.toBe(oldRevision);
    expect(status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
    c.api.patch("statefulsets.apps", "default", "web", { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, "strategic");
    const order: string[] = [];
    for (let t = 0; t < 240; t++) {
      for (const n of ["web-0", "web-1"]) if (image(n) === "registry.k8s.io/nginx-slim:0.24" && !order.includes(n)) order.push(n);
      c.advance(500);
    }
    expect(order).toEqual(["web-1", "web-0"]);
    expect(sts(c).status).toMatchObject({ currentRevision: status.updateRevision, updatedReplicas: 3, currentReplicas: 3, readyReplicas: 3 });
    c.close();
  });

  it("deletes the claims of removed ordinals, and of the set, when the retention policy says Delete", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET.replace('  serviceName: "nginx"', '  serviceName: "nginx"\n  persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete, whenScaled: Delete }').replace("replicas: 2", "replicas: 3"));
    c.advance(60_000);
    scale(c, 1);
    c.advance(120_000);
    expect(c.api.list("persistentvolumeclaims", { namespace: "default" }).map((p) => p.metadata.name)).toEqual(["www-web-0"]);
    c.api.delete("statefulsets.apps", "default", "web");
    c.advance(60_000);
    expect(c.api.list("persistentvolumeclaims", { namespace: "default" })).toEqual([]);
    expect(c.api.list("pods", { namespace: "default" })).toEqual([]);
    c.close();
  });

  it("Parallel pod management starts every replica at once", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_STATEFULSET.replace('  serviceName: "nginx"', '  serviceName: "nginx"\n  podManagementPolicy: Parallel').replace("replicas: 2", "replicas: 4"));
    expect(podNames(c)).toEqual(["web-0", "web-1", "web-2", "web-3"]);
    c.advance(30_000);
    expect(sts(c).status?.readyReplicas).toBe(4);
    scale(c, 1);
    expect(c.api.list("pods", { namespace: "default" }).filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort()).toEqual(["web-1", "web-2", "web-3"]);
    c.close();
  });
});
