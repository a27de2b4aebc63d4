/**
 * The HorizontalPodAutoscaler's replica calculator (pkg/controller/podautoscaler
 * replica_calculator.go) for resource metrics: which pods count, what requests they
 * make, and the replica count the usage ratio asks for — with the conservative
 * treatment of pods without metrics (100 % of their request on a scale-down, 0 % on a
 * scale-up) and of pods not yet ready (0 % on a scale-up), the 10 % tolerance, and no
 * change of direction from those fill-ins.
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { bytes, cpuMillis } from "../quantity.js";
import { parseTime } from "../engine/clock.js";

/** --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay. */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

/** One pod's metric: a milli-value (millicores, or milli-bytes), as the metrics client gives it. */
export interface PodMetric {
  timestamp: number;
  windowMs: number;
  value: number;
}

/** Pod name to metric. */
export type PodMetricsInfo = Map<string, PodMetric>;

/** A failure the controller reports in a condition and an event, in Kubernetes' words. */
export class MetricError extends Error {}

/** What the calculator proposes for one resource metric. */
export interface ReplicaProposal {
  replicas: number;
  /** Percentage of request (Utilization targets); undefined for AverageValue. */
  utilization?: number;
  /** Average milli-value per counted pod. */
  rawAverage: number;
  timestamp: number;
}

function isPodReadyCondition(pod: Pod): { status: string; lastTransitionTime: number } | undefined {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === "Ready");
  return c ? { status: c.status, lastTransitionTime: parseTime(c.lastTransitionTime ?? undefined) } : undefined;
}

/**
 * groupPods: ready pods counted; unready ones (pending, or for CPU not ready or too
 * fresh a sample after becoming ready during their initialisation period) set aside;
 * running pods without a metric missing; deleted and failed pods ignored.
 */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, resource: string, now: number) {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let ready = 0;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === "Failed") {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === "Pending") {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === "cpu") {
      const condition = isPodReadyCondition(pod);
      const start = parseTime(pod.status?.startTime ?? undefined);
      let isUnready: boolean;
      if (!condition || Number.isNaN(start)) isUnready = true;
      else if (start + CPU_INITIALIZATION_PERIOD_MS > now) {
        // Within its initialisation period: not ready, or no full window sampled since it became ready.
        isUnready = condition.status === "False" || metric.timestamp < condition.lastTransitionTime + metric.windowMs;
      } else {
        // Unready and never ready since it started.
        isUnready = condition.status === "False" && start + DELAY_OF_INITIAL_READINESS_STATUS_MS > condition.lastTransitionTime;
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

function requestOf(c: Container, resource: string): number | undefined {
  const q = c.resources?.requests?.[resource];
  if (q === undefined) return undefined;
  return resource === "cpu" ? cpuMillis(q) : bytes(q) * 1000;
}

/**
 * calculateRequests: each pod's request for the resource in milli-units, from its
 * containers and restartable init containers, or from one named container.
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => (c as { restartPolicy?: string }).restartPolicy === "Always")];
    let sum = 0;
    let found = false;
    for (const c of containers) {
      if (container !== "" && container !== c.name) continue;
      const r = requestOf(c, resource);
      if (r === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${name}`);
      sum += r;
      found = true;
      if (container === c.name) break;
    }
    if (container !== "" && !found) throw new MetricError(`container ${container} not found in Pod ${name}`);
    out.set(name, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio: usage over requests of the pods that have both. */
export function resourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, target: number) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += r;
    entries++;
  }
  if (requestsTotal === 0) throw new MetricError("no metrics returned matched known pods");
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

function within(ratio: number): boolean {
  return 1 - TOLERANCE <= ratio && ratio <= 1 + TOLERANCE;
}

function latest(metrics: PodMetricsInfo): number {
  let t = 0;
  for (const m of metrics.values()) t = Math.max(t, m.timestamp);
  return t;
}

/**
 * What GetResourceReplicas and calcPlainMetricReplicas share: the pods grouped, the
 * usage ratio of the ready ones, and where pods are missing a metric or not ready, a
 * second ratio with the conservative fill-ins (`missingUsage` of a pod without a metric
 * on a scale-down, 0 on a scale-up, 0 for unready pods on a scale-up), never changing
 * direction because of them. `first` is the ratio of the ready pods.
 */
function calculateReplicas<R extends { ratio: number }>(
  currentReplicas: number,
  resource: string,
  pods: readonly Pod[],
  raw: PodMetricsInfo,
  now: number,
  usageRatio: (metrics: PodMetricsInfo) => R,
  missingUsage: (pod: string) => number,
): { replicas: number; first: R; timestamp: number } {
  if (pods.length === 0) throw new MetricError("no pods returned by selector while calculating replica count");
  const metrics: PodMetricsInfo = new Map(raw);
  const timestamp = latest(raw);
  const groups = groupPods(pods, metrics, resource, now);
  for (const n of [...groups.ignored, ...groups.unready]) metrics.delete(n);
  if (metrics.size === 0) throw new MetricError("did not receive metrics for targeted pods (pods might be unready)");
  const first = usageRatio(metrics);
  const result = (replicas: number) => ({ replicas, first, timestamp });
  const scaleUpWithUnready = groups.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (within(first.ratio)) return result(currentReplicas);
    return result(Math.ceil(first.ratio * groups.ready));
  }
  for (const n of groups.missing) {
    if (first.ratio < 1) metrics.set(n, { timestamp, windowMs: 0, value: missingUsage(n) });
    else if (first.ratio > 1) metrics.set(n, { timestamp, windowMs: 0, value: 0 });
  }
  if (scaleUpWithUnready) for (const n of groups.unready) metrics.set(n, { timestamp, windowMs: 0, value: 0 });
  const second = usageRatio(metrics);
  if (within(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) return result(currentReplicas);
  const replicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}

/** GetResourceReplicas: replicas for a target utilisation (percent of request). */
export function resourceReplicas(currentReplicas: number, target: number, resource: string, container: string, pods: readonly Pod[], raw: PodMetricsInfo, now: number): ReplicaProposal {
  // Read once there are metrics to weigh, so that a missing request is reported after a missing metric.
  let requests: Map<string, number> | undefined;
  const requestsOf = () => (requests ??= calculateRequests(pods, container, resource));
  // A pod without a metric used its whole request on a scale-down (or the target when above 100 %).
  const fallback = Math.max(100, target);
  const { replicas, first, timestamp } = calculateReplicas(
    currentReplicas,
    resource,
    pods,
    raw,
    now,
    (metrics) => resourceUtilizationRatio(metrics, requestsOf(), target),
    (pod) => Math.trunc(((requestsOf().get(pod) ?? 0) * fallback) / 100),
  );
  return { replicas, utilization: first.utilization, rawAverage: first.rawAverage, timestamp };
}

/** GetRawResourceReplicas (calcPlainMetricReplicas): replicas for a target average value (milli-units). */
export function rawResourceReplicas(currentReplicas: number, targetUsage: number, resource: string, pods: readonly Pod[], raw: PodMetricsInfo, now: number): ReplicaProposal {
  const usageRatio = (m: PodMetricsInfo) => {
    let total = 0;
    for (const x of m.values()) total += x.value;
    const usage = Math.trunc(total / m.size);
    return { ratio: usage / targetUsage, usage };
  };
  // A pod without a metric used the target on a scale-down.
  const { replicas, first, timestamp } = calculateReplicas(currentReplicas, resource, pods, raw, now, usageRatio, () => targetUsage);
  return { replicas, rawAverage: first.usage, timestamp };
}
