import type { Ingress } from "kubernetes-types/networking/v1";
import { describe, expect, it } from "vitest";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { resolveResourceArg } from "../../../src/core/api/registry.js";
import { printTable } from "../../../src/core/printers/table.js";
import { describeNetworkingOrStorage } from "../../../src/client/describe/networking-storage.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

const INGRESSES = "ingresses.networking.k8s.io";

function refusal(c: TestCluster, obj: KubeObject): string {
  try {
    c.api.create(obj);
  } catch (e) {
    return (e as Error).message;
  }
  return "accepted";
}

function ingress(spec: unknown, name = "bad"): KubeObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name, namespace: "default" }, spec };
}

const backend = { service: { name: "web", port: { number: 80 } } };

describe("Ingress and IngressClass", () => {
  it("validates rules: host, path, pathType and backend, with Kubernetes' messages", () => {
    const c = createTestCluster();
    const rule = (host: string | undefined, path: Record<string, unknown>) => ({ rules: [{ ...(host ? { host } : {}), http: { paths: [path] } }] });
    expect(refusal(c, ingress(rule("foo.com", { path: "api", pathType: "Prefix", backend })))).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    );
    expect(refusal(c, ingress(rule("foo.com", { path: "/api", backend })))).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
    expect(refusal(c, ingress(rule("foo.com", { path: "/api", pathType: "Regex", backend })))).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    );
    expect(refusal(c, ingress(rule("foo.*.com", { path: "/", pathType: "Prefix", backend })))).toBe(
      `Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].host: Invalid value: "foo.*.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(refusal(c, ingress(rule("10.0.0.1", { path: "/", pathType: "Prefix", backend })))).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    );
    expect(refusal(c, ingress(rule(undefined, { path: "/", pathType: "Prefix", backend: { service: { name: "web" } } })))).toBe(
      'Ingress.networking.k8s.io "bad" is invalid: spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
    );
    expect(refusal(c, ingress({}))).toBe('Ingress.networking.k8s.io "bad" is invalid: spec: Invalid value: "": either `defaultBackend` or `rules` must be specified');
    expect(refusal(c, ingress(rule("*.foo.com", { path: "/", pathType: "Prefix", backend }), "wild"))).toBe("accepted");
    expect(
      refusal(c, { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "x" }, spec: {} }),
    ).toBe('IngressClass.networking.k8s.io "x" is invalid: spec.controller: Required value');
    c.close();
  });

  it("an Ingress without a class gets the default IngressClass; one naming a class by annotation does not", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: { ingressclass.kubernetes.io/is-default-class: "true" }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: plain }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy
  annotations: { kubernetes.io/ingress.class: traefik }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
`);
    expect(asKind<Ingress>(c.api.get(INGRESSES, "default", "plain")).spec?.ingressClassName).toBe("nginx");
    expect(asKind<Ingress>(c.api.get(INGRESSES, "default", "legacy")).spec?.ingressClassName).toBeUndefined();
    const t = printTable("IngressClass", c.api.list("ingressclasses.networking.k8s.io"), { now: c.clock.now() });
    expect(t.rows.map((r) => r.cells)).toEqual([["nginx", "k8s.io/ingress-nginx", "<none>", "0s"]]);
    c.close();
  });

  it("`get ingress` lists class, hosts and ports; `describe ingress` shows each backend's endpoints and flags a missing Service", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
---
apiVersion: v1
kind: Pod
metadata: { name: web-1, labels: { app: web } }
spec:
  containers: [{ name: nginx, image: nginx:1.27, ports: [{ containerPort: 80 }] }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop }
spec:
  ingressClassName: nginx
  tls: [{ hosts: [shop.example.com], secretName: shop-tls }]
  rules:
  - host: shop.example.com
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
      - { path: /api, pathType: Prefix, backend: { service: { name: api, port: { name: http } } } }
`);
    c.advance(20_000);
    const t = printTable("Ingress", c.api.list(INGRESSES), { now: c.clock.now() });
    expect([t.columns.map((x) => x.name.toUpperCase()), ...t.rows.map((r) => r.cells)]).toEqual([
      ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
      ["shop", "nginx", "shop.example.com", "", "80, 443", "20s"],
    ]);
    const ip = (c.api.get("pods", "default", "web-1").status as { podIP: string }).podIP;
    const text = describeNetworkingOrStorage(c.api, resolveResourceArg("ingress"), c.api.get(INGRESSES, "default", "shop"), [], { now: c.clock.now() });
    expect(text).toBe(`Name:             shop
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    nginx
Default backend:  <default>
TLS:
  shop-tls terminates shop.example.com
Rules:
  Host              Path  Backends
  ----              ----  --------
  shop.example.com  
                    /      web:80 (${ip}:80)
                    /api   api:http (<error: services "api" not found>)
Annotations:        <none>
Events:             <none>
`);
    c.close();
  });
});
