import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import type { ExecJournal } from "./exec-journal.js";
import { ExecService } from "./exec.js";
import { KubeletReconciler } from "./kubelet-reconciler.js";
import { MetricsService } from "./metrics.js";
import { NodeHeartbeatReconciler } from "./node-heartbeat.js";
import { NodeImageCache } from "./node-images.js";
import { PodIPAllocator } from "./pod-ips.js";
import { CatalogueRuntime, type ContainerRuntime } from "./runtime.js";

export { KubeletReconciler, type KubeletOptions } from "./kubelet-reconciler.js";
export { NodeHeartbeatReconciler, NODE_STATUS_UPDATE_FREQUENCY_MS } from "./node-heartbeat.js";
export { KUBELET_STOPPED_ANNOTATION, kubeletStopped, kubeletStoppedAt, nodeRunsPods } from "./node-health.js";
export { NodeImageCache } from "./node-images.js";
export { PodIPAllocator } from "./pod-ips.js";
export { CatalogueRuntime, type ContainerRuntime, type ContainerProcess, type ContainerStart, type ImageInfo, type ProcessOutput } from "./runtime.js";
export { TIMINGS, POD_STAGES, CONTAINER_STAGES, type StageTiming } from "./stages.js";
export { ExecService, ExecError, type ExecResult, type ShellSession } from "./exec.js";
export { MetricsService, type PodMetrics, type NodeMetrics } from "./metrics.js";
export { MetaExecJournal, type ExecJournal, type JournalEntry } from "./exec-journal.js";

/** The simulated kubelets and what the client reaches through them. */
export interface Kubelet {
  reconcilers: Reconciler[];
  exec: ExecService;
  metrics: MetricsService;
  /** Picks up execs another kdeck process ran (call on each real-time tick of the leader). */
  pollExecJournal(): void;
}

export interface KubeletSetup {
  /** What containers do; the catalogue and shell interpreter by default. */
  runtime?: ContainerRuntime;
  /** Where execs' filesystem changes are kept (the store's metadata); none: they live in this process only. */
  journal?: ExecJournal;
}

/**
 * The simulated kubelets, for the engine to register: the pod workers of every node
 * and every node's status loop, sharing what the nodes' runtimes have pulled, with the
 * exec and metrics services over them.
 */
export function createKubelet(ctx: EngineContext, setup: KubeletSetup = {}): Kubelet {
  const runtime = setup.runtime ?? new CatalogueRuntime();
  const images = new NodeImageCache(ctx.api);
  const ips = new PodIPAllocator(ctx.api);
  const journal = setup.journal ?? memoryJournal();
  const kubelet = new KubeletReconciler(ctx, { runtime, images, ips, journal });
  return {
    reconcilers: [kubelet, new NodeHeartbeatReconciler(ctx, images)],
    exec: new ExecService(ctx, kubelet, { runtime, images, ips }, journal),
    metrics: new MetricsService(ctx, runtime),
    pollExecJournal: () => kubelet.pollExecJournal(),
  };
}

/** The kubelets' reconcilers alone. */
export function kubeletReconcilers(ctx: EngineContext, runtime?: ContainerRuntime): Reconciler[] {
  return createKubelet(ctx, runtime ? { runtime } : {}).reconcilers;
}

function memoryJournal(): ExecJournal {
  const entries = new Map<string, import("./exec-journal.js").JournalEntry[]>();
  let version = 0;
  return {
    read: (uid) => entries.get(uid) ?? [],
    append: (uid, e) => {
      entries.set(uid, [...(entries.get(uid) ?? []), e]);
      version++;
    },
    forget: (uid) => void entries.delete(uid),
    version: () => String(version),
  };
}
