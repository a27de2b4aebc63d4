import { ApiServer } from "./apiserver/apiserver.js";
import type { AdmissionPlugin } from "./apiserver/admission.js";
import { defaultAdmission } from "./apiserver/default-admission.js";
import { nodeRegistration } from "./apiserver/node-registration.js";
import { NamespaceReconciler } from "./controllers/namespace.js";
import { PodGCReconciler } from "./controllers/podgc.js";
import { SchedulingReconciler } from "./controllers/scheduling.js";
import { ServiceAccountReconciler } from "./controllers/serviceaccount.js";
import type { EngineClock } from "./engine/clock.js";
import type { EngineContext } from "./engine/context.js";
import { Engine } from "./engine/engine.js";
import { StoredRng } from "./engine/rand.js";
import type { Reconciler } from "./engine/reconciler.js";
import { ApiEventRecorder, eventReconcilers } from "./events/index.js";
import { kubeletReconcilers } from "./kubelet/index.js";
import type { Store } from "./store.js";

/** The API server, the controllers and the simulated kubelets over one store. */
export interface ControlPlane {
  api: ApiServer;
  engine: Engine;
  ctx: EngineContext;
}

export interface ControlPlaneOptions {
  /** The seed of a new cluster's random sequence (ignored once the cluster has one). */
  seed?: number;
}

/**
 * Wires a control plane. Any process may build one to read and write through the API;
 * only the process holding the engine lease calls `engine.start()`.
 */
export function createControlPlane(store: Store, clock: EngineClock, opts: ControlPlaneOptions = {}): ControlPlane {
  const rand = new StoredRng(store, opts.seed ?? 1);
  const admission: AdmissionPlugin[] = [nodeRegistration(store, clock), ...defaultAdmission()];
  const api = new ApiServer({ store, clock, rand, admission });
  const ctx: EngineContext = {
    api,
    clock,
    rand,
    events: new ApiEventRecorder(api, clock, rand),
    logs: {
      append: (lines) => store.appendLogs(lines),
      read: (q) => store.readLogs(q),
      forget: (namespace, pod) => store.deleteLogs(namespace, pod),
    },
  };
  const reconcilers: Reconciler[] = [
    new SchedulingReconciler(ctx),
    ...kubeletReconcilers(ctx),
    new NamespaceReconciler(ctx),
    new PodGCReconciler(ctx),
    new ServiceAccountReconciler(ctx),
    ...eventReconcilers(ctx),
  ];
  const engine = new Engine({ store, clock, reconcilers });
  return { api, engine, ctx };
}
