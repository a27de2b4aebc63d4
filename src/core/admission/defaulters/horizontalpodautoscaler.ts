import type { HorizontalPodAutoscaler, HPAScalingRules } from "kubernetes-types/autoscaling/v2";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { dropStatusOnCreate } from "./pod-template.js";

/** The target CPU utilisation an HPA without metrics gets (autoscaling.DefaultCPUUtilization). */
export const DEFAULT_CPU_UTILIZATION = 80;

/** defaultHPAScaleUpRules: no stabilization, at most 4 pods or 100 % every 15 s, whichever is more. */
function scaleUpDefaults(): HPAScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  };
}

/**
 * defaultHPAScaleDownRules: 100 % every 15 s. The stabilization window stays unset: the
 * controller applies its own (--horizontal-pod-autoscaler-downscale-stabilization, 300 s).
 */
function scaleDownDefaults(): HPAScalingRules {
  return { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] };
}

/** copyHPAScalingRules: the fields the user set, over the defaults. */
function withDefaults(from: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (typeof from !== "object" || from === null || Array.isArray(from)) return defaults;
  const out = { ...defaults };
  if (from.selectPolicy !== undefined && from.selectPolicy !== null) out.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined && from.stabilizationWindowSeconds !== null) out.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined && from.policies !== null) out.policies = from.policies;
  const tolerance = (from as { tolerance?: unknown }).tolerance;
  if (tolerance !== undefined && tolerance !== null) (out as { tolerance?: unknown }).tolerance = tolerance;
  return out;
}

/**
 * SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1; no metrics means
 * 80 % average CPU utilisation; a `behavior` that is present gets every unset rule
 * filled (scale up: 0 s window, 4 pods or 100 % per 15 s, Max; scale down: 100 % per
 * 15 s, Max). An HPA without `behavior` keeps none: the controller then uses its
 * built-in rules. The status is the controller's: dropped on create.
 */
export function defaultHorizontalPodAutoscaler(obj: KubeObject, ctx: DefaultingContext): void {
  const hpa = asKind<HorizontalPodAutoscaler>(obj);
  if (!isRecord(hpa.spec)) hpa.spec = {} as HorizontalPodAutoscaler["spec"];
  const spec = hpa.spec!;
  if (spec.minReplicas === undefined || spec.minReplicas === null) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = spec.behavior;
  if (typeof behavior === "object" && behavior !== null && !Array.isArray(behavior)) {
    spec.behavior = { scaleUp: withDefaults(behavior.scaleUp, scaleUpDefaults()), scaleDown: withDefaults(behavior.scaleDown, scaleDownDefaults()) };
  }
  dropStatusOnCreate(obj, !ctx.old);
}
