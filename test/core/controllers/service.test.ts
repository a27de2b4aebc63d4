import fs from "node:fs";
import type { Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { createControlPlane } from "../../../src/core/control-plane.js";
import { bootstrapCluster } from "../../../src/core/bootstrap.js";
import { EngineClock } from "../../../src/core/engine/clock.js";
import { printTable } from "../../../src/core/printers/table.js";
import { SqliteStore } from "../../../src/persistence/sqlite-store.js";
import { createTestCluster, TEST_EPOCH, type TestCluster } from "../../helpers/cluster.js";

function svc(c: TestCluster, name: string, ns = "default"): Service {
  return asKind<Service>(c.api.get("services", ns, name));
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e.toKubectlString();
    throw e;
  }
  throw new Error("expected a refusal");
}

function getTable(c: TestCluster, resource: string, kind: string, objects?: KubeObject[]): string[][] {
  const table = printTable(kind, objects ?? c.api.list(resource), { now: c.clock.now() });
  return [table.columns.map((col) => col.name.toUpperCase()), ...table.rows.map((r) => r.cells)];
}

describe("Services: allocation at write time", () => {
  it("a new cluster has the kubernetes Service at 10.96.0.1, with the API server as its endpoint", () => {
    const c = createTestCluster();
    const k = svc(c, "kubernetes");
    expect(k.spec).toMatchObject({
      type: "ClusterIP",
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
    });
    expect(getTable(c, "endpoints", "Endpoints")).toEqual([
      ["NAME", "ENDPOINTS", "AGE"],
      ["kubernetes", "172.18.0.2:6443", "0s"],
    ]);
    c.close();
  });

  it("allocates a ClusterIP in 10.96.0.0/12, honours a requested one, and refuses one that is taken or out of range", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: dns }
spec:
  clusterIP: 10.96.0.10
  selector: { app: dns }
  ports: [{ name: dns, port: 53, protocol: UDP }]
`);
    const web = svc(c, "web");
    expect(web.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(web.spec?.clusterIPs).toEqual([web.spec?.clusterIP]);
    expect(web.spec?.ports).toEqual([{ port: 80, protocol: "TCP", targetPort: 80 }]);
    expect(web.spec).toMatchObject({ type: "ClusterIP", sessionAffinity: "None", internalTrafficPolicy: "Cluster", ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"] });
    expect(svc(c, "dns").spec?.clusterIP).toBe("10.96.0.10");
    const taken = { apiVersion: "v1", kind: "Service", metadata: { name: "dns2" }, spec: { clusterIP: "10.96.0.10", ports: [{ port: 53 }] } };
    expect(errorOf(() => c.api.create(taken))).toBe(
      'Error from server (Invalid): Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    const outside = { ...taken, metadata: { name: "far" }, spec: { clusterIP: "10.0.0.1", ports: [{ port: 80 }] } };
    expect(errorOf(() => c.api.create(outside))).toBe(
      'Error from server (Invalid): Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    // Deleting the Service frees its address.
    c.api.delete("services", "default", "dns");
    expect(c.api.create(taken).spec).toMatchObject({ clusterIP: "10.96.0.10" });
    c.close();
  });

  it("keeps the allocated address across an update that leaves it out, and refuses to change it", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80 }]
`);
    const before = svc(c, "web");
    const replaced = c.api.update({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default", labels: { tier: "front" } },
      spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] },
    });
    expect(asKind<Service>(replaced).spec?.clusterIP).toBe(before.spec?.clusterIP);
    expect(asKind<Service>(replaced).spec?.ports?.[0]?.nodePort).toBe(before.spec?.ports?.[0]?.nodePort);
    const moved = { ...replaced, spec: { ...(replaced.spec as object), clusterIP: "10.96.5.5", clusterIPs: ["10.96.5.5"] } };
    expect(errorOf(() => c.api.update(moved))).toBe('Error from server (Invalid): Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.5.5": may not change once set');
    c.close();
  });

  it("allocates NodePorts in 30000-32767 and refuses a taken or out-of-range one", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: a }
spec:
  type: NodePort
  selector: { app: a }
  ports: [{ port: 80, nodePort: 30080 }]
---
apiVersion: v1
kind: Service
metadata: { name: b }
spec:
  type: NodePort
  selector: { app: b }
  ports: [{ name: http, port: 80 }, { name: https, port: 443 }]
`);
    expect(svc(c, "a").spec?.ports?.[0]?.nodePort).toBe(30080);
    expect(svc(c, "a").spec?.externalTrafficPolicy).toBe("Cluster");
    const ports = svc(c, "b").spec!.ports!.map((p) => p.nodePort!);
    for (const p of ports) expect(p >= 30000 && p <= 32767).toBe(true);
    expect(new Set(ports).size).toBe(2);
    const clash = { apiVersion: "v1", kind: "Service", metadata: { name: "c" }, spec: { type: "NodePort", ports: [{ port: 8080, nodePort: 30080 }] } };
    expect(errorOf(() => c.api.create(clash))).toBe('Error from server (Invalid): Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const low = { ...clash, spec: { type: "NodePort", ports: [{ port: 8080, nodePort: 8080 }] } };
    expect(errorOf(() => c.api.create(low))).toBe(
      'Error from server (Invalid): Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const onClusterIP = { ...clash, spec: { ports: [{ port: 8080, nodePort: 30500 }] } };
    expect(errorOf(() => c.api.create(onClusterIP))).toBe("Error from server (Invalid): Service \"c\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    // Changing to ClusterIP drops the NodePorts, which are free again.
    const a = c.api.get("services", "default", "a");
    c.api.update({ ...a, spec: { ...(a.spec as object), type: "ClusterIP" } });
    expect(svc(c, "a").spec?.ports?.[0]?.nodePort).toBeUndefined();
    expect(svc(c, "a").spec?.externalTrafficPolicy).toBeUndefined();
    expect(asKind<Service>(c.api.create(clash)).spec?.ports?.[0]?.nodePort).toBe(30080);
    c.close();
  });

  it("recomputes allocations from the stored Services after a restart", () => {
    const file = `/tmp/kdeck-svc-${process.pid}-${Date.now()}.db`;
    const first = createTestCluster({ file });
    first.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: a }
spec:
  type: NodePort
  clusterIP: 10.96.100.100
  ports: [{ port: 80, nodePort: 31000 }]
`);
    first.close();
    const store = new SqliteStore(file);
    const cp = createControlPlane(store, new EngineClock(TEST_EPOCH), { seed: 42 });
    const clash = { apiVersion: "v1", kind: "Service", metadata: { name: "b" }, spec: { type: "NodePort", clusterIP: "10.96.100.100", ports: [{ port: 80, nodePort: 31000 }] } };
    expect(() => cp.api.create(clash)).toThrow(/spec.clusterIPs: Invalid value: \[\]string\{"10.96.100.100"\}: failed to allocate IP 10.96.100.100: provided IP is already allocated/);
    expect(() => cp.api.create({ ...clash, spec: { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] } })).toThrow(/provided port is already allocated/);
    store.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  });

  it("headless and ExternalName Services get no ClusterIP; ClientIP affinity gets its timeout", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: nginx }
spec:
  clusterIP: None
  selector: { app: nginx }
  ports: [{ name: web, port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: external-db }
spec:
  type: ExternalName
  externalName: db.example.com
---
apiVersion: v1
kind: Service
metadata: { name: sticky }
spec:
  sessionAffinity: ClientIP
  externalIPs: [198.51.100.7]
  selector: { app: sticky }
  ports: [{ port: 80, targetPort: http }]
`);
    expect(svc(c, "nginx").spec).toMatchObject({ clusterIP: "None", clusterIPs: ["None"], ipFamilyPolicy: "SingleStack" });
    expect(svc(c, "external-db").spec?.clusterIP).toBeUndefined();
    expect(svc(c, "external-db").spec?.ipFamilies).toBeUndefined();
    expect(svc(c, "sticky").spec).toMatchObject({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, externalTrafficPolicy: "Cluster" });
    const rows = getTable(c, "services", "Service").map((r) => r.filter((_, i) => i !== 2 && i !== 5));
    expect(rows).toEqual([
      ["NAME", "TYPE", "EXTERNAL-IP", "PORT(S)", "SELECTOR"],
      ["external-db", "ExternalName", "db.example.com", "<none>", "<none>"],
      ["kubernetes", "ClusterIP", "<none>", "443/TCP", "<none>"],
      ["nginx", "ClusterIP", "<none>", "80/TCP", "app=nginx"],
      ["sticky", "ClusterIP", "198.51.100.7", "80/TCP", "app=sticky"],
    ]);
    expect(getTable(c, "services", "Service")[3]![2]).toBe("None");
    c.close();
  });

  it("validates Services with Kubernetes' messages", () => {
    const c = createTestCluster();
    const base = { apiVersion: "v1", kind: "Service", metadata: { name: "bad" } };
    expect(errorOf(() => c.api.create({ ...base, spec: { selector: { app: "x" } } }))).toBe('Error from server (Invalid): Service "bad" is invalid: spec.ports: Required value');
    expect(errorOf(() => c.api.create({ ...base, spec: { ports: [{ name: "http", port: 80 }, { port: 81 }] } }))).toBe(
      'Error from server (Invalid): Service "bad" is invalid: spec.ports[1].name: Required value',
    );
    expect(errorOf(() => c.api.create({ ...base, spec: { type: "Fancy", ports: [{ port: 80 }] } }))).toBe(
      'Error from server (Invalid): Service "bad" is invalid: spec.type: Unsupported value: "Fancy": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(errorOf(() => c.api.create({ ...base, metadata: { name: "1web" }, spec: { ports: [{ port: 80 }] } }))).toMatch(
      /metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character/,
    );
    expect(errorOf(() => c.api.create({ ...base, spec: { type: "ExternalName" } }))).toBe('Error from server (Invalid): Service "bad" is invalid: spec.externalName: Required value');
    expect(errorOf(() => c.api.create({ ...base, spec: { ports: [{ port: 80, targetPort: "not_a_name" }] } }))).toMatch(/spec.ports\[0\].targetPort: Invalid value: "not_a_name"/);
    c.close();
  });
});

describe("Services: the simulated load balancer", () => {
  it("gives each LoadBalancer an address from the pool, <pending> once it is exhausted, and the next one freed", () => {
    const store = new SqliteStore(":memory:");
    const clock = new EngineClock(TEST_EPOCH);
    const cp = createControlPlane(store, clock, { seed: 42, loadBalancerPool: "172.18.255.200-172.18.255.201" });
    bootstrapCluster(cp.api, clock.now());
    cp.engine.start();
    const lb = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ port: 80 }] } });
    for (const n of ["a", "b", "c"]) cp.api.create(lb(n));
    cp.engine.settle();
    const ip = (n: string) => asKind<Service>(cp.api.get("services", "default", n)).status?.loadBalancer?.ingress?.[0]?.ip;
    expect([ip("a"), ip("b"), ip("c")]).toEqual(["172.18.255.200", "172.18.255.201", undefined]);
    const table = printTable("Service", cp.api.list("services").filter((s) => s.metadata.name !== "kubernetes"), { now: clock.now() });
    expect(table.rows.map((r) => r.cells[3])).toEqual(["172.18.255.200", "172.18.255.201", "<pending>"]);
    for (const r of table.rows) expect(r.cells[4]).toMatch(/^80:3\d{4}\/TCP$/);
    const events = cp.api.list("events").filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === "c");
    expect(events.map((e) => (e as { reason?: string }).reason)).toEqual(["EnsuringLoadBalancer", "SyncLoadBalancerFailed"]);
    expect((events[1] as { message?: string }).message).toBe(
      "Error syncing load balancer: failed to ensure load balancer: no available IP in pool 172.18.255.200-172.18.255.201",
    );
    cp.api.delete("services", "default", "a");
    cp.engine.settle();
    expect(ip("c")).toBe("172.18.255.200");
    // A LoadBalancer turned into a ClusterIP Service gives its address back at once.
    const b = cp.api.get("services", "default", "b");
    cp.api.update({ ...b, spec: { ...(b.spec as object), type: "ClusterIP" } });
    cp.engine.settle();
    expect(asKind<Service>(cp.api.get("services", "default", "b")).status?.loadBalancer).toEqual({});
    cp.engine.stop();
    store.close();
  });

  it("with the default pool, 51 addresses are handed out before the next LoadBalancer is <pending>", () => {
    const c = createTestCluster();
    for (let i = 0; i < 52; i++) {
      c.api.create({ apiVersion: "v1", kind: "Service", metadata: { name: `lb-${i}`, namespace: "default" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } });
    }
    c.settle();
    expect(svc(c, "lb-0").status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200", ipMode: "VIP" }]);
    expect(svc(c, "lb-50").status?.loadBalancer?.ingress?.[0]?.ip).toBe("172.18.255.250");
    expect(svc(c, "lb-51").status?.loadBalancer?.ingress).toBeUndefined();
    c.close();
  });
});
