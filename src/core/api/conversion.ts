/**
 * Conversion to the version kdeck stores, as the API server converts a request in an
 * older served version (autoscaling/v1) to its storage version (autoscaling/v2) before
 * admission. Objects already in their storage version come back unchanged.
 */
import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerV2, MetricSpec } from "kubernetes-types/autoscaling/v2";
import type { HorizontalPodAutoscaler as HorizontalPodAutoscalerV1 } from "kubernetes-types/autoscaling/v1";
import { asKind, type KubeObject } from "./object.js";

/** `obj` in its kind's storage version: a new object when converted, `obj` itself otherwise. */
export function toStorageVersion(obj: KubeObject): KubeObject {
  if (obj.apiVersion === "autoscaling/v1" && obj.kind === "HorizontalPodAutoscaler") return horizontalPodAutoscalerV1ToV2(obj);
  return obj;
}

/**
 * Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler: v1's
 * `targetCPUUtilizationPercentage` becomes a Resource metric on cpu with a Utilization
 * target; without it the metrics stay empty (defaulting then asks for 80 % CPU). Fields
 * v1 does not know are passed through so that strict validation names them.
 */
export function horizontalPodAutoscalerV1ToV2(obj: KubeObject): KubeObject {
  const v1 = asKind<HorizontalPodAutoscalerV1>(obj);
  const spec = { ...((v1.spec ?? {}) as unknown as Record<string, unknown>) };
  const target = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  if (typeof target === "number") {
    const metric: MetricSpec = { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: target } } };
    spec.metrics = [metric];
  } else if (target !== undefined && target !== null) {
    // A value of the wrong type is kept where it was, so that decoding refuses it by its v1 path.
    spec.targetCPUUtilizationPercentage = target;
  }
  const v2: HorizontalPodAutoscalerV2 = { ...(v1 as unknown as HorizontalPodAutoscalerV2), apiVersion: "autoscaling/v2", spec: spec as unknown as HorizontalPodAutoscalerV2["spec"] };
  // A v1 status has no place in v2 (currentCPUUtilizationPercentage): the controller rebuilds it.
  delete v2.status;
  return v2 as unknown as KubeObject;
}
