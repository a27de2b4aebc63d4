/**
 * The HPA's metric sources (computeReplicasForMetric): Resource and ContainerResource
 * metrics from the simulated metrics API, each giving a replica proposal and its
 * MetricStatus; Pods, Object and External metrics fail as they do on a cluster without
 * a custom or external metrics adapter.
 */
import type { MetricSpec, MetricStatus, MetricTarget } from "kubernetes-types/autoscaling/v2";
import type { Pod } from "kubernetes-types/core/v1";
import { formatAmount } from "../amount.js";
import type { PodMetrics } from "../kubelet/metrics.js";
import { METRICS_WINDOW_MS } from "../kubelet/metrics.js";
import { bytes, cpuMillis } from "../quantity.js";
import { MetricError, rawResourceReplicas, resourceReplicas, type PodMetricsInfo } from "./horizontal-replicas.js";

/** What one metric gave: a proposal, or the failure with the condition reason it sets. */
export type MetricResult =
  | { ok: true; replicas: number; metricName: string; status: MetricStatus; timestamp: number }
  | { ok: false; reason: string; conditionMessage: string; eventMessage: string; error: string };

/** The metrics API's answer for a resource, as the metrics client sums it per pod (milli-units). */
function podMetricsInfo(raw: readonly PodMetrics[], resource: string, container: string): PodMetricsInfo {
  const out: PodMetricsInfo = new Map();
  for (const m of raw) {
    const containers = container ? m.containers.filter((c) => c.name === container) : m.containers;
    if (containers.length === 0) continue;
    let sum = 0;
    for (const c of containers) sum += resource === "cpu" ? c.cpuMillis : resource === "memory" ? c.memoryBytes * 1000 : NaN;
    if (Number.isNaN(sum)) continue;
    out.set(m.name, { timestamp: Date.parse(m.timestamp), windowMs: METRICS_WINDOW_MS, value: sum });
  }
  return out;
}

/** buildQuantity: CPU in DecimalSI millicores, memory in BinarySI, from a milli-value. */
function quantity(resource: string, milli: number): string {
  return formatAmount({ nanos: BigInt(Math.trunc(milli)) * 1_000_000n, format: resource === "memory" ? "BinarySI" : "DecimalSI" });
}

/** A target quantity in the metric's milli-units. */
function targetMilli(resource: string, q: string | number): number {
  return resource === "cpu" ? cpuMillis(q) : bytes(q) * 1000;
}

function failed(reason: string, err: string): MetricResult {
  return { ok: false, reason, conditionMessage: `the HPA was unable to compute the replica count: ${err}`, eventMessage: err, error: err };
}

/**
 * computeStatusForResourceMetricGeneric: the proposal for a resource metric (optionally
 * of one container) with its status entry.
 */
function resourceMetric(spec: MetricSpec, currentReplicas: number, pods: readonly Pod[], raw: readonly PodMetrics[], now: number): MetricResult {
  const containerSource = spec.type === "ContainerResource";
  const src = containerSource ? spec.containerResource : spec.resource;
  const reason = containerSource ? "FailedGetContainerResourceMetric" : "FailedGetResourceMetric";
  const name = src?.name ?? "";
  const container = containerSource ? (spec.containerResource?.container ?? "") : "";
  const target: MetricTarget = src?.target ?? { type: "" };
  const wrap = (what: string, e: unknown) => {
    if (!(e instanceof MetricError)) throw e;
    return failed(reason, `failed to get ${name} ${what}: ${e.message}`);
  };
  const metrics = podMetricsInfo(raw, name, container);
  const noMetrics = `unable to get metrics for resource ${name}: no metrics returned from resource metrics API`;
  const withStatus = (current: MetricStatus["resource"]): MetricStatus =>
    containerSource ? { type: "ContainerResource", containerResource: { name, container, current: current!.current } } : { type: "Resource", resource: current! };
  if (target.averageValue !== undefined) {
    if (metrics.size === 0) return failed(reason, `failed to get ${name} usage: ${noMetrics}`);
    try {
      const p = rawResourceReplicas(currentReplicas, targetMilli(name, target.averageValue), name, pods, metrics, now);
      return { ok: true, replicas: p.replicas, metricName: `${name} resource`, timestamp: p.timestamp, status: withStatus({ name, current: { averageValue: quantity(name, p.rawAverage) } }) };
    } catch (e) {
      return wrap("usage", e);
    }
  }
  if (target.averageUtilization === undefined) {
    return failed(reason, "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set");
  }
  if (metrics.size === 0) return failed(reason, `failed to get ${name} utilization: ${noMetrics}`);
  try {
    const p = resourceReplicas(currentReplicas, target.averageUtilization, name, container, pods, metrics, now);
    const metricName = containerSource ? `${name} container resource utilization (percentage of request)` : `${name} resource utilization (percentage of request)`;
    return {
      ok: true,
      replicas: p.replicas,
      metricName,
      timestamp: p.timestamp,
      status: withStatus({ name, current: { averageUtilization: p.utilization, averageValue: quantity(name, p.rawAverage) } }),
    };
  } catch (e) {
    return wrap("utilization", e);
  }
}

/** One metric's proposal; `currentReplicas` is the scale's spec.replicas. */
export function computeReplicasForMetric(spec: MetricSpec, currentReplicas: number, pods: readonly Pod[], raw: readonly PodMetrics[], now: number): MetricResult {
  switch (spec.type) {
    case "Resource":
    case "ContainerResource":
      return resourceMetric(spec, currentReplicas, pods, raw, now);
    case "Pods":
      return failed("FailedGetPodsMetric", `unable to get metric ${spec.pods?.metric?.name ?? ""}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`);
    case "Object": {
      const o = spec.object;
      return failed(
        "FailedGetObjectMetric",
        `unable to get metric ${o?.metric?.name ?? ""}: ${o?.describedObject?.kind ?? ""} on ${o?.describedObject?.name ?? ""}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`,
      );
    }
    case "External":
      return failed("FailedGetExternalMetric", `unable to get external metric ${spec.external?.metric?.name ?? ""}: no external metrics API (external.metrics.k8s.io) registered`);
    default:
      return failed("InvalidMetricSourceType", `unknown metric source type "${spec.type}"`);
  }
}

/** The error computeReplicasForMetric wraps a failure in, per source type. */
export function metricErrorPrefix(spec: MetricSpec): string {
  switch (spec.type) {
    case "Resource":
      return `failed to get ${spec.resource?.name ?? ""} resource metric value: `;
    case "ContainerResource":
      return `failed to get ${spec.containerResource?.container ?? ""} container metric value: `;
    case "Pods":
      return "failed to get pods metric value: ";
    case "Object":
      return "failed to get object metric value: ";
    case "External":
      return `failed to get ${spec.external?.metric?.name ?? ""} external metric value: `;
    default:
      return "";
  }
}
