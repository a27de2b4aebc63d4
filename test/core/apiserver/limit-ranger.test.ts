import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { type TestCluster } from "../../helpers/cluster.js";
import { claim } from "../../helpers/fixtures.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { refusal } from "../../helpers/refusal.js";

/**
 * The LimitRanger admission plugin against a real cluster: defaults for what containers
 * leave out (with the annotation saying so), then min, max and ratio checks refused with
 * Kubernetes' messages, for containers, whole pods and claims.
 */
const start = clusterPerTest();
function pod(name: string, containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers, ...extra } };
}

function refused(c: TestCluster, obj: KubeObject): string {
  return refusal(() => c.api.create(obj));
}

// The docs' "Configure Default CPU Requests and Limits for a Namespace" LimitRange, with memory too.
const DEFAULTS = `
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    default: {cpu: "1", memory: 512Mi}
    defaultRequest: {cpu: 500m, memory: 256Mi}
`;

describe("LimitRanger defaults", () => {
  it("sets the requests and limits a container leaves out and says so in the annotation", () => {
    const c = start(DEFAULTS);
    const created = c.api.create(
      pod("web", [{ name: "nginx", image: "nginx:1.27" }], { initContainers: [{ name: "init", image: "busybox:1.36", resources: { limits: { cpu: "2" } } }] }),
    ) as unknown as Pod;
    expect(created.spec!.containers[0]!.resources).toEqual({ limits: { cpu: "1", memory: "512Mi" }, requests: { cpu: "500m", memory: "256Mi" } });
    // The init container's own limit stands, and its request defaulted from it before LimitRanger ran.
    expect(created.spec!.initContainers![0]!.resources).toEqual({ limits: { cpu: "2", memory: "512Mi" }, requests: { cpu: "2", memory: "256Mi" } });
    expect(created.metadata!.annotations!["kubernetes.io/limit-ranger"]).toBe(
      "LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx; memory request for init container init; memory limit for init container init",
    );
    // The QoS class is the one of the defaulted pod: requests below limits.
    expect(created.status!.qosClass).toBe("Burstable");
  });

  it("leaves a pod that sets everything alone (no annotation)", () => {
    const c = start(DEFAULTS);
    const resources = { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "100m", memory: "64Mi" } };
    const created = c.api.create(pod("set", [{ name: "app", image: "nginx:1.27", resources }]));
    expect(created.metadata.annotations?.["kubernetes.io/limit-ranger"]).toBeUndefined();
    expect((created as unknown as Pod).status!.qosClass).toBe("Guaranteed");
  });

  it("gives a Container item's max as default limit and request (the LimitRange's own defaulting)", () => {
    const c = start(`
apiVersion: v1
kind: LimitRange
metadata: {name: max-only}
spec:
  limits:
  - type: Container
    max: {cpu: 800m}
    min: {memory: 64Mi}
`);
    const lr = c.api.get("limitranges", "default", "max-only");
    expect((lr.spec as { limits: unknown[] }).limits[0]).toEqual({ type: "Container", max: { cpu: "800m" }, min: { memory: "64Mi" }, default: { cpu: "800m" }, defaultRequest: { cpu: "800m", memory: "64Mi" } });
    const created = c.api.create(pod("p", [{ name: "a", image: "nginx:1.27" }])) as unknown as Pod;
    expect(created.spec!.containers[0]!.resources).toEqual({ limits: { cpu: "800m" }, requests: { cpu: "800m", memory: "64Mi" } });
  });

  it("does not touch pods of other namespaces", () => {
    const c = start(DEFAULTS);
    c.applyYaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n");
    const created = c.api.create({ ...pod("p", [{ name: "a", image: "nginx:1.27" }]), metadata: { name: "p", namespace: "other" } }) as unknown as Pod;
    expect(created.spec!.containers[0]!.resources).toEqual({});
  });
});

const MIN_MAX = `
apiVersion: v1
kind: LimitRange
metadata: {name: bounds}
spec:
  limits:
  - type: Container
    min: {cpu: 100m, memory: 64Mi}
    max: {cpu: "1", memory: 1Gi}
    default: {cpu: 500m, memory: 512Mi}
    defaultRequest: {cpu: 200m, memory: 128Mi}
`;

describe("LimitRanger min and max", () => {
  it("refuses a container below the min and above the max, every reason in one message", () => {
    const c = start(MIN_MAX);
    const msg = refused(c, pod("x", [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "50m" }, limits: { cpu: "500m", memory: "2Gi" } } }]));
    expect(msg).toBe('pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
    expect(c.api.tryGet("pods", "default", "x")).toBeUndefined();
  });

  it("gives the first reason a bound finds, and a reason two containers share once", () => {
    const c = start(MIN_MAX);
    const low = { requests: { cpu: "50m" } };
    expect(refused(c, pod("w", [{ name: "a", image: "nginx:1.27", resources: low }, { name: "b", image: "nginx:1.27", resources: low }]))).toBe(
      'pods "w" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    );
    expect(refused(c, pod("y", [{ name: "app", image: "nginx:1.27", resources: { limits: { cpu: "2" } } }]))).toBe(
      'pods "y" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    expect(refused(c, pod("z", [{ name: "a", image: "nginx:1.27", resources: { requests: { memory: "32Mi" } } }]))).toBe(
      'pods "z" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi',
    );
  });

  it("accepts a pod within the bounds, with defaults filling the rest", () => {
    const c = start(MIN_MAX);
    const created = c.api.create(pod("ok", [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "150m" } } }])) as unknown as Pod;
    expect(created.spec!.containers[0]!.resources).toEqual({ limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "150m", memory: "128Mi" } });
  });

  it("names a generated pod by its generated name, as a ReplicaSet's FailedCreate shows it", () => {
    const c = start(MIN_MAX);
    const msg = refused(c, { ...pod("", [{ name: "app", image: "nginx:1.27", resources: { limits: { cpu: "3" }, requests: { cpu: "3" } } }]), metadata: { generateName: "web-", namespace: "default" } });
    expect(msg).toMatch(/^pods "web-[a-z0-9]{5}" is forbidden: maximum cpu usage per Container is 1, but limit is 3$/);
  });
});

describe("LimitRanger Pod items and ratios", () => {
  const POD_LIMITS = `
apiVersion: v1
kind: LimitRange
metadata: {name: pod-bounds}
spec:
  limits:
  - type: Pod
    max: {cpu: "1"}
    maxLimitRequestRatio: {memory: "2"}
`;

  it("holds the pod's total (containers summed) to a Pod item's max", () => {
    const c = start(POD_LIMITS);
    const r = { requests: { cpu: "600m", memory: "100Mi" }, limits: { cpu: "600m", memory: "200Mi" } };
    expect(refused(c, pod("two", [{ name: "a", image: "nginx:1.27", resources: r }, { name: "b", image: "nginx:1.27", resources: r }]))).toBe(
      'pods "two" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m',
    );
  });

  it("refuses a pod whose limit/request ratio is above the max, with the ratio as %f prints it", () => {
    const c = start(POD_LIMITS);
    const r = { requests: { cpu: "200m", memory: "100Mi" }, limits: { cpu: "200m", memory: "300Mi" } };
    expect(refused(c, pod("bursty", [{ name: "a", image: "nginx:1.27", resources: r }]))).toBe(
      'pods "bursty" is forbidden: memory max limit to request ratio per Pod is 2, but provided ratio is 3.000000',
    );
    const ok = { requests: { cpu: "200m", memory: "100Mi" }, limits: { cpu: "200m", memory: "200Mi" } };
    expect(c.api.create(pod("steady", [{ name: "a", image: "nginx:1.27", resources: ok }])).metadata.name).toBe("steady");
  });

  it("refuses a pod without the limit a ratio needs", () => {
    const c = start(POD_LIMITS);
    expect(refused(c, pod("nolimit", [{ name: "a", image: "nginx:1.27", resources: { requests: { memory: "100Mi" } } }]))).toBe(
      'pods "nolimit" is forbidden: [maximum cpu usage per Pod is 1.  No limit is specified, memory max limit to request ratio per Pod is 2, but no limit is specified or limit is 0]',
    );
  });
});

describe("LimitRanger for claims", () => {
  it("holds a claim's storage request between min and max, on create and on expansion", () => {
    const c = start(`
apiVersion: v1
kind: LimitRange
metadata: {name: storage}
spec:
  limits:
  - type: PersistentVolumeClaim
    min: {storage: 1Gi}
    max: {storage: 2Gi}
`);
    expect(refused(c, claim("small", "500Mi"))).toBe('persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(refused(c, claim("big", "5Gi"))).toBe('persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi');
    expect(c.api.create(claim("fits", "1Gi")).metadata.name).toBe("fits");
  });
});
