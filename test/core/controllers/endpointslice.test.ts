import type { Endpoints, Pod } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/table.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

const SLICES = "endpointslices.discovery.k8s.io";

function slicesOf(c: TestCluster, svc: string, ns = "default"): EndpointSlice[] {
  return c.api.list(SLICES, { namespace: ns, labelSelector: `kubernetes.io/service-name=${svc}` }).map((s) => asKind<EndpointSlice>(s));
}

function podIP(c: TestCluster, name: string): string {
  return asKind<Pod>(c.api.get("pods", "default", name)).status!.podIP!;
}

/** Pods `web-1…web-n` answering on port 80 (named `http`), ready `readyAfter` after they start. */
function webPods(n: number, readyAfter = "30s", extra = ""): string {
  const docs: string[] = [];
  for (let i = 1; i <= n; i++) {
    docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels: { app: web }
  annotations: { sim.kdeck.dev/ready-after: "${readyAfter}" }
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: nginx
    image: nginx:1.27
    ports: [{ name: http, containerPort: 80 }]
    readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 }
${extra}`);
  }
  return docs.join("---\n");
}

const WEB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: { app: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 8080, targetPort: http }]
---
`;

describe("EndpointSlices and Endpoints follow the pods a Service selects", () => {
  it("lists not-ready pods as such, adds them as they become Ready, and flags terminating ones", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_SERVICE + webPods(3));
    c.advance(10_000);
    let [slice] = slicesOf(c, "web");
    expect(slicesOf(c, "web")).toHaveLength(1);
    expect(slice!.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice!.metadata?.labels).toEqual({
      app: "web",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(slice!.metadata?.ownerReferences).toMatchObject([{ apiVersion: "v1", kind: "Service", name: "web", controller: true, blockOwnerDeletion: true }]);
    expect(slice!.addressType).toBe("IPv4");
    expect(slice!.ports).toEqual([{ name: "http", port: 80, protocol: "TCP" }]);
    expect(slice!.endpoints).toHaveLength(3);
    for (const e of slice!.endpoints!) expect(e.conditions).toEqual({ ready: false, serving: false, terminating: false });
    const first = slice!.endpoints!.find((e) => e.targetRef?.name === "web-1")!;
    expect(first).toMatchObject({ addresses: [podIP(c, "web-1")], targetRef: { kind: "Pod", namespace: "default", name: "web-1" } });
    expect(first.nodeName).toMatch(/^kdeck-worker-\d$/);
    expect(first.zone).toMatch(/^zone-[abc]$/);
    // Legacy Endpoints: not-ready addresses only, so `get endpoints` shows none.
    const ep = asKind<Endpoints>(c.api.get("endpoints", "default", "web"));
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.addresses).toBeUndefined();
    expect(ep.subsets![0]!.notReadyAddresses).toHaveLength(3);
    expect(ep.subsets![0]!.ports).toEqual([{ name: "http", port: 80, protocol: "TCP" }]);

    c.advance(40_000);
    [slice] = slicesOf(c, "web");
    for (const e of slice!.endpoints!) expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
    const ips = ["web-1", "web-2", "web-3"].map((n) => podIP(c, n)).sort();
    const cell = printTable("Endpoints", [c.api.get("endpoints", "default", "web")], { now: c.clock.now() }).rows[0]!.cells[1];
    expect(cell).toBe(ips.map((ip) => `${ip}:80`).join(","));

    c.api.delete("pods", "default", "web-2");
    c.settle();
    [slice] = slicesOf(c, "web");
    const leaving = slice!.endpoints!.find((e) => e.targetRef?.name === "web-2")!;
    expect(leaving.conditions).toEqual({ ready: false, serving: true, terminating: true });
    const after = asKind<Endpoints>(c.api.get("endpoints", "default", "web"));
    expect(after.subsets![0]!.addresses!.map((a) => a.targetRef?.name).sort()).toEqual(["web-1", "web-3"]);

    c.advance(40_000);
    [slice] = slicesOf(c, "web");
    expect(slice!.endpoints!.map((e) => e.targetRef?.name).sort()).toEqual(["web-1", "web-3"]);
    c.close();
  });

  it("resolves a named targetPort per pod: pods with different container ports get separate slices", () => {
    const c = createTestCluster();
    c.applyYaml(`${WEB_SERVICE}${webPods(1, "0s")}---
apiVersion: v1
kind: Pod
metadata: { name: alt, labels: { app: web } }
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports: [{ name: http, containerPort: 8000 }]
---
apiVersion: v1
kind: Pod
metadata: { name: portless, labels: { app: web } }
spec:
  containers: [{ name: app, image: nginx:1.27 }]
`);
    c.advance(30_000);
    const slices = slicesOf(c, "web");
    const byPorts = new Map(slices.map((s) => [JSON.stringify(s.ports ?? []), s.endpoints!.map((e) => e.targetRef?.name)]));
    expect(byPorts).toEqual(
      new Map([
        [JSON.stringify([{ name: "http", port: 80, protocol: "TCP" }]), ["web-1"]],
        [JSON.stringify([{ name: "http", port: 8000, protocol: "TCP" }]), ["alt"]],
        ["[]", ["portless"]],
      ]),
    );
    const ep = asKind<Endpoints>(c.api.get("endpoints", "default", "web"));
    expect(ep.subsets!.map((s) => [s.ports![0]!.port, s.addresses!.map((a) => a.targetRef?.name)])).toEqual([
      [80, ["web-1"]],
      [8000, ["alt"]],
    ]);
    c.close();
  });

  it("publishNotReadyAddresses lists pods as ready before they are", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: { app: web }
  ports: [{ port: 80 }]
---
${webPods(2, "10m")}`);
    c.advance(20_000);
    const [slice] = slicesOf(c, "web");
    expect(slice!.metadata?.labels?.["service.kubernetes.io/headless"]).toBe("");
    for (const e of slice!.endpoints!) expect(e.conditions).toEqual({ ready: true, serving: false, terminating: false });
    expect(asKind<Endpoints>(c.api.get("endpoints", "default", "web")).subsets![0]!.addresses).toHaveLength(2);
    c.close();
  });

  it("packs at most 100 endpoints per slice; `get endpoints` shows three and `+ N more...`", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_SERVICE + webPods(101, "0s"));
    c.advance(30_000);
    const slices = slicesOf(c, "web");
    expect(slices.map((s) => s.endpoints!.length).sort((a, b) => a - b)).toEqual([1, 100]);
    const cell = printTable("Endpoints", [c.api.get("endpoints", "default", "web")], { now: c.clock.now() }).rows[0]!.cells[1]!;
    expect(cell).toMatch(/^10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80 \+ 98 more\.\.\.$/);
    const sliceCells = printTable("EndpointSlice", slices as unknown as KubeObject[], { now: c.clock.now() }).rows.map((r) => r.cells.slice(1, 4));
    for (const cells of sliceCells) {
      expect(cells[0]).toBe("IPv4");
      expect(cells[1]).toBe("80");
    }
    c.close();
  });

  it("keeps an empty placeholder slice for a Service that selects nothing, and removes its slices and Endpoints with it", () => {
    const c = createTestCluster();
    c.applyYaml(WEB_SERVICE);
    const slices = slicesOf(c, "web");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toEqual([]);
    expect(printTable("EndpointSlice", slices as unknown as KubeObject[], { now: c.clock.now() }).rows[0]!.cells.slice(1, 4)).toEqual(["IPv4", "<unset>", "<unset>"]);
    expect(printTable("Endpoints", [c.api.get("endpoints", "default", "web")], { now: c.clock.now() }).rows[0]!.cells[1]).toBe("<none>");
    c.api.delete("services", "default", "web");
    c.settle();
    expect(slicesOf(c, "web")).toEqual([]);
    expect(c.api.tryGet("endpoints", "default", "web")).toBeUndefined();
    c.close();
  });

  it("goes quietly with its namespace", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Namespace
metadata: { name: team }
---
${WEB_SERVICE.replace("name: web\n", "name: web\n  namespace: team\n")}${webPods(2, "0s").replace(/name: web-(\d)\n/g, "name: web-$1\n  namespace: team\n")}`);
    c.advance(20_000);
    expect(slicesOf(c, "web", "team")[0]!.endpoints).toHaveLength(2);
    c.api.delete("namespaces", "", "team");
    c.advance(60_000);
    expect(c.api.tryGet("namespaces", "", "team")).toBeUndefined();
    expect(c.api.list(SLICES, { namespace: "team" })).toEqual([]);
    expect(c.api.list("endpoints", { namespace: "team" })).toEqual([]);
    expect(c.engine.failures).toEqual([]);
    c.close();
  });

  it("leaves a Service without a selector to the Endpoints its user writes, mirrored into slices", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: legacy-db }
spec:
  ports: [{ port: 5432 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: legacy-db }
subsets:
- addresses: [{ ip: 192.0.2.10 }, { ip: 192.0.2.11 }]
  ports: [{ port: 5432 }]
`);
    expect(asKind<Endpoints>(c.api.get("endpoints", "default", "legacy-db")).subsets![0]!.addresses!.map((a) => a.ip)).toEqual(["192.0.2.10", "192.0.2.11"]);
    const slices = slicesOf(c, "legacy-db");
    expect(slices).toHaveLength(1);
    expect(slices[0]!.metadata?.labels?.["endpointslice.kubernetes.io/managed-by"]).toBe("endpointslicemirroring-controller.k8s.io");
    expect(slices[0]!.endpoints!.map((e) => [e.addresses[0], e.conditions?.ready])).toEqual([
      ["192.0.2.10", true],
      ["192.0.2.11", true],
    ]);
    expect(slices[0]!.ports).toEqual([{ name: "", port: 5432, protocol: "TCP" }]);
    c.close();
  });
});
