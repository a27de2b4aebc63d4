/**
 * HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation), with its field
 * paths and messages: replica bounds, the scale target reference, each metric source
 * and target, and the scaling behavior's rules and policies.
 */
import type { CrossVersionObjectReference, HorizontalPodAutoscaler, HPAScalingPolicy, HPAScalingRules, MetricSpec, MetricTarget } from "kubernetes-types/autoscaling/v2";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { isQuantity, parseQuantity } from "../../quantity.js";
import { type FieldPath, forbidden, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isDNS1123Label, nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord, listOf } from "./values.js";

/** A JSON object (not an array), typed as what the field should hold. */
function isObject<T extends object>(v: T | null | undefined): v is T {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const QUANTITY_SYNTAX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const METRIC_SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const SOURCE_FIELDS: Record<string, string> = { Object: "object", Pods: "pods", Resource: "resource", External: "external", ContainerResource: "containerResource" };

/** apimachinery's path.IsValidPathSegmentName. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const c of ["/", "%"]) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
}

/** ValidateCrossVersionObjectReference: kind and name present and usable in a URL path. */
export function validateCrossVersionObjectReference(ref: CrossVersionObjectReference | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const r: Partial<CrossVersionObjectReference> = isObject(ref) ? ref : {};
  for (const f of ["kind", "name"] as const) {
    const v = typeof r[f] === "string" ? r[f] : "";
    if (!v) errs.push(required(p.child(f), ""));
    else for (const m of isValidPathSegmentName(v)) errs.push(invalid(p.child(f), v, m));
  }
  return errs;
}

/** A quantity's sign: 1, 0 or -1; NaN when it does not parse. */
function sign(q: unknown): number {
  if ((typeof q !== "string" && typeof q !== "number") || !isQuantity(q)) return NaN;
  return Math.sign(parseQuantity(q));
}

function positiveQuantity(q: unknown, p: FieldPath): FieldError[] {
  const s = sign(q);
  if (Number.isNaN(s)) return [invalid(p, q, QUANTITY_SYNTAX)];
  return s === 1 ? [] : [invalid(p, q, "must be positive")];
}

function validateMetricTarget(mt: MetricTarget | undefined, p: FieldPath): FieldError[] {
  const t: Partial<MetricTarget> = isObject(mt) ? mt : {};
  const errs: FieldError[] = [];
  if (!t.type) errs.push(required(p.child("type"), "must specify a metric target type"));
  if (t.type !== "Utilization" && t.type !== "Value" && t.type !== "AverageValue") {
    errs.push(invalid(p.child("type"), t.type ?? "", "must be either Utilization, Value, or AverageValue"));
  }
  if (t.value !== undefined && t.value !== null) errs.push(...positiveQuantity(t.value, p.child("value")));
  if (t.averageValue !== undefined && t.averageValue !== null) errs.push(...positiveQuantity(t.averageValue, p.child("averageValue")));
  if (typeof t.averageUtilization === "number" && t.averageUtilization < 1) errs.push(invalid(p.child("averageUtilization"), t.averageUtilization, "must be greater than 0"));
  return errs;
}

function validateMetricIdentifier(id: { name?: string } | undefined, p: FieldPath): FieldError[] {
  const name = isRecord(id) && typeof id.name === "string" ? id.name : "";
  if (!name) return [required(p.child("name"), "must specify a metric name")];
  return isValidPathSegmentName(name).map((m) => invalid(p.child("name"), name, m));
}

/** Resource and ContainerResource sources: a name, a target of utilisation or average value (one). */
function validateResourceSource(src: Record<string, unknown>, p: FieldPath, container: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.name) errs.push(required(p.child("name"), "must specify a resource name"));
  if (container) {
    const c = typeof src.container === "string" ? src.container : "";
    if (!c) errs.push(required(p.child("container"), "must specify a container"));
    else for (const m of isDNS1123Label(c)) errs.push(invalid(p.child("container"), c, m));
  }
  const target = (isRecord(src.target) ? src.target : {}) as unknown as MetricTarget;
  errs.push(...validateMetricTarget(target, p.child("target")));
  const hasUtil = target.averageUtilization !== undefined && target.averageUtilization !== null;
  const hasAvg = target.averageValue !== undefined && target.averageValue !== null;
  if (!hasUtil && !hasAvg) errs.push(required(p.child("target", "averageUtilization"), "must set either a target raw value or a target utilization"));
  if (hasUtil && hasAvg) errs.push(forbidden(p.child("target", "averageValue"), "may not set both a target raw value and a target utilization"));
  return errs;
}

function validateSource(kind: string, src: Record<string, unknown>, p: FieldPath): FieldError[] {
  const target = (isRecord(src.target) ? src.target : {}) as unknown as MetricTarget;
  const has = (v: unknown) => v !== undefined && v !== null;
  switch (kind) {
    case "resource":
      return validateResourceSource(src, p, false);
    case "containerResource":
      return validateResourceSource(src, p, true);
    case "pods": {
      const errs = [...validateMetricIdentifier(src.metric as { name?: string }, p.child("metric")), ...validateMetricTarget(target, p.child("target"))];
      if (!has(target.averageValue)) errs.push(required(p.child("target", "averageValue"), "must specify a positive target averageValue"));
      return errs;
    }
    case "object": {
      const errs = [
        ...validateCrossVersionObjectReference(src.describedObject as CrossVersionObjectReference, p.child("describedObject")),
        ...validateMetricIdentifier(src.metric as { name?: string }, p.child("metric")),
        ...validateMetricTarget(target, p.child("target")),
      ];
      if (!has(target.value) && !has(target.averageValue)) errs.push(required(p.child("target", "averageValue"), "must set either a target value or averageValue"));
      return errs;
    }
    default: {
      const errs = [...validateMetricIdentifier(src.metric as { name?: string }, p.child("metric")), ...validateMetricTarget(target, p.child("target"))];
      if (!has(target.value) && !has(target.averageValue)) errs.push(required(p.child("target", "averageValue"), "must set either a target value for metric or a per-pod target"));
      if (has(target.value) && has(target.averageValue)) errs.push(forbidden(p.child("target", "value"), "may not set both a target value for metric and a per-pod target"));
      return errs;
    }
  }
}

function validateMetricSpec(spec: MetricSpec, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = typeof spec.type === "string" ? spec.type : "";
  if (!type) errs.push(required(p.child("type"), "must specify a metric source type"));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(p.child("type"), type, METRIC_SOURCE_TYPES));
  const present: string[] = [];
  for (const f of ["object", "external", "pods", "resource", "containerResource"]) {
    const src = (spec as unknown as Record<string, unknown>)[f];
    if (!isRecord(src)) continue;
    present.push(f);
    // Only the first source given is checked further, as Kubernetes does.
    if (present.length === 1) errs.push(...validateSource(f, src, p.child(f)));
  }
  const expected = SOURCE_FIELDS[type];
  if (expected && !present.includes(expected)) errs.push(required(p.child(expected), "must populate information for the given metric source"));
  if (present.length !== 1) {
    for (const f of present.filter((x) => x !== expected)) errs.push(forbidden(p.child(f), "must populate the given metric source only"));
  }
  return errs;
}

function validateScalingPolicy(policy: HPAScalingPolicy, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (policy.type !== "Pods" && policy.type !== "Percent") errs.push(notSupported(p.child("type"), policy.type ?? "", ["Percent", "Pods"]));
  const value = typeof policy.value === "number" ? policy.value : 0;
  if (value <= 0) errs.push(invalid(p.child("value"), value, "must be greater than zero"));
  const period = typeof policy.periodSeconds === "number" ? policy.periodSeconds : 0;
  if (period <= 0) errs.push(invalid(p.child("periodSeconds"), period, "must be greater than zero"));
  if (period > MAX_PERIOD_SECONDS) errs.push(invalid(p.child("periodSeconds"), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  return errs;
}

function validateScalingRules(rules: HPAScalingRules | undefined, p: FieldPath): FieldError[] {
  if (!isObject(rules)) return [];
  const errs: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === "number" && window < 0) errs.push(invalid(p.child("stabilizationWindowSeconds"), window, "must be greater than or equal to zero"));
  if (typeof window === "number" && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(invalid(p.child("stabilizationWindowSeconds"), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (rules.selectPolicy !== undefined && rules.selectPolicy !== null && !["Disabled", "Max", "Min"].includes(rules.selectPolicy)) {
    errs.push(notSupported(p.child("selectPolicy"), rules.selectPolicy, ["Disabled", "Max", "Min"]));
  }
  const policies = listOf(rules.policies);
  if (policies.length === 0) errs.push(required(p.child("policies"), "must specify at least one Policy"));
  policies.forEach((pol, i) => errs.push(...validateScalingPolicy(isObject(pol) ? pol : ({} as HPAScalingPolicy), p.child("policies").index(i))));
  return errs;
}

function validateSpec(hpa: HorizontalPodAutoscaler, minReplicasLowerBound: number): FieldError[] {
  const spec: Partial<NonNullable<HorizontalPodAutoscaler["spec"]>> = isObject(hpa.spec) ? hpa.spec : {};
  const p = newPath("spec");
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = typeof spec.maxReplicas === "number" ? spec.maxReplicas : 0;
  if (typeof min === "number" && min < minReplicasLowerBound) errs.push(invalid(p.child("minReplicas"), min, `must be greater than or equal to ${minReplicasLowerBound}`));
  if (max < 1) errs.push(invalid(p.child("maxReplicas"), max, "must be greater than 0"));
  if (typeof min === "number" && max < min) errs.push(invalid(p.child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, p.child("scaleTargetRef")));
  listOf(spec.metrics).forEach((m, i) => errs.push(...validateMetricSpec(isObject(m) ? m : ({} as MetricSpec), p.child("metrics").index(i))));
  const behavior = spec.behavior;
  if (isObject(behavior)) {
    errs.push(...validateScalingRules(behavior.scaleUp, p.child("behavior", "scaleUp")));
    errs.push(...validateScalingRules(behavior.scaleDown, p.child("behavior", "scaleDown")));
  }
  return errs;
}

/** ValidateHorizontalPodAutoscaler; on update an HPA that already had minReplicas 0 may keep it. */
export const horizontalPodAutoscalerValidation: KindValidation = {
  create: (obj: KubeObject) => [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, newPath("metadata")), ...validateSpec(asKind<HorizontalPodAutoscaler>(obj), 1)],
  update: (obj: KubeObject, old: KubeObject) => {
    const oldMin = asKind<HorizontalPodAutoscaler>(old).spec?.minReplicas;
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateSpec(asKind<HorizontalPodAutoscaler>(obj), oldMin === 0 ? 0 : 1)];
  },
};
