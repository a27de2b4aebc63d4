import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import { EndpointsReconciler } from "./endpoints.js";
import { EndpointSliceMirroringReconciler } from "./endpointslice-mirroring.js";
import { EndpointSliceReconciler } from "./endpointslice.js";
import { PersistentVolumeBinderReconciler } from "./persistentvolume-binder.js";
import { PVCProtectionReconciler, PVProtectionReconciler } from "./persistentvolume-protection.js";
import { LocalPathProvisionerReconciler } from "./persistentvolume-provisioner.js";
import { ServiceLoadBalancerReconciler, type ServiceLoadBalancerOptions } from "./service.js";

/**
 * The controllers behind Services and storage: the simulated load balancer, the
 * EndpointSlice, EndpointSlice mirroring and Endpoints controllers, the volume binder,
 * kind's local-path provisioner, and the PVC and PV protection controllers.
 */
export function serviceAndStorageReconcilers(ctx: EngineContext, opts: ServiceLoadBalancerOptions = {}): Reconciler[] {
  return [
    new ServiceLoadBalancerReconciler(ctx, opts),
    new EndpointSliceReconciler(ctx),
    new EndpointSliceMirroringReconciler(ctx),
    new EndpointsReconciler(ctx),
    new PersistentVolumeBinderReconciler(ctx),
    new LocalPathProvisionerReconciler(ctx),
    new PVCProtectionReconciler(ctx),
    new PVProtectionReconciler(ctx),
  ];
}
