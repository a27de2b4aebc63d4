import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { ClusterAutoscalerReconciler } from "./cluster-autoscaler.js";
import { NodePoolReconciler, PoolNodeIndex } from "./nodepool.js";

/**
 * The node pool controller and the cluster autoscaler, for the engine to register. They
 * share one index of the pools' nodes, which the pool controller's watch keeps current
 * (it is registered first, so the autoscaler always finds it up to date).
 */
export function nodeAutoscalingReconcilers(ctx: EngineContext): Reconciler[] {
  const nodes = new PoolNodeIndex();
  return [new NodePoolReconciler(ctx, nodes), new ClusterAutoscalerReconciler(ctx, nodes)];
}
