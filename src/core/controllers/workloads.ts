import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { DaemonSetReconciler } from "./daemonset.js";
import { DeploymentReconciler } from "./deployment.js";
import { GarbageCollectorReconciler } from "./garbage-collector.js";
import { SharedInformers } from "./informers.js";
import { REPLICATION_CONTROLLER_KIND, ReplicaSetReconciler } from "./replicaset.js";
import { StatefulSetReconciler } from "./statefulset.js";

/**
 * The workload controllers and the garbage collector, for the engine to register. The
 * shared informer caches come first so that every controller sees them current.
 */
export function workloadReconcilers(ctx: EngineContext): Reconciler[] {
  const informers = new SharedInformers(ctx);
  return [
    informers,
    new ReplicaSetReconciler(ctx, informers),
    new ReplicaSetReconciler(ctx, informers, REPLICATION_CONTROLLER_KIND),
    new DeploymentReconciler(ctx, informers),
    new DaemonSetReconciler(ctx, informers),
    new StatefulSetReconciler(ctx, informers),
    new GarbageCollectorReconciler(ctx),
  ];
}
