import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { eventLines, table } from "./workload-helpers.js";

/** The frontend ReplicaSet of the Kubernetes docs (controllers/frontend.yaml), with a server image the simulated kubelet knows. */
const FRONTEND = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: nginx:1.27
`;

/** The docs' bare pods that the frontend ReplicaSet adopts (pods/pod-rs.yaml). */
const BARE_PODS = `apiVersion: v1
kind: Pod
metadata:
  name: pod1
  labels:
    tier: frontend
spec:
  containers:
  - name: hello1
    image: gcr.io/google-samples/hello-app:2.0
---
apiVersion: v1
kind: Pod
metadata:
  name: pod2
  labels:
    tier: frontend
spec:
  containers:
  - name: hello2
    image: gcr.io/google-samples/hello-app:1.0
`;

function rs(c: TestCluster, name = "frontend"): ReplicaSet {
  return asKind<ReplicaSet>(c.api.get("replicasets.apps", "default", name));
}

function pods(c: TestCluster): Pod[] {
  return c.api.list("pods", { namespace: "default" }).map((p) => asKind<Pod>(p));
}

describe("ReplicaSet", () => {
  it("keeps three pods, replacing one that is deleted", () => {
    const c = createTestCluster();
    c.applyYaml(FRONTEND);
    c.advance(20_000);
    expect(rs(c).status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(pods(c).every((p) => p.metadata?.name?.startsWith("frontend-") && p.metadata.ownerReferences?.[0]?.name === "frontend")).toBe(true);
    const victim = pods(c)[0]!.metadata!.name!;
    c.api.delete("pods", "default", victim);
    c.settle();
    const active = pods(c).filter((p) => !p.metadata?.deletionTimestamp);
    expect(active).toHaveLength(3);
    expect(active.map((p) => p.metadata?.name)).not.toContain(victim);
    c.advance(40_000);
    expect(pods(c)).toHaveLength(3);
    expect(table(c, "replicasets.apps")).toBe("NAME       DESIRED   CURRENT   READY   AGE\nfrontend   3         3         3       60s\n");
    c.close();
  });

  it("adopts matching bare pods, creating only what is missing (the docs' pod-rs example)", () => {
    const c = createTestCluster();
    c.applyYaml(BARE_PODS);
    c.advance(10_000);
    c.applyYaml(FRONTEND);
    c.advance(10_000);
    const all = pods(c);
    expect(all).toHaveLength(3);
    expect(all.filter((p) => p.metadata?.name === "pod1" || p.metadata?.name === "pod2").every((p) => p.metadata?.ownerReferences?.[0]?.uid === rs(c).metadata?.uid)).toBe(true);
    expect(eventLines(c, "ReplicaSet").filter((l) => l.includes("SuccessfulCreate"))).toHaveLength(1);
    c.close();
  });

  it("deletes adopted surplus pods when the bare pods come after the ReplicaSet", () => {
    const c = createTestCluster();
    c.applyYaml(FRONTEND);
    c.advance(10_000);
    c.applyYaml(BARE_PODS);
    c.advance(5_000);
    // Adopted, then deleted as the newest and least ready of four, five.
    const remaining = pods(c).filter((p) => !p.metadata?.deletionTimestamp);
    expect(remaining).toHaveLength(3);
    expect(remaining.map((p) => p.metadata?.name)).not.toContain("pod1");
    expect(remaining.map((p) => p.metadata?.name)).not.toContain("pod2");
    c.close();
  });

  it("releases a pod whose labels no longer match, and replaces it", () => {
    const c = createTestCluster();
    c.applyYaml(FRONTEND);
    c.advance(10_000);
    const name = pods(c)[0]!.metadata!.name!;
    c.api.patch("pods", "default", name, { metadata: { labels: { tier: "debug" } } }, "merge");
    c.settle();
    const released = asKind<Pod>(c.api.get("pods", "default", name));
    expect(released.metadata?.ownerReferences).toBeUndefined();
    expect(pods(c)).toHaveLength(4);
    expect(rs(c).status?.replicas).toBe(3);
    c.close();
  });

  it("scales down the pods that matter least first: unscheduled, then not ready, then the newest", () => {
    const c = createTestCluster({ workers: 2 });
    c.applyYaml(FRONTEND.replace("replicas: 3", "replicas: 2"));
    c.advance(20_000);
    const running = pods(c).map((p) => p.metadata!.name!);
    // One more pod that becomes ready later, and one that can never be scheduled.
    c.api.patch("replicasets.apps", "default", "frontend", { spec: { replicas: 3 } }, "merge");
    c.settle();
    const fresh = pods(c).map((p) => p.metadata!.name!).find((n) => !running.includes(n))!;
    c.advance(1_000);
    expect(asKind<Pod>(c.api.get("pods", "default", fresh)).status?.conditions?.find((x) => x.type === "Ready")?.status).not.toBe("True");
    c.api.patch("replicasets.apps", "default", "frontend", { spec: { replicas: 2 } }, "merge");
    c.settle();
    const gone = c.api.tryGet("pods", "default", fresh);
    expect(gone === undefined || gone.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(running.every((n) => !c.api.get("pods", "default", n).metadata.deletionTimestamp)).toBe(true);
    c.close();
  });

  it("reports a pod the API refuses as FailedCreate and the ReplicaFailure condition", () => {
    const c = createTestCluster();
    // Valid as a template, refused as a pod: a node name together with scheduling gates.
    c.applyYaml(FRONTEND.replace("      containers:", "      nodeName: kdeck-worker-1\n      schedulingGates: [{ name: example.com/wait }]\n      containers:"));
    const status = rs(c).status;
    expect(status?.conditions?.[0]).toMatchObject({ type: "ReplicaFailure", status: "True", reason: "FailedCreate" });
    expect(eventLines(c, "ReplicaSet")[0]).toMatch(/^Warning FailedCreate: Error creating: Pod "frontend-[a-z0-9]{5}" is invalid: /);
    c.close();
  });
});

describe("ReplicationController", () => {
  it("is a ReplicaSet with an equality selector that defaults from the template labels", () => {
    const c = createTestCluster();
    c.applyYaml(`apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`);
    c.advance(20_000);
    const rc = c.api.get("replicationcontrollers", "default", "nginx");
    expect((rc.spec as { selector?: unknown }).selector).toEqual({ app: "nginx" });
    expect(rc.metadata.labels).toEqual({ app: "nginx" });
    expect(rc.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(table(c, "replicationcontrollers", { wide: true })).toBe(
      "NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES   SELECTOR\nnginx   3         3         3       20s   nginx        nginx    app=nginx\n",
    );
    expect(eventLines(c, "ReplicationController").filter((l) => l.startsWith("Normal SuccessfulCreate: Created pod: nginx-"))).toHaveLength(3);
    c.close();
  });
});
