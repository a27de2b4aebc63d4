import { describe, expect, it } from "vitest";
import { applyDefaults } from "../../../src/core/admission/defaults.js";
import { deepFreeze, type KubeObject } from "../../../src/core/api/object.js";
import { kind } from "./helpers.js";

const frozen = (o: unknown) => deepFreeze(structuredClone(o)) as KubeObject;

describe("applyDefaults", () => {
  it("gives a `kubectl run` pod what the API server stores for it", () => {
    // The body `kubectl run nginx --image=nginx` sends.
    const sent = frozen({
      kind: "Pod",
      apiVersion: "v1",
      metadata: { name: "nginx", namespace: "default", labels: { run: "nginx" } },
      spec: { containers: [{ name: "nginx", image: "nginx", resources: {} }], restartPolicy: "Always", dnsPolicy: "ClusterFirst" },
      status: {},
    });
    const stored = applyDefaults(sent, kind("Pod"));
    expect(stored).toEqual({
      kind: "Pod",
      apiVersion: "v1",
      metadata: { name: "nginx", namespace: "default", labels: { run: "nginx" } },
      spec: {
        containers: [
          {
            name: "nginx",
            image: "nginx",
            imagePullPolicy: "Always",
            resources: {},
            terminationMessagePath: "/dev/termination-log",
            terminationMessagePolicy: "File",
          },
        ],
        dnsPolicy: "ClusterFirst",
        enableServiceLinks: true,
        preemptionPolicy: "PreemptLowerPriority",
        priority: 0,
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        serviceAccount: "default",
        serviceAccountName: "default",
        terminationGracePeriodSeconds: 30,
        tolerations: [
          { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
          { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        ],
      },
      status: { phase: "Pending", qosClass: "BestEffort" },
    });
  });

  it("returns a new object and leaves the frozen input alone", () => {
    const sent = frozen({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" }, spec: { containers: [{ name: "a", image: "a" }] } });
    const out = applyDefaults(sent, kind("Pod"));
    expect(out).not.toBe(sent);
    expect((sent.spec as { restartPolicy?: string }).restartPolicy).toBeUndefined();
  });

  it("chooses imagePullPolicy from the image tag", () => {
    const policy = (image: string) => {
      const out = applyDefaults(frozen({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" }, spec: { containers: [{ name: "a", image }] } }), kind("Pod"));
      return (out.spec as { containers: { imagePullPolicy: string }[] }).containers[0]!.imagePullPolicy;
    };
    expect(policy("nginx")).toBe("Always");
    expect(policy("nginx:latest")).toBe("Always");
    expect(policy("registry.local:5000/team/app")).toBe("Always");
    expect(policy("nginx:1.25")).toBe("IfNotPresent");
    expect(policy("registry.local:5000/app:v2")).toBe("IfNotPresent");
    expect(policy("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")).toBe("IfNotPresent");
  });

  it("defaults ports, probes, httpGet and lifecycle hooks", () => {
    const out = applyDefaults(
      frozen({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "a" },
        spec: {
          containers: [
            {
              name: "a",
              image: "a:1",
              ports: [{ containerPort: 80 }, { containerPort: 53, protocol: "UDP" }],
              livenessProbe: { httpGet: { port: 80 } },
              readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
              lifecycle: { preStop: { httpGet: { port: 80, path: "/quit" } } },
            },
          ],
        },
      }),
      kind("Pod"),
    );
    const c = (out.spec as { containers: Record<string, unknown>[] }).containers[0]!;
    expect(c.ports).toEqual([{ containerPort: 80, protocol: "TCP" }, { containerPort: 53, protocol: "UDP" }]);
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 });
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: "/quit", scheme: "HTTP" } } });
  });

  it("defaults requests to limits resource by resource, and sets the QoS class", () => {
    const out = applyDefaults(
      frozen({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "a" },
        spec: { containers: [{ name: "a", image: "a:1", resources: { limits: { cpu: "500m", memory: "128Mi" } } }] },
      }),
      kind("Pod"),
    );
    const c = (out.spec as { containers: { resources: unknown }[] }).containers[0]!;
    expect(c.resources).toEqual({ limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "500m", memory: "128Mi" } });
    expect((out.status as { qosClass: string }).qosClass).toBe("Guaranteed");

    const partial = applyDefaults(
      frozen({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "a" },
        spec: { containers: [{ name: "a", image: "a:1", resources: { requests: { cpu: "100m" }, limits: { cpu: "1", memory: "64Mi" } } }] },
      }),
      kind("Pod"),
    );
    const pc = (partial.spec as { containers: { resources: { requests: unknown } }[] }).containers[0]!;
    expect(pc.resources.requests).toEqual({ cpu: "100m", memory: "64Mi" });
    expect((partial.status as { qosClass: string }).qosClass).toBe("Burstable");
  });

  it("keeps a pod's own not-ready toleration and adds only the missing one", () => {
    const out = applyDefaults(
      frozen({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "a" },
        spec: { containers: [{ name: "a", image: "a:1" }], tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 }] },
      }),
      kind("Pod"),
    );
    expect((out.spec as { tolerations: unknown[] }).tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const tolerateAll = applyDefaults(
      frozen({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" }, spec: { containers: [{ name: "a", image: "a:1" }], tolerations: [{ operator: "Exists" }] } }),
      kind("Pod"),
    );
    expect((tolerateAll.spec as { tolerations: unknown[] }).tolerations).toEqual([{ operator: "Exists" }]);
  });

  it("gives volumes a source and file modes", () => {
    const out = applyDefaults(
      frozen({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "a" },
        spec: { containers: [{ name: "a", image: "a:1" }], volumes: [{ name: "scratch" }, { name: "cfg", configMap: { name: "cfg" } }, { name: "host", hostPath: { path: "/data" } }] },
      }),
      kind("Pod"),
    );
    expect((out.spec as { volumes: unknown[] }).volumes).toEqual([
      { name: "scratch", emptyDir: {} },
      { name: "cfg", configMap: { name: "cfg", defaultMode: 420 } },
      { name: "host", hostPath: { path: "/data", type: "" } },
    ]);
  });

  it("on update keeps what admission assigned and does not reset status", () => {
    const created = applyDefaults(
      frozen({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" }, spec: { containers: [{ name: "a", image: "a:1" }], priorityClassName: "system-node-critical" } }),
      kind("Pod"),
    );
    expect((created.spec as { priority: number }).priority).toBe(2000001000);
    const running = frozen({ ...created, status: { phase: "Running" } });
    const next = applyDefaults(frozen({ ...running, spec: { containers: [{ name: "a", image: "a:2" }], priorityClassName: "system-node-critical" } }), kind("Pod"), running);
    expect((next.spec as { priority: number }).priority).toBe(2000001000);
    expect(next.status).toEqual({ phase: "Running" });
  });

  it("merges a Secret's stringData into base64 data and drops it", () => {
    const out = applyDefaults(
      frozen({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, data: { a: "b2xk", keep: "eA==" }, stringData: { a: "new", pass: "s3cr3t é" } }),
      kind("Secret"),
    );
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "default" },
      type: "Opaque",
      data: { a: Buffer.from("new").toString("base64"), keep: "eA==", pass: Buffer.from("s3cr3t é").toString("base64") },
    });
  });

  it("labels a Namespace with its name, marks it Active and adds the kubernetes finalizer on create", () => {
    const out = applyDefaults(frozen({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", namespace: "ignored" } }), kind("Namespace"));
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
    const emptied = frozen({ ...out, spec: { finalizers: [] } });
    const updated = applyDefaults(emptied, kind("Namespace"), out);
    expect(updated.spec).toEqual({ finalizers: [] });
  });

  it("copies a Node's capacity to allocatable and changes nothing else", () => {
    const node = { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: { podCIDR: "10.244.1.0/24" }, status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" } } };
    const out = applyDefaults(frozen(node), kind("Node"));
    expect(out).toEqual({ ...node, status: { capacity: node.status.capacity, allocatable: node.status.capacity } });
  });

  it("leaves kinds without defaults as they are", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } };
    expect(applyDefaults(frozen(cm), kind("ConfigMap"))).toEqual(cm);
  });
});
