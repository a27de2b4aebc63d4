/**
 * How the HorizontalPodAutoscaler turns a metric's proposal into the replica count it
 * sets (horizontal.go): the recommendation history and its stabilization windows, the
 * min/max bounds, and the scaling policies of `behavior` (or, without one, the built-in
 * rule of at most double or 4 pods). Pure functions over the autoscaler's history.
 */
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from "kubernetes-types/autoscaling/v2";

/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_WINDOW_MS = 5 * 60_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface TimestampedRecommendation {
  recommendation: number;
  at: number;
}

export interface TimestampedScaleEvent {
  replicaChange: number;
  at: number;
  outdated: boolean;
}

/** What the controller remembers of one autoscaler between syncs. */
export interface AutoscalerHistory {
  recommendations: TimestampedRecommendation[];
  scaleUpEvents: TimestampedScaleEvent[];
  scaleDownEvents: TimestampedScaleEvent[];
}

export function emptyHistory(): AutoscalerHistory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/** A condition the normalization asks to set: AbleToScale and ScalingLimited. */
export interface ConditionUpdate {
  status: "True" | "False";
  reason: string;
  message: string;
}

export interface Normalized {
  desired: number;
  ableToScale: ConditionUpdate;
  scalingLimited: ConditionUpdate;
}

/** recordInitialRecommendation: the current size is the first recommendation. */
export function recordInitialRecommendation(h: AutoscalerHistory, current: number, now: number): void {
  if (h.recommendations.length === 0) h.recommendations.push({ recommendation: current, at: now });
}

/** stabilizeRecommendation: the highest recommendation of the window; the new one replaces an expired one. */
function stabilizeRecommendation(h: AutoscalerHistory, desired: number, now: number): number {
  let max = desired;
  let oldIndex = -1;
  const cutoff = now - DOWNSCALE_STABILIZATION_WINDOW_MS;
  h.recommendations.forEach((r, i) => {
    if (r.at < cutoff) oldIndex = i;
    else if (r.recommendation > max) max = r.recommendation;
  });
  const rec = { recommendation: desired, at: now };
  if (oldIndex >= 0) h.recommendations[oldIndex] = rec;
  else h.recommendations.push(rec);
  return max;
}

/** convertDesiredReplicasWithRules: min and max, and at most double (or 4) in one step. */
function convertDesiredReplicasWithRules(current: number, desired: number, min: number, max: number): { replicas: number; reason: string; message: string } {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  let maximum: number;
  let reason: string;
  let message: string;
  if (max > scaleUpLimit) {
    maximum = scaleUpLimit;
    reason = "ScaleUpLimit";
    message = "the desired replica count is increasing faster than the maximum scale rate";
  } else {
    maximum = max;
    reason = "TooManyReplicas";
    message = "the desired replica count is more than the maximum replica count";
  }
  if (desired < min) return { replicas: min, reason: "TooFewReplicas", message: "the desired replica count is less than the minimum replica count" };
  if (desired > maximum) return { replicas: maximum, reason, message };
  return { replicas: desired, reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" };
}

/** normalizeDesiredReplicas: an autoscaler without `behavior`. */
export function normalizeDesiredReplicas(h: AutoscalerHistory, current: number, prenormalized: number, min: number, max: number, now: number): Normalized {
  const stabilized = stabilizeRecommendation(h, prenormalized, now);
  const ableToScale: ConditionUpdate =
    stabilized !== prenormalized
      ? { status: "True", reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" }
      : { status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" };
  const c = convertDesiredReplicasWithRules(current, stabilized, min, max);
  return { desired: c.replicas, ableToScale, scalingLimited: { status: c.replicas === stabilized ? "False" : "True", reason: c.reason, message: c.message } };
}

/** The rules of both directions with every default filled (the controller's downscale window when unset). */
function rulesOf(behavior: HorizontalPodAutoscalerBehavior): { up: Required<Pick<HPAScalingRules, "policies" | "selectPolicy" | "stabilizationWindowSeconds">>; down: Required<Pick<HPAScalingRules, "policies" | "selectPolicy" | "stabilizationWindowSeconds">> } {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  return {
    up: { policies: up.policies ?? [], selectPolicy: up.selectPolicy ?? "Max", stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0 },
    down: { policies: down.policies ?? [], selectPolicy: down.selectPolicy ?? "Max", stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_WINDOW_MS / 1000 },
  };
}

/** getReplicasChangePerPeriod: the replicas added (or removed) within the last period. */
function changeInPeriod(periodSeconds: number, events: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.replicaChange;
  return sum;
}

/**
 * calculateScaleUpLimitWithScalingRules and calculateScaleDownLimitWithBehaviors: the
 * furthest the direction's policies let the count go from what it was at the start of
 * each policy's period.
 */
function scaleLimit(direction: "up" | "down", current: number, h: AutoscalerHistory, rules: ReturnType<typeof rulesOf>["up"], now: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  const up = direction === "up";
  // selectPolicy Max takes the policy allowing the most change: the highest count up, the lowest down.
  const highest = (rules.selectPolicy === "Min") !== up;
  let result = highest ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, h.scaleUpEvents, now) + changeInPeriod(p.periodSeconds, h.scaleDownEvents, now);
    let proposed: number;
    // A percentage rounds up so that a small target can always grow.
    if (up) proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** stabilizeRecommendationWithBehaviors: the recommendation held within the windows' lowest and highest. */
function stabilizeWithBehaviors(h: AutoscalerHistory, rules: ReturnType<typeof rulesOf>, current: number, desired: number, now: number) {
  let up = desired;
  let down = desired;
  const upCutoff = now - rules.up.stabilizationWindowSeconds * 1000;
  const downCutoff = now - rules.down.stabilizationWindowSeconds * 1000;
  let oldIndex = -1;
  h.recommendations.forEach((r, i) => {
    if (r.at > upCutoff) up = Math.min(r.recommendation, up);
    if (r.at > downCutoff) down = Math.max(r.recommendation, down);
    if (r.at < upCutoff && r.at < downCutoff) oldIndex = i;
  });
  let recommendation = current;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const rec = { recommendation: desired, at: now };
  if (oldIndex >= 0) h.recommendations[oldIndex] = rec;
  else h.recommendations.push(rec);
  return desired >= current
    ? { recommendation, reason: "ScaleUpStabilized", message: "recent recommendations were lower than current one, applying the lowest recent recommendation" }
    : { recommendation, reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization windows, then the policies' rate limits and min/max. */
export function normalizeWithBehaviors(h: AutoscalerHistory, behavior: HorizontalPodAutoscalerBehavior, current: number, prenormalized: number, min: number, max: number, now: number): Normalized {
  const rules = rulesOf(behavior);
  const s = stabilizeWithBehaviors(h, rules, current, prenormalized, now);
  const ableToScale: ConditionUpdate =
    s.recommendation !== prenormalized ? { status: "True", reason: s.reason, message: s.message } : { status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" };
  const desired = s.recommendation;
  let replicas = desired;
  let reason = "DesiredWithinRange";
  let message = "the desired count is within the acceptable range";
  if (desired > current) {
    const limit = Math.max(scaleLimit("up", current, h, rules.up, now), current);
    let maximum = max;
    let r = "TooManyReplicas";
    let m = "the desired replica count is more than the maximum replica count";
    if (maximum > limit) {
      maximum = limit;
      r = "ScaleUpLimit";
      m = "the desired replica count is increasing faster than the maximum scale rate";
    }
    if (desired > maximum) [replicas, reason, message] = [maximum, r, m];
  } else if (desired < current) {
    const limit = Math.min(scaleLimit("down", current, h, rules.down, now), current);
    let minimum = min;
    let r = "TooFewReplicas";
    let m = "the desired replica count is less than the minimum replica count";
    if (minimum < limit) {
      minimum = limit;
      r = "ScaleDownLimit";
      m = "the desired replica count is decreasing faster than the maximum scale rate";
    }
    if (desired < minimum) [replicas, reason, message] = [minimum, r, m];
  }
  return { desired: replicas, ableToScale, scalingLimited: { status: replicas === desired ? "False" : "True", reason, message } };
}

/** storeScaleEvent: remembered for the policies' periods, reusing an outdated slot. */
export function storeScaleEvent(h: AutoscalerHistory, behavior: HorizontalPodAutoscalerBehavior | undefined, prev: number, next: number, now: number): void {
  if (!behavior) return;
  const up = next > prev;
  const rules = rulesOf(behavior);
  const longest = Math.max(0, ...(up ? rules.up : rules.down).policies.map((p) => p.periodSeconds));
  const events = up ? h.scaleUpEvents : h.scaleDownEvents;
  const cutoff = now - longest * 1000;
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.at < cutoff) e.outdated = true;
    if (e.outdated) oldIndex = i;
  });
  const event = { replicaChange: Math.abs(next - prev), at: now, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = event;
  else events.push(event);
}
