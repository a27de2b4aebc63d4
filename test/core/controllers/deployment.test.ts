import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { asKind } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";
import { expectGolden } from "../../client/output/golden.js";
import { eventLines, table } from "./workload-helpers.js";
import { NGINX_DEPLOYMENT } from "../../helpers/docs-examples.js";


function deployment(c: TestCluster, name = "nginx-deployment"): Deployment {
  return asKind<Deployment>(c.api.get("deployments.apps", "default", name));
}

function replicaSets(c: TestCluster): ReplicaSet[] {
  return c.api.list("replicasets.apps", { namespace: "default" }).map((o) => asKind<ReplicaSet>(o));
}

function rsWithImage(c: TestCluster, image: string): ReplicaSet {
  const rs = replicaSets(c).find((r) => r.spec?.template?.spec?.containers[0]?.image === image);
  if (!rs) throw new Error(`no ReplicaSet runs ${image}`);
  return rs;
}

/** `kubectl set image deployment/nginx-deployment nginx=IMAGE`. */
function setImage(c: TestCluster, image: string, name = "nginx-deployment"): void {
  c.api.patch("deployments.apps", "default", name, { spec: { template: { spec: { containers: [{ name: "nginx", image }] } } } }, "strategic");
  c.settle();
}

function condition(d: Deployment, type: string): { status?: string; reason?: string; message?: string } | undefined {
  return d.status?.conditions?.find((x) => x.type === type);
}

describe("Deployment (the Kubernetes docs walkthrough)", () => {
  it("creates a ReplicaSet named after the pod-template-hash, whose three pods become available", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT);
    const rs = replicaSets(c);
    expect(rs).toHaveLength(1);
    const hash = rs[0]!.metadata!.labels!["pod-template-hash"]!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs[0]!.metadata!.name).toBe(`nginx-deployment-${hash}`);
    expect(rs[0]!.spec!.selector.matchLabels).toEqual({ app: "nginx", "pod-template-hash": hash });
    expect(rs[0]!.metadata!.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "nginx-deployment", controller: true, blockOwnerDeletion: true });
    const pods = c.api.list("pods", { namespace: "default" }).map((p) => asKind<Pod>(p));
    for (const p of pods) expect(p.metadata!.name).toMatch(new RegExp(`^nginx-deployment-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pods.every((p) => p.metadata!.labels!["pod-template-hash"] === hash)).toBe(true);

    c.advance(30_000);
    const d = deployment(c);
    expect(d.metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("1");
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(condition(d, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(condition(d, "Progressing")).toMatchObject({
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "nginx-deployment-${hash}" has successfully progressed.`,
    });
    expectGolden(new URL("./testdata/deployment-created.golden", import.meta.url), `${table(c, "deployments.apps")}\n${table(c, "replicasets.apps", { wide: true })}`);
    c.close();
  });

  it("rolls out nginx:1.16.1 one pod at a time: never more than 4 pods nor fewer than 3 available", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT);
    c.advance(30_000);
    setImage(c, "nginx:1.16.1");
    let maxTotal = 0;
    let minAvailable = Infinity;
    for (let t = 0; t < 60; t++) {
      const all = replicaSets(c);
      maxTotal = Math.max(maxTotal, all.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0));
      minAvailable = Math.min(minAvailable, deployment(c).status?.availableReplicas ?? 0);
      c.advance(1_000);
    }
    expect(maxTotal).toBe(4);
    expect(minAvailable).toBe(3);
    const oldRS = rsWithImage(c, "nginx:1.14.2");
    const newRS = rsWithImage(c, "nginx:1.16.1");
    expect(oldRS.spec?.replicas).toBe(0);
    expect(newRS.spec?.replicas).toBe(3);
    expect(newRS.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(deployment(c).metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(eventLines(c, "Deployment")).toEqual([
      `Normal ScalingReplicaSet: Scaled up replica set ${oldRS.metadata?.name} from 0 to 3`,
      `Normal ScalingReplicaSet: Scaled up replica set ${newRS.metadata?.name} from 0 to 1`,
      `Normal ScalingReplicaSet: Scaled down replica set ${oldRS.metadata?.name} from 3 to 2`,
      `Normal ScalingReplicaSet: Scaled up replica set ${newRS.metadata?.name} from 1 to 2`,
      `Normal ScalingReplicaSet: Scaled down replica set ${oldRS.metadata?.name} from 2 to 1`,
      `Normal ScalingReplicaSet: Scaled up replica set ${newRS.metadata?.name} from 2 to 3`,
      `Normal ScalingReplicaSet: Scaled down replica set ${oldRS.metadata?.name} from 1 to 0`,
    ]);
    expect(eventLines(c, "ReplicaSet", newRS.metadata?.name).filter((l) => l.includes("SuccessfulCreate"))).toHaveLength(3);
    expect(eventLines(c, "ReplicaSet", oldRS.metadata?.name).filter((l) => l.startsWith("Normal SuccessfulDelete: Deleted pod: "))).toHaveLength(3);
    c.close();
  });

  it("gets stuck on nginx:1.161: the new pod stays in ImagePullBackOff, then ProgressDeadlineExceeded after 600 s", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT);
    c.advance(30_000);
    setImage(c, "nginx:1.16.1");
    c.advance(60_000);
    setImage(c, "nginx:1.161");
    c.advance(60_000);
    const stuck = rsWithImage(c, "nginx:1.161");
    expect(stuck.spec?.replicas).toBe(1);
    expect(rsWithImage(c, "nginx:1.16.1").spec?.replicas).toBe(3);
    const pod = c.api.list("pods", { namespace: "default", labelSelector: `pod-template-hash=${stuck.metadata?.labels?.["pod-template-hash"]}` }).map((p) => asKind<Pod>(p))[0]!;
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason).toMatch(/^(ImagePullBackOff|ErrImagePull)$/);
    let d = deployment(c);
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 1, availableReplicas: 3, unavailableReplicas: 1 });
    expect(condition(d, "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${stuck.metadata?.name}" is progressing.` });
    expectGolden(new URL("./testdata/deployment-stuck-rs.golden", import.meta.url), table(c, "replicasets.apps"));

    c.advance(540_000);
    expect(condition(deployment(c), "Progressing")?.reason).toBe("ReplicaSetUpdated");
    c.advance(60_000);
    d = deployment(c);
    expect(condition(d, "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${stuck.metadata?.name}" has timed out progressing.`,
    });
    expect(condition(d, "Available")?.status).toBe("True");
    expect(c.api.list("pods", { namespace: "default" })).toHaveLength(4);

    // Rolling back (what `rollout undo` writes): the 1.16.1 ReplicaSet is the new one again, as revision 4.
    const previous = rsWithImage(c, "nginx:1.16.1");
    c.api.patch("deployments.apps", "default", "nginx-deployment", [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "nginx:1.16.1" }], "json");
    c.advance(30_000);
    const back = rsWithImage(c, "nginx:1.16.1");
    expect(back.metadata?.name).toBe(previous.metadata?.name);
    expect(back.metadata?.annotations).toMatchObject({ "deployment.kubernetes.io/revision": "4", "deployment.kubernetes.io/revision-history": "2" });
    expect(rsWithImage(c, "nginx:1.161").spec?.replicas).toBe(0);
    d = deployment(c);
    expect(d.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("4");
    expect(condition(d, "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    c.close();
  });

  it("scales proportionally during a rollout: 10 → 15 replicas adds 3 to the old ReplicaSet and 2 to the new", () => {
    const c = createTestCluster({ workers: 5 });
    c.applyYaml(NGINX_DEPLOYMENT.replace("replicas: 3", "replicas: 10").replace("  selector:", "  strategy:\n    rollingUpdate: { maxSurge: 3, maxUnavailable: 2 }\n  selector:"));
    c.advance(30_000);
    setImage(c, "nginx:sometag");
    c.advance(30_000);
    expect(rsWithImage(c, "nginx:1.14.2").spec?.replicas).toBe(8);
    expect(rsWithImage(c, "nginx:sometag").spec?.replicas).toBe(5);
    c.api.patch("deployments.apps", "default", "nginx-deployment", { spec: { replicas: 15 } }, "merge");
    c.advance(5_000);
    expect(rsWithImage(c, "nginx:1.14.2").spec?.replicas).toBe(11);
    expect(rsWithImage(c, "nginx:sometag").spec?.replicas).toBe(7);
    expect(rsWithImage(c, "nginx:1.14.2").metadata?.annotations).toMatchObject({
      "deployment.kubernetes.io/desired-replicas": "15",
      "deployment.kubernetes.io/max-replicas": "18",
    });
    c.close();
  });

  it("pausing holds template changes back; resuming rolls them out as one revision", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT);
    c.advance(30_000);
    c.api.patch("deployments.apps", "default", "nginx-deployment", { spec: { paused: true } }, "merge");
    c.settle();
    expect(condition(deployment(c), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    setImage(c, "nginx:1.16.1");
    c.api.patch(
      "deployments.apps",
      "default",
      "nginx-deployment",
      { spec: { template: { spec: { containers: [{ name: "nginx", resources: { limits: { memory: "512Mi", cpu: "500m" } } }] } } } },
      "strategic",
    );
    c.advance(30_000);
    expect(replicaSets(c)).toHaveLength(1);
    // Scaling still works while paused.
    c.api.patch("deployments.apps", "default", "nginx-deployment", { spec: { replicas: 4 } }, "merge");
    c.advance(30_000);
    expect(replicaSets(c)[0]!.spec?.replicas).toBe(4);
    c.api.patch("deployments.apps", "default", "nginx-deployment", { spec: { paused: null } }, "merge");
    c.advance(60_000);
    const rss = replicaSets(c);
    expect(rss).toHaveLength(2);
    const newRS = rsWithImage(c, "nginx:1.16.1");
    expect(newRS.spec?.replicas).toBe(4);
    expect(newRS.spec?.template?.spec?.containers[0]?.resources?.limits).toEqual({ memory: "512Mi", cpu: "500m" });
    expect(newRS.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(condition(deployment(c), "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    c.close();
  });
});

describe("Deployment strategies and history", () => {
  it("Recreate scales the old ReplicaSet to zero and waits for its pods to be gone before starting new ones", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT.replace("  selector:", "  strategy:\n    type: Recreate\n  selector:"));
    c.advance(30_000);
    setImage(c, "nginx:1.16.1");
    const old = rsWithImage(c, "nginx:1.14.2");
    expect(old.spec?.replicas).toBe(0);
    // While an old pod exists, even terminating, there is no new ReplicaSet.
    expect(replicaSets(c)).toHaveLength(1);
    const oldHash = old.metadata?.labels?.["pod-template-hash"];
    for (let t = 0; t < 100; t++) {
      const oldPods = c.api.list("pods", { namespace: "default", labelSelector: `pod-template-hash=${oldHash}` });
      if (oldPods.length > 0) expect(replicaSets(c)).toHaveLength(1);
      c.advance(200);
    }
    c.advance(40_000);
    expect(rsWithImage(c, "nginx:1.16.1").spec?.replicas).toBe(3);
    expect(deployment(c).status).toMatchObject({ availableReplicas: 3, updatedReplicas: 3, replicas: 3 });
    c.close();
  });

  it("keeps revisionHistoryLimit old ReplicaSets and copies kubernetes.io/change-cause to each revision", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT.replace("  replicas: 3", "  replicas: 1\n  revisionHistoryLimit: 2"));
    c.advance(20_000);
    for (const tag of ["1.15.0", "1.16.0", "1.16.1", "1.17.0"]) {
      c.api.patch("deployments.apps", "default", "nginx-deployment", { metadata: { annotations: { "kubernetes.io/change-cause": `image updated to ${tag}` } } }, "merge");
      setImage(c, `nginx:${tag}`);
      c.advance(30_000);
    }
    const rss = replicaSets(c).sort((a, b) => Number(a.metadata?.annotations?.["deployment.kubernetes.io/revision"]) - Number(b.metadata?.annotations?.["deployment.kubernetes.io/revision"]));
    expect(rss.map((rs) => rs.metadata?.annotations?.["deployment.kubernetes.io/revision"])).toEqual(["3", "4", "5"]);
    expect(rss.map((rs) => rs.metadata?.annotations?.["kubernetes.io/change-cause"])).toEqual(["image updated to 1.16.0", "image updated to 1.16.1", "image updated to 1.17.0"]);
    c.close();
  });

  it("counts a pod available only minReadySeconds after it is Ready", () => {
    const c = createTestCluster();
    c.applyYaml(NGINX_DEPLOYMENT.replace("  selector:", "  minReadySeconds: 20\n  selector:"));
    c.advance(10_000);
    expect(deployment(c).status).toMatchObject({ readyReplicas: 3, availableReplicas: 0 });
    expect(condition(deployment(c), "Available")?.status).toBe("False");
    c.advance(20_000);
    expect(deployment(c).status).toMatchObject({ readyReplicas: 3, availableReplicas: 3 });
    expect(condition(deployment(c), "Available")?.status).toBe("True");
    c.close();
  });

  it("refuses invalid specs with Kubernetes' messages", () => {
    const c = createTestCluster();
    expect(() => c.applyYaml(NGINX_DEPLOYMENT.replace("      labels:\n        app: nginx\n    spec:", "      labels:\n        app: web\n    spec:"))).toThrow(
      'Deployment.apps "nginx-deployment" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    );
    expect(() => c.applyYaml(NGINX_DEPLOYMENT.replace("  selector:", "  strategy:\n    rollingUpdate: { maxSurge: 0, maxUnavailable: 0 }\n  selector:"))).toThrow(
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    );
    c.applyYaml(NGINX_DEPLOYMENT);
    expect(() =>
      c.api.patch("deployments.apps", "default", "nginx-deployment", { spec: { selector: { matchLabels: { app: "other" } }, template: { metadata: { labels: { app: "other" } } } } }, "strategic"),
    ).toThrow(/spec\.selector: Invalid value: .*: field is immutable/);
    const d = deployment(c);
    expect(d.spec).toMatchObject({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(d.spec?.template?.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30, schedulerName: "default-scheduler" });
    c.close();
  });
});
