import { describe, expect, it } from "vitest";
import { addSample, bucketStart, CPU_HISTOGRAM, emptyHistogram, findBucket, percentile } from "../../../src/core/controllers/vpa-histogram.js";
import { addCpuSample, addMemorySample, emptyAggregate, emptyInstance, recommend } from "../../../src/core/controllers/vpa-model.js";

/** The recommender's histogram and estimators on their own, as the add-on's unit tests check them. */
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

describe("the decaying histogram", () => {
  it("has buckets 5 % wider each, from 10 millicores", () => {
    expect(findBucket(CPU_HISTOGRAM, 0.005)).toBe(0);
    expect(bucketStart(CPU_HISTOGRAM, 1)).toBeCloseTo(0.01);
    expect(bucketStart(CPU_HISTOGRAM, 2)).toBeCloseTo(0.0205);
    const b = findBucket(CPU_HISTOGRAM, 0.3);
    expect(bucketStart(CPU_HISTOGRAM, b)).toBeLessThanOrEqual(0.3);
    expect(bucketStart(CPU_HISTOGRAM, b + 1)).toBeGreaterThan(0.3);
  });

  it("answers a percentile with the end of its bucket, recent samples weighing more", () => {
    const h = emptyHistogram();
    for (let i = 0; i < 10; i++) addSample(CPU_HISTOGRAM, h, i < 9 ? 0.1 : 1, 1, T0);
    const p50 = percentile(CPU_HISTOGRAM, h, 0.5);
    expect(p50).toBeGreaterThan(0.1);
    // Buckets are 5 % of (start + 0.2 cores) wide: 0.1 sits in one ending under 0.116.
    expect(p50).toBeLessThan(0.116);
    expect(percentile(CPU_HISTOGRAM, h, 0.95)).toBeGreaterThan(1);
    // Two days later one sample at 1 core weighs 4 of the old ones: the median moves up.
    for (let i = 0; i < 3; i++) addSample(CPU_HISTOGRAM, h, 1, 1, T0 + 48 * 3600_000);
    expect(percentile(CPU_HISTOGRAM, h, 0.5)).toBeGreaterThan(1);
  });
});

describe("the recommendation", () => {
  it("targets the 90th percentile with a 15 % margin; bounds widen while the history is young", () => {
    const a = emptyAggregate();
    const c = emptyInstance();
    for (let m = 0; m < 60; m++) {
      addCpuSample(a, c, m % 10 === 0 ? 0.5 : 0.2, 0.1, T0 + m * MINUTE);
      addMemorySample(a, c, 300 * 1024 * 1024, T0 + m * MINUTE);
    }
    const young = recommend("app", a, 1, undefined, ["cpu", "memory"]);
    expect(Object.keys(young.target)).toEqual(["cpu", "memory"]);
    const cpu = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
    // 90 % of samples at 200m: the target is 200m's bucket end plus 15 %.
    expect(cpu(young.target.cpu!)).toBeGreaterThanOrEqual(230);
    expect(cpu(young.target.cpu!)).toBeLessThan(250);
    // An hour of history: the upper bound is 25 times the 95th percentile (1 + 1/confidence).
    expect(cpu(young.upperBound!.cpu!)).toBeGreaterThan(10_000);
    expect(cpu(young.lowerBound!.cpu!)).toBeLessThanOrEqual(cpu(young.target.cpu!));
    // A day later the bounds have narrowed.
    for (let m = 60; m < 26 * 60; m++) addCpuSample(a, c, m % 10 === 0 ? 0.5 : 0.2, 0.1, T0 + m * MINUTE);
    const older = recommend("app", a, 1, undefined, ["cpu"]);
    expect(cpu(older.upperBound!.cpu!)).toBeLessThan(1200);
    expect(older.target.memory).toBeUndefined();
  });

  it("never goes under 25 millicores and 250 MiB per pod, shared by its containers, and keeps to the policy", () => {
    const a = emptyAggregate();
    const c = emptyInstance();
    addCpuSample(a, c, 0.001, 0.1, T0);
    addMemorySample(a, c, 1024 * 1024, T0);
    expect(recommend("app", a, 1, undefined, ["cpu", "memory"]).target).toEqual({ cpu: "25m", memory: "262144k" });
    expect(recommend("app", a, 2, undefined, ["cpu", "memory"]).target).toEqual({ cpu: "12m", memory: "131072k" });
    const capped = recommend("app", a, 1, { containerName: "app", minAllowed: { cpu: "100m" }, maxAllowed: { memory: "128Mi" } }, ["cpu", "memory"]);
    expect(capped.target).toEqual({ cpu: "100m", memory: "128Mi" });
    expect(capped.uncappedTarget).toEqual({ cpu: "25m", memory: "262144k" });
  });
});
