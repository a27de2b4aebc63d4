/**
 * What the Endpoints and EndpointSlice controllers share, after kube-controller-manager's
 * endpointslice/util and podutil: which pods a Service's endpoints list, their readiness,
 * and the container port a Service port resolves to on each pod.
 */
import type { Pod, Service, ServicePort } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** The label naming the controller that manages an EndpointSlice. */
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
/** The EndpointSlice controller's name in that label. */
export const ENDPOINTSLICE_CONTROLLER_NAME = "endpointslice-controller.k8s.io";
/** The label on the endpoints of a headless Service. */
export const HEADLESS_LABEL = "service.kubernetes.io/headless";

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** The pod's IPv4 address, if it has one yet. */
export function podIPv4(pod: Pod): string | undefined {
  const ips = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)];
  return ips.find((ip): ip is string => typeof ip === "string" && ip.length > 0 && !ip.includes(":"));
}

/**
 * `ShouldPodBeInEndpoints`: a pod that has an address and has not finished; a
 * terminating one only when `includeTerminating`.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (!podIPv4(pod)) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** A pod's hostname is published when its subdomain is this Service (StatefulSet pods under their governing Service). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return Boolean(pod.spec?.hostname) && pod.spec?.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/**
 * `podutil.FindPort`: a numeric targetPort as is; a named one is the container port of
 * that name and the Service port's protocol (sidecar init containers included).
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  const asNumber = Number(target);
  if (target !== "" && Number.isInteger(asNumber)) return asNumber;
  const protocol = sp.protocol ?? "TCP";
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always")];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** True when the controllers keep endpoints for this Service: it selects pods and is not an ExternalName. */
export function selectsPods(svc: Service): boolean {
  return svc.spec?.type !== "ExternalName" && Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/**
 * What of a pod decides its endpoints: a change elsewhere (a restart count, a
 * heartbeat-like status write) wakes no Service.
 */
export function endpointSignature(pod: Pod): string {
  return JSON.stringify([
    pod.metadata?.labels,
    podIPv4(pod),
    isPodReady(pod),
    pod.metadata?.deletionTimestamp,
    pod.status?.phase,
    pod.spec?.nodeName,
    pod.spec?.hostname,
    pod.spec?.subdomain,
  ]);
}

/**
 * Creates an object a controller derives, unless its namespace is being deleted (the
 * API refuses new content there, and the namespace controller is removing the rest).
 */
export function createDerived(api: Api, obj: KubeObject): void {
  try {
    api.create(obj);
  } catch (e) {
    if (!isApiError(e, "Forbidden")) throw e;
  }
}
