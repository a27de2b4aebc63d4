import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { Deployment } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/core/api/errors.js";
import { asKind } from "../../../src/core/api/object.js";
import { type TestCluster } from "../../helpers/cluster.js";
import { deployment, manifests } from "../../helpers/fixtures.js";
import { clusterPerTest } from "../../helpers/per-test.js";
import { eventLines, table } from "./workload-helpers.js";

/**
 * The HorizontalPodAutoscaler controller against the real engine: scripted traffic
 * (`sim.kdeck.dev/load` on the Deployment) drives the CPU the pods use, and the
 * autoscaler scales the Deployment as kube-controller-manager would.
 */
const start = clusterPerTest();
const HPA = "horizontalpodautoscalers.autoscaling";

/** The web Deployment under a simulated load, 2 replicas asking for 200m each unless told. */
function web(load: string, requests: { cpu?: string; memory?: string } = { cpu: "200m" }): string {
  return deployment("web", { replicas: 2, annotations: { "sim.kdeck.dev/load": load }, ...requests });
}

function hpa(spec: string): string {
  return `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${spec}`;
}

const CPU_50 = `  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}`;

function getHpa(c: TestCluster): HorizontalPodAutoscaler {
  return asKind<HorizontalPodAutoscaler>(c.api.get(HPA, "default", "web"));
}

function replicas(c: TestCluster): number {
  return asKind<Deployment>(c.api.get("deployments.apps", "default", "web")).spec?.replicas ?? 0;
}

function condition(c: TestCluster, type: string) {
  return getHpa(c).status?.conditions?.find((x) => x.type === type);
}

/** The Deployment's replica count every 15 s for `seconds`, keyed by seconds since the start. */
function timeline(c: TestCluster, seconds: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let t = 0; t <= seconds; t += 15) {
    out.set(t, replicas(c));
    c.advance(15_000);
  }
  return out;
}

describe("HorizontalPodAutoscaler", () => {
  it("scales out when the load rises and back in only after the 5-minute stabilization window", () => {
    const c = start(manifests(web("200m, 1200m after 2m, 200m after 10m"), hpa(`  minReplicas: 2\n  maxReplicas: 10\n${CPU_50}`)));
    const series = timeline(c, 17 * 60);
    const at = (t: number) => series.get(t)!;
    // 200m over 2 pods of 200m requests is 50 %: on target, nothing moves.
    for (let t = 0; t < 120; t += 15) expect(at(t), `t=${t}s`).toBe(2);
    // 1200m is 300 %: the built-in rule lets it at most double (or add 4) per sync, up to maxReplicas.
    const rising = [...series.entries()].filter(([t]) => t >= 120 && t <= 200).map(([, r]) => r);
    expect(rising).toContain(4);
    expect(rising).toContain(8);
    expect(Math.max(...series.values())).toBe(10);
    // The load drops at 10 m; the highest recommendation of the last 5 minutes holds until about 15 m.
    for (let t = 600; t < 14 * 60 + 45; t += 15) expect(at(t), `t=${t}s`).toBe(10);
    expect(at(16 * 60)).toBe(2);
    expect(eventLines(c, "HorizontalPodAutoscaler").filter((e) => e.includes("SuccessfulRescale"))).toEqual([
      "Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target",
      "Normal SuccessfulRescale: New size: 8; reason: cpu resource utilization (percentage of request) above target",
      // Go's controller names no reason when the stabilized recommendation, not the metric, asks for more.
      "Normal SuccessfulRescale: New size: 10; reason: ",
      "Normal SuccessfulRescale: New size: 2; reason: All metrics below target",
    ]);
    const status = getHpa(c).status!;
    expect(status.currentReplicas).toBe(2);
    expect(status.desiredReplicas).toBe(2);
    expect(status.lastScaleTime).toBeDefined();
    expect(status.currentMetrics).toEqual([{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 50, averageValue: "100m" } } }]);
    expect(table(c, HPA)).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nweb\s+Deployment\/web\s+cpu: 50%\/50%\s+2\s+10\s+2\s+/);
  });

  it("does not scale while the usage ratio stays within the 10 % tolerance", () => {
    const c = start(manifests(web("440m"), hpa(`  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 100}}`)));
    const series = timeline(c, 3 * 60);
    expect([...series.values()].every((r) => r === 2)).toBe(true);
    expect(getHpa(c).status?.currentMetrics?.[0]?.resource?.current?.averageUtilization).toBe(110);
    expect(condition(c, "AbleToScale")?.reason).toBe("ReadyForNewScale");
    // Just past the tolerance: 115 % asks for ceil(1.15 × 2) = 3 pods.
    c.api.patch("deployments.apps", "default", "web", { metadata: { annotations: { "sim.kdeck.dev/load": "460m" } } }, "merge");
    c.advance(60_000);
    expect(replicas(c)).toBe(3);
  });

  it("keeps within minReplicas and maxReplicas and says so in ScalingLimited", () => {
    const c = start(manifests(web("4000m"), hpa(`  minReplicas: 3\n  maxReplicas: 4\n${CPU_50}`)));
    c.advance(20_000);
    // Below minReplicas: raised to it before any metric is read.
    expect(replicas(c)).toBe(3);
    expect(eventLines(c, "HorizontalPodAutoscaler")).toContain("Normal SuccessfulRescale: New size: 3; reason: Current number of replicas below Spec.MinReplicas");
    c.advance(3 * 60_000);
    expect(replicas(c)).toBe(4);
    expect(condition(c, "ScalingLimited")).toMatchObject({ status: "True", reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" });
    c.api.patch("deployments.apps", "default", "web", { metadata: { annotations: { "sim.kdeck.dev/load": "0" } } }, "merge");
    c.advance(7 * 60_000);
    expect(replicas(c)).toBe(3);
    expect(condition(c, "ScalingLimited")).toMatchObject({ status: "True", reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" });
    expect(condition(c, "ScalingActive")).toMatchObject({ status: "True", reason: "ValidMetricFound" });
  });

  it("reports a pod without a CPU request and a missing target instead of scaling", () => {
    const c = start(manifests(web("300m", { memory: "64Mi" }), hpa(`  maxReplicas: 5\n${CPU_50}`)));
    c.advance(60_000);
    const active = condition(c, "ScalingActive")!;
    expect(active.status).toBe("False");
    expect(active.reason).toBe("FailedGetResourceMetric");
    expect(active.message).toMatch(/^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container web of Pod web-\w+-\w+$/);
    expect(eventLines(c, "HorizontalPodAutoscaler").some((e) => /^Warning FailedComputeMetricsReplicas: invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request/.test(e))).toBe(true);
    expect(replicas(c)).toBe(2);
    expect(table(c, HPA)).toMatch(/cpu: <unknown>\/50%/);

    c.api.patch(HPA, "default", "web", { spec: { scaleTargetRef: { name: "nope" } } }, "merge");
    c.advance(30_000);
    expect(condition(c, "AbleToScale")).toMatchObject({
      status: "False",
      reason: "FailedGetScale",
      message: `the HPA controller was unable to get the target's current scale: deployments.apps "nope" not found`,
    });
  });

  it("scales on average memory with a scale-down behavior of one pod a minute", () => {
    const memoryHog = deployment("web", { replicas: 6, podAnnotations: { "sim.kdeck.dev/memory": "20Mi" }, memory: "64Mi" });
    const c = start(`${memoryHog}---
${hpa(`  minReplicas: 1
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 60Mi}}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 0
      policies: [{type: Pods, value: 1, periodSeconds: 60}]`)}`);
    const spec = getHpa(c).spec!;
    // Defaulting fills the rest of the behavior, as the API server does.
    expect(spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
    });
    const series = timeline(c, 6 * 60);
    const values = [...series.values()];
    // 20Mi of 60Mi: a third of the pods would do (memory does not spread over more pods, so it
    // keeps asking for fewer down to minReplicas), but the policy removes at most one a minute.
    for (let i = 1; i < values.length; i++) expect(values[i - 1]! - values[i]!).toBeLessThanOrEqual(1);
    expect(values.filter((r, i) => i > 0 && r < values[i - 1]!).length).toBe(5);
    expect(values.at(-1)).toBe(1);
    expect(getHpa(c).status?.currentMetrics?.[0]).toEqual({ type: "Resource", resource: { name: "memory", current: { averageValue: "20Mi" } } });
    expect(condition(c, "ScalingLimited")?.reason).toBe("DesiredWithinRange");
  });

  it("scales a StatefulSet on one container's CPU (ContainerResource)", () => {
    const c = start(`
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  annotations: {sim.kdeck.dev/load.app: "600m"}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: app, image: nginx:1.27, resources: {requests: {cpu: 100m}}}
      - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"], resources: {requests: {cpu: 900m}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: db}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  maxReplicas: 5
  metrics:
  - type: ContainerResource
    containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 200}}
`);
    c.advance(8 * 60_000);
    // The app container alone: 600m over 100m requests is 600 % of a 200 % target; the idle sidecar's big request does not dilute it.
    expect(asKind<Deployment>(c.api.get("statefulsets.apps", "default", "db")).spec?.replicas).toBe(3);
    const h = asKind<HorizontalPodAutoscaler>(c.api.get(HPA, "default", "db"));
    expect(h.status?.currentMetrics?.[0]).toEqual({ type: "ContainerResource", containerResource: { name: "cpu", container: "app", current: { averageUtilization: 200, averageValue: "200m" } } });
    expect(table(c, HPA)).toMatch(/\ndb\s+StatefulSet\/db\s+cpu: 200%\/200%\s+1\s+5\s+3\s+/);
  });

  it("accepts autoscaling/v1 and stores it as autoscaling/v2", () => {
    const c = start(web("200m"));
    const created = c.api.create({
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web", namespace: "default" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
    });
    expect(created.apiVersion).toBe("autoscaling/v2");
    expect(created.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    });
    // Without a target, the API server's default: 80 % CPU.
    const bare = c.api.create({ apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "bare", namespace: "default" }, spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, maxReplicas: 3 } });
    expect((bare.spec as HorizontalPodAutoscaler["spec"])!.metrics?.[0]?.resource?.target.averageUtilization).toBe(80);
  });

  it("validates as the API server does, with field paths", () => {
    const c = start("");
    const attempt = (spec: unknown) => {
      try {
        c.api.create({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "x", namespace: "default" }, spec });
        return "";
      } catch (e) {
        if (!isApiError(e)) throw e;
        return e.message;
      }
    };
    expect(attempt({ scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 5, maxReplicas: 2 })).toMatch(
      /^HorizontalPodAutoscaler\.autoscaling "x" is invalid: spec\.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`$/,
    );
    expect(attempt({ scaleTargetRef: { name: "web" }, maxReplicas: 0 })).toContain("spec.maxReplicas: Invalid value: 0: must be greater than 0");
    expect(attempt({ scaleTargetRef: { name: "web" }, maxReplicas: 1 })).toContain("spec.scaleTargetRef.kind: Required value");
    expect(attempt({ scaleTargetRef: { kind: "Deployment", name: "web" }, maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } }] })).toContain(
      "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization",
    );
    expect(attempt({ scaleTargetRef: { kind: "Deployment", name: "web" }, maxReplicas: 3, behavior: { scaleUp: { policies: [{ type: "Pods", value: 0, periodSeconds: 2000 }] } } })).toContain(
      "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero, spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800",
    );
  });
});
