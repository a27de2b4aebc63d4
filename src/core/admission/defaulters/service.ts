import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import type { KubeObject } from "../../api/object.js";
import { semanticEqual } from "../semantic-equal.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord, objectsOf } from "../validators/values.js";

/** kube-proxy's default ClientIP affinity timeout: three hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

type MutableSpec = ServiceSpec & Record<string, unknown>;

/**
 * A Service as Kubernetes defaults and prepares it (`SetDefaults_Service` and the
 * service registry's PrepareForCreate/Update): type ClusterIP, sessionAffinity None
 * (ClientIP with a 10800 s timeout), port protocol TCP and targetPort equal to the
 * port, internalTrafficPolicy Cluster, externalTrafficPolicy Cluster for externally
 * reachable Services, allocateLoadBalancerNodePorts true for LoadBalancers, the IP
 * family fields of a single-stack IPv4 cluster (RequireDualStack for a headless
 * Service without selector), clusterIP and clusterIPs kept in step, and on create an
 * empty status.
 *
 * On update, values the API server allocated are kept when the new object leaves them
 * out (`kubectl replace` of a manifest without clusterIP or nodePort), and those a type
 * change makes meaningless are dropped unless the user changed them too, as the
 * registry's `patchAllocatedValues` and `dropTypeDependentFields` do.
 */
export function defaultService(obj: KubeObject, ctx: DefaultingContext): void {
  if (!isRecord(obj.spec)) obj.spec = {};
  const spec = obj.spec as MutableSpec;
  const old = ctx.old ? (ctx.old as unknown as Service) : undefined;
  if (!spec.type) spec.type = "ClusterIP";
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "ClientIP") {
    const config = isRecord(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : {};
    const clientIP = isRecord(config.clientIP) ? config.clientIP : {};
    if (clientIP.timeoutSeconds === undefined || clientIP.timeoutSeconds === null) clientIP.timeoutSeconds = DEFAULT_CLIENT_IP_TIMEOUT_SECONDS;
    spec.sessionAffinityConfig = { ...config, clientIP };
  }
  for (const port of objectsOf(spec.ports) as ServicePort[]) {
    if (!port.protocol) port.protocol = "TCP";
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  if (spec.type !== "ExternalName" && !spec.internalTrafficPolicy) spec.internalTrafficPolicy = "Cluster";
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  if (old?.spec) {
    patchAllocatedValues(spec, old.spec);
    dropTypeDependentFields(obj, spec, old.spec);
  }
  syncClusterIPs(spec);
  defaultIPFamilies(spec);
  if (!old) obj.status = { loadBalancer: {} };
}

/** NodePort and LoadBalancer Services, and ClusterIP ones with externalIPs (`apiservice.ExternallyAccessible`). */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === "NodePort" || spec.type === "LoadBalancer" || (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0);
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== "ExternalName";
}

function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === "NodePort" || (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
}

function needsHealthCheckNodePort(spec: ServiceSpec): boolean {
  return spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
}

function patchAllocatedValues(spec: MutableSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0) spec.clusterIPs = [...old.clusterIPs!];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const ports = objectsOf(spec.ports) as ServicePort[];
    const newPorts = new Set(ports.map((p) => p.nodePort).filter((p) => p));
    const oldPorts = (old.ports ?? []).map((p) => p.nodePort).filter((p) => p);
    // Values both versions name explicitly cannot be patched into another port.
    const used = new Set(oldPorts.filter((p) => newPorts.has(p)));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? "", p.nodePort ?? 0]));
    for (const p of ports) {
      if (p.nodePort) continue;
      const previous = byName.get(p.name ?? "") ?? 0;
      if (previous && !used.has(previous)) p.nodePort = previous;
    }
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec) && !spec.healthCheckNodePort && old.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

function dropTypeDependentFields(obj: KubeObject, spec: MutableSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if ((spec.clusterIP ?? "") === (old.clusterIP ?? "") && semanticEqual(spec.clusterIPs ?? [], old.clusterIPs ?? [])) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (semanticEqual(spec.ipFamilies ?? [], old.ipFamilies ?? [])) delete spec.ipFamilies;
    if ((spec.ipFamilyPolicy ?? "") === (old.ipFamilyPolicy ?? "")) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const ports = objectsOf(spec.ports) as ServicePort[];
    const same = ports.length === (old.ports ?? []).length && ports.every((p, i) => (p.nodePort ?? 0) === (old.ports![i]!.nodePort ?? 0));
    if (same) for (const p of ports) delete p.nodePort;
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && (spec.healthCheckNodePort ?? 0) === (old.healthCheckNodePort ?? 0)) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if ((spec.loadBalancerClass ?? "") === (old.loadBalancerClass ?? "")) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && (spec.externalTrafficPolicy ?? "") === (old.externalTrafficPolicy ?? "")) {
    delete spec.externalTrafficPolicy;
  }
  // LB de-provisioning is asynchronous in a cloud; the API hides that from the user.
  if (spec.type !== "LoadBalancer" && isRecord(obj.status)) obj.status = { ...obj.status, loadBalancer: {} };
}

/** One value, two fields: `clusterIP` is `clusterIPs[0]`, whichever the user gave. */
function syncClusterIPs(spec: MutableSpec): void {
  if (!needsClusterIP(spec)) return;
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
  else if (!spec.clusterIP && ips.length > 0 && typeof ips[0] === "string") spec.clusterIP = ips[0];
}

/** The single-stack IPv4 cluster's families (the registry's `initIPFamilyFields`). */
function defaultIPFamilies(spec: MutableSpec): void {
  if (!needsClusterIP(spec)) return;
  const headlessWithoutSelector = spec.clusterIP === "None" && Object.keys(isRecord(spec.selector) ? spec.selector : {}).length === 0;
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = headlessWithoutSelector ? "RequireDualStack" : "SingleStack";
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
    const ip = spec.clusterIP && spec.clusterIP !== "None" ? spec.clusterIP : "";
    spec.ipFamilies = [ip.includes(":") ? "IPv6" : "IPv4"];
  }
}
