import { ApiServer } from "./apiserver/apiserver.js";
import type { AdmissionPlugin } from "./apiserver/admission.js";
import { defaultAdmission } from "./apiserver/default-admission.js";
import { serviceAndStorageAdmission } from "./apiserver/default-classes.js";
import { nodeRegistration } from "./apiserver/node-registration.js";
import { nodeTaintTimeAdded } from "./apiserver/node-taint-time.js";
import { priorityAdmission } from "./apiserver/priority-admission.js";
import { limitRangerAdmission } from "./apiserver/limit-ranger.js";
import { resourceQuotaAdmission } from "./apiserver/resource-quota.js";
import { vpaAdmission } from "./apiserver/vpa-admission.js";
import { autoscalingReconcilers } from "./controllers/autoscaling.js";
import { CronJobReconciler } from "./controllers/cronjob.js";
import { DisruptionReconciler } from "./controllers/disruption.js";
import { StalePodDisruptionReconciler } from "./controllers/disruption-stale.js";
import { JobReconciler } from "./controllers/job.js";
import { JobTTLReconciler } from "./controllers/job-ttl.js";
import { NamespaceReconciler } from "./controllers/namespace.js";
import { nodeReconcilers } from "./controllers/node-controllers.js";
import { nodeAutoscalingReconcilers } from "./controllers/node-autoscaling.js";
import { PodGCReconciler } from "./controllers/podgc.js";
import { ResourceQuotaReconciler } from "./controllers/resourcequota.js";
import { SchedulingReconciler } from "./controllers/scheduling.js";
import { ServiceAccountReconciler } from "./controllers/serviceaccount.js";
import { DEFAULT_LOAD_BALANCER_POOL } from "./controllers/service.js";
import { serviceAndStorageReconcilers } from "./controllers/service-networking.js";
import { workloadReconcilers } from "./controllers/workloads.js";
import type { EngineClock } from "./engine/clock.js";
import type { EngineContext } from "./engine/context.js";
import { Engine } from "./engine/engine.js";
import { StoredRng } from "./engine/rand.js";
import type { Reconciler } from "./engine/reconciler.js";
import { ApiEventRecorder, eventReconcilers } from "./events/index.js";
import { createKubelet, MetaExecJournal, type Kubelet } from "./kubelet/index.js";
import type { Store } from "./store.js";

/** The API server, the controllers and the simulated kubelets over one store. */
export interface ControlPlane {
  api: ApiServer;
  engine: Engine;
  ctx: EngineContext;
  /** The simulated kubelets' exec and metrics services. */
  kubelet: Kubelet;
}

export interface ControlPlaneOptions {
  /** The seed of a new cluster's random sequence (ignored once the cluster has one). */
  seed?: number;
  /**
   * The simulated load balancer's address pool (`first-last` or a CIDR). Unset: the
   * cluster's `settings.loadBalancerPool` metadata, else 172.18.255.200-172.18.255.250.
   */
  loadBalancerPool?: string;
}

/**
 * Wires a control plane. Any process may build one to read and write through the API;
 * only the process holding the engine lease calls `engine.start()`.
 */
export function createControlPlane(store: Store, clock: EngineClock, opts: ControlPlaneOptions = {}): ControlPlane {
  const rand = new StoredRng(store, opts.seed ?? 1);
  // LimitRanger before ResourceQuota, and ResourceQuota last of all: it charges usage only for writes every other step accepted.
  const admission: AdmissionPlugin[] = [nodeRegistration(store, clock), nodeTaintTimeAdded(clock), priorityAdmission(store), ...defaultAdmission(), ...serviceAndStorageAdmission(store, rand), limitRangerAdmission(store), resourceQuotaAdmission(store, clock), vpaAdmission(store)];
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
      forgetBefore: (namespace, pod, container, instance) => store.deleteLogs(namespace, pod, { container, instance }),
    },
  };
  const kubelet = createKubelet(ctx, { journal: new MetaExecJournal(store) });
  const reconcilers: Reconciler[] = [
    new SchedulingReconciler(ctx),
    ...kubelet.reconcilers,
    new NamespaceReconciler(ctx),
    new PodGCReconciler(ctx),
    ...nodeReconcilers(ctx),
    new ServiceAccountReconciler(ctx),
    ...workloadReconcilers(ctx),
    new JobReconciler(ctx),
    new JobTTLReconciler(ctx),
    new CronJobReconciler(ctx),
    new DisruptionReconciler(ctx),
    new StalePodDisruptionReconciler(ctx),
    new ResourceQuotaReconciler(ctx),
    ...autoscalingReconcilers(ctx, kubelet.metrics, store),
    ...nodeAutoscalingReconcilers(ctx),
    ...serviceAndStorageReconcilers(ctx, { pool: () => opts.loadBalancerPool ?? store.getMeta("settings.loadBalancerPool") ?? DEFAULT_LOAD_BALANCER_POOL }),
    ...eventReconcilers(ctx),
  ];
  const engine = new Engine({ store, clock, reconcilers });
  return { api, engine, ctx, kubelet };
}
