import type { Pod } from "kubernetes-types/core/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../../src/core/api/errors.js";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

const PCS = "priorityclasses.scheduling.k8s.io";

let c: TestCluster;
afterEach(() => c?.close());

function pc(name: string, value: number, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, ...extra };
}

function pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", ...meta }, spec: { containers: [{ name: "app", image: "nginx:1.27" }], ...spec } };
}

/** The error `fn` throws, as kubectl prints it. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.toKubectlString();
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("PriorityClass", () => {
  it("every new cluster has the two system classes", () => {
    c = createTestCluster({ empty: true });
    const classes = c.api.list(PCS).map((o) => asKind<PriorityClass>(o));
    expect(classes.map((p) => [p.metadata?.name, p.value, p.globalDefault ?? false, p.preemptionPolicy, p.description])).toEqual([
      ["system-cluster-critical", 2000000000, false, "PreemptLowerPriority", "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."],
      ["system-node-critical", 2000001000, false, "PreemptLowerPriority", "Used for system critical pods that must not be moved from their current node."],
    ]);
    expect(refusal(() => c.api.delete(PCS, "", "system-node-critical"))).toBe(
      'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    );
  });

  it("defaults preemptionPolicy and validates as Kubernetes does", () => {
    c = createTestCluster({ empty: true });
    expect(asKind<PriorityClass>(c.api.create(pc("high", 1000))).preemptionPolicy).toBe("PreemptLowerPriority");
    expect(refusal(() => c.api.create(pc("huge", 1000000001)))).toBe(
      'Error from server (Invalid): PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
    expect(refusal(() => c.api.create(pc("system-mine", 10)))).toBe(
      "Error from server (Invalid): PriorityClass.scheduling.k8s.io \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
    expect(refusal(() => c.api.create(pc("odd", 1, { preemptionPolicy: "Sometimes" })))).toBe(
      'Error from server (Invalid): PriorityClass.scheduling.k8s.io "odd" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    );
    const high = c.api.get(PCS, "", "high");
    expect(refusal(() => c.api.update({ ...high, value: 2000 }))).toBe('Error from server (Invalid): PriorityClass.scheduling.k8s.io "high" is invalid: value: Forbidden: may not be changed in an update.');
    expect(refusal(() => c.api.update({ ...high, preemptionPolicy: "Never" }))).toBe(
      'Error from server (Invalid): PriorityClass.scheduling.k8s.io "high" is invalid: preemptionPolicy: Invalid value: "Never": field is immutable',
    );
    expect(asKind<PriorityClass>(c.api.update({ ...high, description: "now described" })).description).toBe("now described");
  });

  it("allows one global default only", () => {
    c = createTestCluster({ empty: true });
    c.api.create(pc("default-prio", 10, { globalDefault: true }));
    expect(refusal(() => c.api.create(pc("another", 20, { globalDefault: true })))).toBe(
      'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass default-prio is already marked as default. Only one default can exist',
    );
    const other = c.api.create(pc("other", 30));
    expect(refusal(() => c.api.update({ ...other, globalDefault: true }))).toMatch(/PriorityClass default-prio is already marked as default/);
    // The default itself may be updated.
    const dflt = c.api.get(PCS, "", "default-prio");
    expect(() => c.api.update({ ...dflt, description: "the default" })).not.toThrow();
  });
});

describe("the Priority admission plugin", () => {
  it("gives a pod its class's priority and preemption policy", () => {
    c = createTestCluster({ empty: true });
    c.api.create(pc("batch", 50, { preemptionPolicy: "Never" }));
    const p = asKind<Pod>(c.api.create(pod("job", { priorityClassName: "batch" })));
    expect(p.spec).toMatchObject({ priorityClassName: "batch", priority: 50, preemptionPolicy: "Never" });
    const critical = asKind<Pod>(c.api.create(pod("dns", { priorityClassName: "system-cluster-critical" })));
    expect(critical.spec).toMatchObject({ priority: 2000000000, preemptionPolicy: "PreemptLowerPriority" });
  });

  it("without a class: priority 0, or the global default's class", () => {
    c = createTestCluster({ empty: true });
    expect(asKind<Pod>(c.api.create(pod("plain"))).spec).toMatchObject({ priority: 0, preemptionPolicy: "PreemptLowerPriority" });
    expect(asKind<Pod>(c.api.get("pods", "default", "plain")).spec?.priorityClassName).toBeUndefined();
    c.api.create(pc("everyday", 7, { globalDefault: true, preemptionPolicy: "Never" }));
    expect(asKind<Pod>(c.api.create(pod("defaulted"))).spec).toMatchObject({ priorityClassName: "everyday", priority: 7, preemptionPolicy: "Never" });
    // Pods made by a controller get it through their template the same way.
    c.applyYaml(`apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
`);
    const made = c.api.list("pods", { namespace: "default", labelSelector: "app=web" }).map((o) => asKind<Pod>(o));
    expect(made.map((p) => [p.spec?.priorityClassName, p.spec?.priority])).toEqual([["everyday", 7]]);
  });

  it("refuses an unknown class, and a priority or policy that disagrees with the class", () => {
    c = createTestCluster({ empty: true });
    c.api.create(pc("high", 1000));
    expect(refusal(() => c.api.create(pod("x", { priorityClassName: "nope" })))).toBe(
      'Error from server (Forbidden): pods "x" is forbidden: no PriorityClass with name nope was found',
    );
    expect(refusal(() => c.api.create(pod("", { priorityClassName: "nope" }, { name: undefined, generateName: "web-" })))).toBe(
      'Error from server (Forbidden): pods "web-" is forbidden: no PriorityClass with name nope was found',
    );
    expect(refusal(() => c.api.create(pod("y", { priorityClassName: "high", priority: 5 })))).toBe(
      'Error from server (Forbidden): pods "y" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    expect(refusal(() => c.api.create(pod("z", { priority: 3 })))).toMatch(/the integer value of priority \(3\) must not be provided in pod spec; priority admission controller computed 0/);
    expect(refusal(() => c.api.create(pod("w", { priorityClassName: "high", preemptionPolicy: "Never" })))).toBe(
      'Error from server (Forbidden): pods "w" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    );
    // Stating what the class gives is fine.
    expect(() => c.api.create(pod("v", { priorityClassName: "high", priority: 1000, preemptionPolicy: "PreemptLowerPriority" }))).not.toThrow();
  });

  it("keeps a pod's priority on update and refuses to change it", () => {
    c = createTestCluster({ empty: true });
    c.api.create(pc("high", 1000));
    const created = asKind<Pod>(c.api.create(pod("keep", { priorityClassName: "high" })));
    const spec = { ...created.spec! };
    delete spec.priority;
    const updated = asKind<Pod>(c.api.update({ ...(created as KubeObject), spec, metadata: { ...created.metadata!, labels: { a: "b" } } } as KubeObject));
    expect(updated.spec?.priority).toBe(1000);
    expect(refusal(() => c.api.update({ ...(updated as KubeObject), spec: { ...updated.spec!, priority: 1 } } as KubeObject))).toMatch(/is invalid: spec: Forbidden: pod updates may not change fields other than/);
  });
});
