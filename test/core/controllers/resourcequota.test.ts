import type { Event, ResourceQuota } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { type TestCluster } from "../../helpers/cluster.js";
import { claim, deployment } from "../../helpers/fixtures.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { refusal } from "../../helpers/refusal.js";
import { table } from "./workload-helpers.js";

/**
 * ResourceQuota end to end: the quota controller's status (hard and used), admission
 * charging and refusing with Kubernetes' messages, replenishment when pods go or finish,
 * object counts, scopes, and controllers that report FailedCreate and recover.
 */
const start = clusterPerTest();
function status(c: TestCluster, name: string): { hard: Record<string, string>; used: Record<string, string> } {
  const rq = asKind<ResourceQuota>(c.api.get("resourcequotas", "default", name));
  return { hard: { ...rq.status?.hard }, used: { ...rq.status?.used } };
}

function pod(name: string, cpu: string, memory = "64Mi", extra: Record<string, unknown> = {}): KubeObject {
  const resources = { requests: { cpu, memory }, limits: { cpu, memory } };
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "app", image: "nginx:1.27", resources }], ...extra } };
}

function eventMessages(c: TestCluster, kind: string, reason: string): Event[] {
  return c.api
    .list("events")
    .map((e) => asKind<Event>(e))
    .filter((e) => e.involvedObject.kind === kind && e.reason === reason);
}

const COMPUTE = `
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    pods: "3"
`;

describe("the quota controller", () => {
  it("fills status.hard from the spec and status.used with what the namespace uses, zero included", () => {
    const c = start();
    c.api.create(pod("before", "250m"));
    c.applyYaml(COMPUTE);
    expect(status(c, "compute")).toEqual({
      hard: { "limits.cpu": "2", pods: "3", "requests.cpu": "1", "requests.memory": "1Gi" },
      used: { "limits.cpu": "250m", pods: "1", "requests.cpu": "250m", "requests.memory": "64Mi" },
    });
    expect(table(c, "resourcequotas")).toBe(
      ["NAME      AGE   REQUEST                                                      LIMIT", "compute   0s    pods: 1/3, requests.cpu: 250m/1, requests.memory: 64Mi/1Gi   limits.cpu: 250m/2", ""].join("\n"),
    );
  });

  it("charges creates at admission, refuses what does not fit, and gives usage back on delete", () => {
    const c = start(COMPUTE);
    c.api.create(pod("a", "400m"));
    expect(status(c, "compute").used["requests.cpu"]).toBe("400m");
    c.api.create(pod("b", "400m", "512Mi"));
    expect(status(c, "compute").used).toEqual({ "limits.cpu": "800m", pods: "2", "requests.cpu": "800m", "requests.memory": "576Mi" });
    expect(refusal(() => c.api.create(pod("c", "500m")))).toBe(
      'pods "c" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=800m, limited: requests.cpu=1',
    );
    // Several resources over at once are listed together, sorted.
    expect(refusal(() => c.api.create(pod("d", "300m", "600Mi")))).toBe(
      'pods "d" is forbidden: exceeded quota: compute, requested: requests.cpu=300m,requests.memory=600Mi, used: requests.cpu=800m,requests.memory=576Mi, limited: requests.cpu=1,requests.memory=1Gi',
    );
    expect(c.api.tryGet("pods", "default", "c")).toBeUndefined();
    c.api.delete("pods", "default", "a", { gracePeriodSeconds: 0 });
    c.settle();
    expect(status(c, "compute").used).toEqual({ "limits.cpu": "400m", pods: "1", "requests.cpu": "400m", "requests.memory": "512Mi" });
    expect(c.api.create(pod("c", "500m")).metadata.name).toBe("c");
  });

  it("does not charge a dry run", () => {
    const c = start(COMPUTE);
    c.api.create(pod("a", "400m"), { dryRun: true });
    expect(status(c, "compute").used["requests.cpu"]).toBe("0");
  });

  it("refuses a pod that does not declare what the quota tracks, naming containers and resources", () => {
    const c = start(COMPUTE);
    const bare: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "x", namespace: "default" },
      spec: { containers: [{ name: "x", image: "nginx:1.27", resources: { requests: { memory: "64Mi" } } }] },
    };
    expect(refusal(() => c.api.create(bare))).toBe('pods "x" is forbidden: failed quota: compute: must specify limits.cpu for: x; requests.cpu for: x');
  });

  it("stops counting a pod once it finished, and one that is terminating once its grace period is over", () => {
    const c = start(COMPUTE);
    c.api.create(pod("job", "200m", "64Mi", { restartPolicy: "Never", containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "echo done"], resources: { requests: { cpu: "200m", memory: "64Mi" }, limits: { cpu: "200m", memory: "64Mi" } } }] }));
    c.api.create(pod("web", "300m"));
    c.settle();
    expect(status(c, "compute").used.pods).toBe("2");
    c.advance(60_000);
    expect((c.api.get("pods", "default", "job").status as { phase: string }).phase).toBe("Succeeded");
    expect(status(c, "compute").used).toMatchObject({ pods: "1", "requests.cpu": "300m" });
    // A pod held by a finalizer after its containers stopped still exists, but no longer counts.
    const web = c.api.get("pods", "default", "web");
    c.api.update({ ...web, metadata: { ...web.metadata, finalizers: ["example.com/hold"] } });
    c.api.delete("pods", "default", "web");
    c.advance(60_000);
    expect(c.api.tryGet("pods", "default", "web")?.metadata.deletionTimestamp).toBeDefined();
    expect(status(c, "compute").used).toMatchObject({ pods: "0", "requests.cpu": "0" });
  });

  it("recalculates when the hard limits change", () => {
    const c = start(COMPUTE);
    c.api.create(pod("a", "400m"));
    const rq = c.api.get("resourcequotas", "default", "compute");
    c.api.update({ ...rq, spec: { hard: { "requests.cpu": "4", "count/configmaps": "5" } } });
    c.settle();
    expect(status(c, "compute")).toEqual({ hard: { "count/configmaps": "5", "requests.cpu": "4" }, used: { "count/configmaps": "0", "requests.cpu": "400m" } });
  });
});

describe("object counts", () => {
  it("counts deployments.apps, refusing the one too many with its object count name", () => {
    const c = start("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: objects}\nspec:\n  hard: {count/deployments.apps: \"1\", configmaps: \"2\"}\n");
    expect(status(c, "objects").used).toEqual({ configmaps: "0", "count/deployments.apps": "0" });
    const deploy = (name: string): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace: "default" },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } },
    });
    c.api.create(deploy("a"));
    expect(status(c, "objects").used["count/deployments.apps"]).toBe("1");
    expect(refusal(() => c.api.create(deploy("b")))).toBe(
      'deployments.apps "b" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "one", namespace: "default" } });
    c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "two", namespace: "default" } });
    expect(refusal(() => c.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "three", namespace: "default" } }))).toBe(
      'configmaps "three" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
    );
    c.api.delete("deployments.apps", "default", "a");
    c.settle();
    expect(status(c, "objects").used["count/deployments.apps"]).toBe("0");
  });

  it("counts Services by type: node ports and load balancers", () => {
    const c = start("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: svc}\nspec:\n  hard: {services: \"5\", services.nodeports: \"2\", services.loadbalancers: \"1\"}\n");
    const svc = (name: string, type: string, ports: number): KubeObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "default" },
      spec: { type, selector: { app: name }, ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i })) },
    });
    c.api.create(svc("np", "NodePort", 1));
    c.api.create(svc("lb", "LoadBalancer", 1));
    c.settle();
    // The kubernetes Service of the default namespace counts as one.
    expect(status(c, "svc").used).toEqual({ services: "3", "services.loadbalancers": "1", "services.nodeports": "2" });
    expect(refusal(() => c.api.create(svc("lb2", "LoadBalancer", 1)))).toBe(
      'services "lb2" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1,services.nodeports=1, used: services.loadbalancers=1,services.nodeports=2, limited: services.loadbalancers=1,services.nodeports=2',
    );
  });
});

describe("storage", () => {
  it("counts claims and their requested storage, overall and per storage class", () => {
    const c = start(`
apiVersion: v1
kind: ResourceQuota
metadata: {name: storage}
spec:
  hard: {persistentvolumeclaims: "5", requests.storage: 3Gi, standard.storageclass.storage.k8s.io/requests.storage: 1Gi}
`);
    c.api.create(claim("data", "512Mi"));
    c.settle();
    expect(status(c, "storage").used).toEqual({ persistentvolumeclaims: "1", "requests.storage": "512Mi", "standard.storageclass.storage.k8s.io/requests.storage": "512Mi" });
    // The claim gets the default class "standard" at admission, and so its per-class limit.
    expect(refusal(() => c.api.create(claim("more", "1Gi")))).toBe(
      'persistentvolumeclaims "more" is forbidden: exceeded quota: storage, requested: standard.storageclass.storage.k8s.io/requests.storage=1Gi, used: standard.storageclass.storage.k8s.io/requests.storage=512Mi, limited: standard.storageclass.storage.k8s.io/requests.storage=1Gi',
    );
  });
});

describe("scopes", () => {
  it("a BestEffort quota counts only pods without requests or limits", () => {
    const c = start("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: be}\nspec:\n  hard: {pods: \"1\"}\n  scopes: [BestEffort]\n");
    const bestEffort = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });
    c.api.create(pod("burstable", "100m"));
    c.api.create(bestEffort("be1"));
    expect(status(c, "be").used).toEqual({ pods: "1" });
    expect(refusal(() => c.api.create(bestEffort("be2")))).toBe('pods "be2" is forbidden: exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1');
    expect(c.api.create(pod("burstable2", "100m")).metadata.name).toBe("burstable2");
  });

  it("a PriorityClass scope selector counts only pods of the classes it names", () => {
    const c = start(`
apiVersion: v1
kind: ResourceQuota
metadata: {name: critical}
spec:
  hard: {pods: "1"}
  scopeSelector:
    matchExpressions:
    - {scopeName: PriorityClass, operator: In, values: [system-cluster-critical]}
`);
    c.api.create(pod("plain", "100m"));
    c.api.create(pod("crit", "100m", "64Mi", { priorityClassName: "system-cluster-critical" }));
    expect(status(c, "critical").used).toEqual({ pods: "1" });
    expect(refusal(() => c.api.create(pod("crit2", "100m", "64Mi", { priorityClassName: "system-cluster-critical" })))).toMatch(/exceeded quota: critical/);
  });
});

describe("controllers under a quota", () => {
  const DEPLOY = deployment("web", { replicas: 3, container: "nginx" });

  it("a ReplicaSet blocked by quota reports FailedCreate, backs off, and completes once the quota is raised", () => {
    const c = start("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec:\n  hard: {pods: \"2\"}\n");
    c.applyYaml(DEPLOY);
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(2);
    const failed = eventMessages(c, "ReplicaSet", "FailedCreate");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.type).toBe("Warning");
    expect(failed[0]!.message).toMatch(/^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/);
    const rs = c.api.list("replicasets.apps", { namespace: "default" })[0]!;
    expect((rs.status as { conditions?: { type: string; reason: string }[] }).conditions).toEqual([expect.objectContaining({ type: "ReplicaFailure", reason: "FailedCreate" })]);

    // Ten minutes still blocked: retries back off (5 ms doubling), they do not spin.
    const before = c.engine.reconciles;
    c.advance(600_000);
    expect(c.engine.reconciles - before).toBeLessThan(2_000);
    const attempts = eventMessages(c, "ReplicaSet", "FailedCreate").reduce((n, e) => n + (e.count ?? 1), 0);
    expect(attempts).toBeGreaterThan(5);
    expect(attempts).toBeLessThan(40);

    const rq = c.api.get("resourcequotas", "default", "pods");
    c.api.update({ ...rq, spec: { hard: { pods: "3" } } });
    c.advance(1_000_000);
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(3);
    expect(status(c, "pods").used.pods).toBe("3");
    const after = c.api.list("replicasets.apps", { namespace: "default" })[0]!;
    expect((after.status as { conditions?: unknown[] }).conditions).toBeUndefined();
  });

  it("a Job blocked by quota reports FailedCreate with the quota's message", () => {
    const c = start("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec:\n  hard: {pods: \"0\"}\n");
    c.applyYaml(`
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: pi, image: "perl:5.34.0", command: [perl, -e, "print 1"]}
`);
    const failed = eventMessages(c, "Job", "FailedCreate");
    expect(failed[0]?.message).toMatch(/^Error creating: pods "pi-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0$/);
  });
});
