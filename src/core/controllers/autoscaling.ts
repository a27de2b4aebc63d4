import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import type { MetricsService } from "../kubelet/metrics.js";
import type { MetaStore } from "./autoscaler-memory.js";
import { HorizontalPodAutoscalerReconciler } from "./horizontal.js";
import { VpaRecommenderReconciler } from "./vpa-recommender.js";
import { VpaUpdaterReconciler } from "./vpa-updater.js";

/**
 * The autoscalers that read the metrics API, for the engine to register: the
 * HorizontalPodAutoscaler controller, and the VerticalPodAutoscaler's recommender and
 * updater. `meta` keeps their history across kdeck processes.
 */
export function autoscalingReconcilers(ctx: EngineContext, metrics: MetricsService, meta?: MetaStore): Reconciler[] {
  return [new HorizontalPodAutoscalerReconciler(ctx, metrics, meta), new VpaRecommenderReconciler(ctx, metrics, meta), new VpaUpdaterReconciler(ctx)];
}
