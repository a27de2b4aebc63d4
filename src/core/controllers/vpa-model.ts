/**
 * The VPA recommender's model and estimators (recommender/model and logic), simplified
 * but faithful: per container name, a decaying CPU usage histogram weighted by the
 * container's request and a histogram of memory peaks (one per container per 24 h
 * window); recommendations at the 90th percentile (target), 50th (lower bound) and
 * 95th (upper bound) with a 15 % safety margin, bounds widened while the history is
 * young, at least 25 millicores and 250 MiB per pod, then the container policy's limits.
 */
import type { ContainerResourcePolicy, RecommendedContainerResources, ResourceList } from "../api/verticalpodautoscaler.js";
import { formatAmount } from "../amount.js";
import { cpuMillis, bytes } from "../quantity.js";
import { addSample, CPU_HISTOGRAM, emptyHistogram, isEmpty, MEMORY_HISTOGRAM, percentile, subtractSample, type HistogramState } from "./vpa-histogram.js";

const MIN_SAMPLE_WEIGHT = 0.1;
const MEMORY_AGGREGATION_INTERVAL_MS = 24 * 3600_000;
const SAFETY_MARGIN = 0.15;
const POD_MIN_CPU_MILLICORES = 25;
const POD_MIN_MEMORY_BYTES = 250 * 1024 * 1024;
/** MaxResourceAmount: what an estimate is capped at (a bound of a history too short to trust). */
const MAX_RESOURCE_AMOUNT = 1e14;

/** AggregateContainerState: one container name's history across the target's pods. */
export interface AggregateState {
  cpu: HistogramState;
  memoryPeaks: HistogramState;
  firstSampleStart?: number;
  lastSampleStart?: number;
  totalSamplesCount: number;
}

/** ContainerState: one container instance's sampling position and memory window. */
export interface InstanceState {
  lastCpuSampleStart: number;
  lastMemorySampleStart: number;
  windowEnd: number;
  memoryPeak: number;
}

export function emptyAggregate(): AggregateState {
  return { cpu: emptyHistogram(), memoryPeaks: emptyHistogram(), totalSamplesCount: 0 };
}

export function emptyInstance(): InstanceState {
  return { lastCpuSampleStart: 0, lastMemorySampleStart: 0, windowEnd: 0, memoryPeak: 0 };
}

/** addCPUSample: usage in cores weighted by the request (so a raised request decays the old history faster). */
export function addCpuSample(a: AggregateState, c: InstanceState, cores: number, requestCores: number, at: number): void {
  if (at <= c.lastCpuSampleStart) return;
  c.lastCpuSampleStart = at;
  addSample(CPU_HISTOGRAM, a.cpu, cores, Math.max(requestCores, MIN_SAMPLE_WEIGHT), at);
  if (a.lastSampleStart === undefined || at > a.lastSampleStart) a.lastSampleStart = at;
  if (a.firstSampleStart === undefined || at < a.firstSampleStart) a.firstSampleStart = at;
  a.totalSamplesCount++;
}

/** addMemorySample: the window's peak, replaced in the aggregate when a higher one comes. */
export function addMemorySample(a: AggregateState, c: InstanceState, usage: number, at: number): void {
  if (at < c.lastMemorySampleStart) return;
  c.lastMemorySampleStart = at;
  if (c.windowEnd === 0) c.windowEnd = at;
  let addNewPeak = false;
  if (at < c.windowEnd) {
    if (c.memoryPeak !== 0 && usage > c.memoryPeak) {
      subtractSample(MEMORY_HISTOGRAM, a.memoryPeaks, c.memoryPeak, 1, c.windowEnd);
      addNewPeak = true;
    }
  } else {
    const shift = Math.floor((at - c.windowEnd) / MEMORY_AGGREGATION_INTERVAL_MS) * MEMORY_AGGREGATION_INTERVAL_MS + MEMORY_AGGREGATION_INTERVAL_MS;
    c.windowEnd += shift;
    c.memoryPeak = 0;
    addNewPeak = true;
  }
  if (addNewPeak) {
    addSample(MEMORY_HISTOGRAM, a.memoryPeaks, usage, 1, c.windowEnd);
    c.memoryPeak = usage;
  }
}

/** How long and how densely the history reaches, in days (getConfidence). */
function confidence(a: AggregateState): number {
  const lifespanDays = a.firstSampleStart !== undefined && a.lastSampleStart !== undefined ? (a.lastSampleStart - a.firstSampleStart) / MEMORY_AGGREGATION_INTERVAL_MS : 0;
  const samplesDays = a.totalSamplesCount / (60 * 24);
  return Math.min(lifespanDays, samplesDays);
}

/** resourceAmountFromFloat: truncated, never negative, capped. */
function amount(v: number): number {
  if (!(v > 0)) return 0;
  return Math.min(Math.trunc(v), MAX_RESOURCE_AMOUNT);
}

interface Estimate {
  cpuMillis: number;
  memoryBytes: number;
}

function estimate(a: AggregateState, cpuP: number, memP: number, multiplier?: { m: number; exp: number }): Estimate {
  let cpu = amount(percentile(CPU_HISTOGRAM, a.cpu, cpuP) * 1000);
  let mem = amount(percentile(MEMORY_HISTOGRAM, a.memoryPeaks, memP));
  cpu = amount(cpu * (1 + SAFETY_MARGIN));
  mem = amount(mem * (1 + SAFETY_MARGIN));
  if (multiplier) {
    const factor = Math.pow(1 + multiplier.m / confidence(a), multiplier.exp);
    cpu = amount(cpu * factor);
    mem = amount(mem * factor);
  }
  return { cpuMillis: cpu, memoryBytes: mem };
}

/** True when a container name has samples to recommend from. */
export function hasSamples(a: AggregateState): boolean {
  return !isEmpty(CPU_HISTOGRAM, a.cpu) || !isEmpty(MEMORY_HISTOGRAM, a.memoryPeaks);
}

function asList(e: Estimate, resources: readonly string[]): ResourceList {
  const out: ResourceList = {};
  if (resources.includes("cpu")) out.cpu = formatAmount({ nanos: BigInt(e.cpuMillis) * 1_000_000n, format: "DecimalSI" });
  if (resources.includes("memory")) out.memory = formatAmount({ nanos: BigInt(e.memoryBytes) * 1_000_000_000n, format: "DecimalSI" });
  return out;
}

/** maybeCapToPolicyMin/Max for one list: quantities outside the policy become its bounds. */
function capToPolicy(list: ResourceList, policy: ContainerResourcePolicy | undefined): ResourceList {
  const out = { ...list };
  for (const [name, value] of Object.entries(out)) {
    const measure = name === "cpu" ? cpuMillis : bytes;
    const min = policy?.minAllowed?.[name];
    const max = policy?.maxAllowed?.[name];
    if (min !== undefined && measure(value) < measure(min)) out[name] = min;
    if (max !== undefined && measure(out[name]!) > measure(max)) out[name] = max;
  }
  return out;
}

/**
 * One container's recommendation: target, bounds and the target before the policy's
 * limits. `containers` is how many container names share the per-pod minimum.
 */
export function recommend(name: string, a: AggregateState, containers: number, policy: ContainerResourcePolicy | undefined, resources: readonly string[]): RecommendedContainerResources {
  const fraction = 1 / Math.max(1, containers);
  const floor = (e: Estimate): Estimate => ({
    cpuMillis: Math.max(e.cpuMillis, amount(POD_MIN_CPU_MILLICORES * fraction)),
    memoryBytes: Math.max(e.memoryBytes, amount(POD_MIN_MEMORY_BYTES * fraction)),
  });
  const target = floor(estimate(a, 0.9, 0.9));
  const lower = floor(estimate(a, 0.5, 0.5, { m: 0.001, exp: -2 }));
  const upper = floor(estimate(a, 0.95, 0.95, { m: 1, exp: 1 }));
  const uncapped = asList(target, resources);
  return {
    containerName: name,
    target: capToPolicy(uncapped, policy),
    lowerBound: capToPolicy(asList(lower, resources), policy),
    upperBound: capToPolicy(asList(upper, resources), policy),
    uncappedTarget: uncapped,
  };
}
