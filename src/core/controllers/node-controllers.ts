import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { NodeLifecycleReconciler } from "./node-lifecycle.js";
import { NodePodIndex } from "./node-pod-index.js";
import { PodGCTerminatingReconciler } from "./podgc-terminating.js";
import { TaintEvictionReconciler } from "./taint-eviction.js";

/**
 * The controllers that act on node health and taints, sharing one index of pods by
 * node (registered first, so that it is current whenever they run).
 */
export function nodeReconcilers(ctx: EngineContext): Reconciler[] {
  const pods = new NodePodIndex(ctx);
  return [pods, new NodeLifecycleReconciler(ctx, pods), new TaintEvictionReconciler(ctx, pods), new PodGCTerminatingReconciler(ctx, pods)];
}
