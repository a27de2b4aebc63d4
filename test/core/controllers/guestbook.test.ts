import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { KINDS } from "../../../src/core/api/registry.js";
import { printTable } from "../../../src/core/printers/table.js";
import { createTestCluster } from "../../helpers/cluster.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const guestbook = path.resolve(here, "../../../../shared/corpus/kubernetes-examples/web/guestbook");
const servesDeployments = KINDS.some((k) => k.group === "apps" && k.kind === "Deployment");

describe.skipIf(!fs.existsSync(guestbook))("the guestbook from kubernetes/examples", () => {
  it.skipIf(!servesDeployments)("applies and converges: every Deployment available, every Service with endpoints", () => {
    const c = createTestCluster();
    const files = fs
      .readdirSync(guestbook)
      .filter((f) => f.endsWith(".yaml"))
      .sort();
    expect(files).toEqual([
      "frontend-deployment.yaml",
      "frontend-service.yaml",
      "redis-master-deployment.yaml",
      "redis-master-service.yaml",
      "redis-replica-deployment.yaml",
      "redis-replica-service.yaml",
    ]);
    for (const f of files) c.applyYaml(fs.readFileSync(path.join(guestbook, f), "utf8"));
    c.advance(120_000);

    const deployments = c.api.list("deployments.apps").map((d) => asKind<Deployment>(d));
    expect(deployments.map((d) => d.metadata?.name)).toEqual(["frontend", "redis-master", "redis-replica"]);
    for (const d of deployments) {
      expect(d.status?.availableReplicas, d.metadata?.name).toBe(d.spec?.replicas);
      expect(d.status?.conditions?.find((x) => x.type === "Available")?.status, d.metadata?.name).toBe("True");
    }

    const expected = new Map([
      ["frontend", 3],
      ["redis-master", 1],
      ["redis-replica", 2],
    ]);
    for (const [svc, replicas] of expected) {
      const ready = c.api
        .list("endpointslices.discovery.k8s.io", { namespace: "default", labelSelector: `kubernetes.io/service-name=${svc}` })
        .flatMap((s) => asKind<EndpointSlice>(s).endpoints ?? [])
        .filter((e) => e.conditions?.ready);
      expect(ready, svc).toHaveLength(replicas);
    }
    const services = printTable("Service", c.api.list("services"), { now: c.clock.now() }).rows.map((r) => [r.cells[0], r.cells[1], r.cells[4]]);
    expect(services.map(([name, type]) => [name, type])).toEqual([
      ["frontend", "NodePort"],
      ["kubernetes", "ClusterIP"],
      ["redis-master", "ClusterIP"],
      ["redis-replica", "ClusterIP"],
    ]);
    expect(services[0]![2]).toMatch(/^80:3\d{4}\/TCP$/);
    const endpoints = printTable("Endpoints", c.api.list("endpoints"), { now: c.clock.now() }).rows.map((r) => [r.cells[0], r.cells[1]]);
    expect(endpoints.find(([n]) => n === "frontend")![1]).toMatch(/^(10\.244\.\d+\.\d+:80,){2}10\.244\.\d+\.\d+:80$/);
    expect(endpoints.find(([n]) => n === "redis-master")![1]).toMatch(/^10\.244\.\d+\.\d+:6379$/);
    expect(endpoints.find(([n]) => n === "redis-replica")![1]).toMatch(/^10\.244\.\d+\.\d+:6379,10\.244\.\d+\.\d+:6379$/);
    c.close();
  });
});
