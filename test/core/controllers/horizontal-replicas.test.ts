import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { emptyHistory, normalizeDesiredReplicas, normalizeWithBehaviors, storeScaleEvent } from "../../../src/core/controllers/horizontal-behavior.js";
import { MetricError, resourceReplicas, type PodMetricsInfo } from "../../../src/core/controllers/horizontal-replicas.js";
import { formatHPAMetrics } from "../../../src/core/printers/horizontalpodautoscaler.js";

/**
 * The replica calculator and the normalization rules on their own, with the cases
 * replica_calculator_test.go and horizontal_test.go check.
 */
const NOW = Date.UTC(2024, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function pod(name: string, opts: { phase?: string; ready?: boolean; readySince?: number; started?: number; request?: string } = {}): Pod {
  const started = opts.started ?? NOW - 3600_000;
  return {
    metadata: { name },
    spec: { containers: [{ name: "app", resources: opts.request === "" ? {} : { requests: { cpu: opts.request ?? "100m" } } }] },
    status: {
      phase: opts.phase ?? "Running",
      startTime: iso(started),
      conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True", lastTransitionTime: iso(opts.readySince ?? started + 10_000) }],
    },
  };
}

function metrics(values: Record<string, number>): PodMetricsInfo {
  return new Map(Object.entries(values).map(([name, value]) => [name, { timestamp: NOW - 15_000, windowMs: 15_000, value }]));
}

describe("the replica calculator", () => {
  it("scales by the usage ratio over ready pods, rounding up", () => {
    const pods = [pod("a"), pod("b"), pod("c")];
    expect(resourceReplicas(3, 50, "cpu", "", pods, metrics({ a: 90, b: 90, c: 90 }), NOW)).toMatchObject({ replicas: 6, utilization: 90, rawAverage: 90 });
    expect(resourceReplicas(3, 50, "cpu", "", pods, metrics({ a: 10, b: 10, c: 10 }), NOW).replicas).toBe(1);
  });

  it("keeps the count within the 10 % tolerance", () => {
    const pods = [pod("a"), pod("b")];
    expect(resourceReplicas(2, 50, "cpu", "", pods, metrics({ a: 55, b: 55 }), NOW).replicas).toBe(2);
    expect(resourceReplicas(2, 50, "cpu", "", pods, metrics({ a: 56, b: 56 }), NOW).replicas).toBe(3);
  });

  it("counts a pod without metrics as using its whole request on a scale-down", () => {
    // Measured: 20 % each; the silent pod is taken at 100 %: (20 + 20 + 100) / 3 = 46 % of 50 % is within tolerance.
    const pods = [pod("a"), pod("b"), pod("c")];
    expect(resourceReplicas(3, 50, "cpu", "", pods, metrics({ a: 20, b: 20 }), NOW).replicas).toBe(3);
    // Without the silent pod it would have gone to 1.
    expect(resourceReplicas(2, 50, "cpu", "", pods.slice(0, 2), metrics({ a: 20, b: 20 }), NOW).replicas).toBe(1);
  });

  it("counts a pod without metrics as idle on a scale-up, and never turns a scale-up into a scale-down", () => {
    const pods = [pod("a"), pod("b"), pod("c"), pod("d")];
    // 200 % on two pods, 0 % assumed on two: 100 % over 4 pods of a 50 % target → 8.
    expect(resourceReplicas(4, 50, "cpu", "", pods, metrics({ a: 200, b: 200 }), NOW).replicas).toBe(8);
    // 60 % measured, 30 % with the fill-in: the direction would flip, so the size stays.
    expect(resourceReplicas(4, 50, "cpu", "", pods, metrics({ a: 60, b: 60 }), NOW).replicas).toBe(4);
  });

  it("sets aside pods still starting (CPU) and pending ones, idle on a scale-up", () => {
    const fresh = pod("new", { started: NOW - 60_000, readySince: NOW - 20_000 });
    const pending = pod("pending", { phase: "Pending", ready: false });
    const pods = [pod("a"), pod("b"), fresh, pending];
    // The fresh pod's sample began before it was ready for a whole window: ignored, then taken as 0 on the way up.
    expect(resourceReplicas(4, 50, "cpu", "", pods, metrics({ a: 150, b: 150, new: 150 }), NOW).replicas).toBe(6);
  });

  it("names what is missing the way Kubernetes does", () => {
    expect(() => resourceReplicas(1, 50, "cpu", "", [pod("a", { request: "" })], metrics({ a: 50 }), NOW)).toThrow(new MetricError("missing request for cpu in container app of Pod a"));
    expect(() => resourceReplicas(1, 50, "cpu", "", [], metrics({}), NOW)).toThrow("no pods returned by selector while calculating replica count");
    expect(() => resourceReplicas(1, 50, "cpu", "", [pod("a", { ready: false, started: NOW - 30_000 })], metrics({ a: 50 }), NOW)).toThrow(
      "did not receive metrics for targeted pods (pods might be unready)",
    );
  });
});

describe("normalization", () => {
  it("without behavior: at most double (or 4 more) per sync, and the highest recommendation of 5 minutes", () => {
    const h = emptyHistory();
    expect(normalizeDesiredReplicas(h, 1, 20, 1, 30, NOW)).toMatchObject({ desired: 4, scalingLimited: { status: "True", reason: "ScaleUpLimit" } });
    // The 20 of a minute ago still stands, but the step from 4 is at most to 8.
    expect(normalizeDesiredReplicas(h, 4, 2, 1, 30, NOW + 60_000)).toMatchObject({ desired: 8, ableToScale: { reason: "ScaleDownStabilized" } });
    expect(normalizeDesiredReplicas(h, 20, 2, 1, 30, NOW + 6 * 60_000).desired).toBe(2);
  });

  it("with behavior: the policies' rates over their periods, and selectPolicy", () => {
    const h = emptyHistory();
    const behavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Min", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }, { type: "Percent", value: 100, periodSeconds: 60 }] } };
    const first = normalizeWithBehaviors(h, behavior, 4, 20, 1, 30, NOW);
    expect(first).toMatchObject({ desired: 6, scalingLimited: { status: "True", reason: "ScaleUpLimit", message: "the desired replica count is increasing faster than the maximum scale rate" } });
    storeScaleEvent(h, behavior, 4, 6, NOW);
    // Within the same minute the 2 pods are spent.
    expect(normalizeWithBehaviors(h, behavior, 6, 20, 1, 30, NOW + 30_000).desired).toBe(6);
    expect(normalizeWithBehaviors(h, behavior, 6, 20, 1, 30, NOW + 61_000).desired).toBe(8);
    expect(normalizeWithBehaviors(emptyHistory(), { scaleUp: { selectPolicy: "Disabled", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }] } }, 3, 9, 1, 30, NOW).desired).toBe(3);
  });
});

describe("the TARGETS column", () => {
  it("prints the first two metrics and how many more", () => {
    const cpu = { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } };
    const mem = { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "100Mi" } } };
    const pods = { type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "4" } } };
    expect(formatHPAMetrics([cpu, mem, pods], [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 62, averageValue: "124m" } } }])).toBe(
      "cpu: 62%/50%, memory: <unknown>/100Mi + 1 more...",
    );
    expect(formatHPAMetrics([pods], [])).toBe("<unknown>/4");
    expect(formatHPAMetrics([], [])).toBe("<none>");
  });
});
