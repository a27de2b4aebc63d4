import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { KubeletReconciler } from "./kubelet-reconciler.js";
import { NodeHeartbeatReconciler } from "./node-heartbeat.js";
import { NodeImageCache } from "./node-images.js";
import { PodIPAllocator } from "./pod-ips.js";
import { SimpleRuntime, type ContainerRuntime } from "./runtime.js";

export { KubeletReconciler, type KubeletOptions } from "./kubelet-reconciler.js";
export { NodeHeartbeatReconciler, NODE_STATUS_UPDATE_FREQUENCY_MS } from "./node-heartbeat.js";
export { KUBELET_STOPPED_ANNOTATION, kubeletStopped, nodeRunsPods } from "./node-health.js";
export { NodeImageCache } from "./node-images.js";
export { PodIPAllocator } from "./pod-ips.js";
export { SimpleRuntime, type ContainerRuntime, type ContainerProcess, type ContainerStart, type ImageInfo, type ProcessOutput } from "./runtime.js";
export { TIMINGS, POD_STAGES, CONTAINER_STAGES, type StageTiming } from "./stages.js";

/**
 * The simulated kubelets, for the engine to register: the pod workers of every node
 * and every node's status loop, sharing what the nodes' runtimes have pulled.
 * `runtime` replaces what containers do (a shell interpreter and image catalogue later).
 */
export function kubeletReconcilers(ctx: EngineContext, runtime: ContainerRuntime = new SimpleRuntime()): Reconciler[] {
  const images = new NodeImageCache(ctx.api);
  const ips = new PodIPAllocator(ctx.api);
  return [new KubeletReconciler(ctx, { runtime, images, ips }), new NodeHeartbeatReconciler(ctx, images)];
}
