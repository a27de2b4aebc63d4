import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, duplicate, forbidden, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isDNS1123Label, isValidCIDR, isValidPortNum } from "./formats.js";
import { externallyAccessible } from "../defaulters/service.js";
import { ipAddressErrors, isExternalName, isIPv4, nameIsDNS1035Label } from "./network-formats.js";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validatePortNumOrName } from "./probes.js";
import { isRecord, listOf, str } from "./values.js";

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const AFFINITIES = ["ClientIP", "None"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];
const IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const IP_FAMILIES = ["IPv4", "IPv6"];
const MAX_CLIENT_IP_TIMEOUT = 86400;

/** Go's `%#v` of the key the registry uses to find duplicate ports. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

/** A new Service (`ValidateService`). */
export function validateService(obj: KubeObject): FieldError[] {
  const svc = asKind<Service>(obj);
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label, newPath("metadata"));
  const spec: ServiceSpec = isRecord(svc.spec) ? svc.spec : {};
  const specPath = newPath("spec");
  const type = str(spec.type);
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(specPath.child("type"), type, SERVICE_TYPES));
  const headless = spec.clusterIP === "None";
  const ports = listOf(spec.ports);
  if (ports.length === 0 && !headless && type !== "ExternalName") errs.push(required(specPath.child("ports")));
  errs.push(...validatePorts(ports, spec, specPath.child("ports")));
  errs.push(...validateClusterIPs(spec, specPath));
  if (type === "ExternalName") {
    const name = str(spec.externalName);
    if (!name) errs.push(required(specPath.child("externalName")));
    else for (const m of isExternalName(name)) errs.push(invalid(specPath.child("externalName"), name, m));
  }
  errs.push(...validateLabels(isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined, specPath.child("selector")));
  errs.push(...validateSessionAffinity(spec, specPath));
  listOf(spec.externalIPs).forEach((ip, i) => {
    for (const m of ipAddressErrors(str(ip))) errs.push(invalid(specPath.child("externalIPs").index(i), str(ip), m));
  });
  if (spec.loadBalancerIP) {
    if (type !== "LoadBalancer") errs.push(forbidden(specPath.child("loadBalancerIP"), "may only be used when `type` is 'LoadBalancer'"));
    else for (const m of ipAddressErrors(spec.loadBalancerIP)) errs.push(invalid(specPath.child("loadBalancerIP"), spec.loadBalancerIP, m));
  }
  listOf(spec.loadBalancerSourceRanges).forEach((r, i) => {
    for (const m of isValidCIDR(str(r).trim())) errs.push(invalid(specPath.child("loadBalancerSourceRanges").index(i), str(r), m));
  });
  errs.push(...validateTrafficPolicies(spec, specPath));
  errs.push(...validateIPFamilies(spec, specPath));
  return errs;
}

function validatePorts(ports: ServicePort[], spec: ServiceSpec, portsPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  const type = str(spec.type);
  ports.forEach((p, i) => {
    const path = portsPath.index(i);
    const name = str(p.name);
    if (ports.length > 1 && !name) errs.push(required(path.child("name")));
    else if (name) {
      for (const m of isDNS1123Label(name)) errs.push(invalid(path.child("name"), name, m));
      if (names.has(name)) errs.push(duplicate(path.child("name"), name));
      names.add(name);
    }
    const port = typeof p.port === "number" ? p.port : 0;
    for (const m of isValidPortNum(port)) errs.push(invalid(path.child("port"), port, m));
    const protocol = str(p.protocol);
    if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(path.child("protocol"), protocol, PROTOCOLS));
    errs.push(...validatePortNumOrName(p.targetPort, path.child("targetPort")));
    const key = `${protocol}/${port}`;
    if (keys.has(key)) errs.push({ type: "Duplicate value", field: path.toString(), detail: goServicePortKey(protocol, port) });
    keys.add(key);
    if (p.nodePort) {
      if (type === "ClusterIP" || type === "ExternalName") {
        errs.push(forbidden(path.child("nodePort"), `may not be used when \`type\` is '${type}'`));
      } else {
        for (const m of isValidPortNum(p.nodePort)) errs.push(invalid(path.child("nodePort"), p.nodePort, m));
        const npKey = `${protocol}/${p.nodePort}`;
        if (nodePorts.has(npKey)) errs.push(duplicate(path.child("nodePort"), p.nodePort));
        nodePorts.add(npKey);
      }
    }
  });
  return errs;
}

function validateClusterIPs(spec: ServiceSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const ips = listOf(spec.clusterIPs).map((ip) => str(ip));
  if (type === "ExternalName") {
    if (spec.clusterIP || ips.length > 0) errs.push(forbidden(specPath.child("clusterIPs"), "may not be set for ExternalName services"));
    return errs;
  }
  if (spec.clusterIP && ips.length > 0 && ips[0] !== spec.clusterIP) {
    errs.push({ type: "Invalid value", field: specPath.child("clusterIPs").toString(), detail: `[]string{${ips.map((s) => JSON.stringify(s)).join(", ")}}: first value must match \`clusterIP\`` });
  }
  ips.forEach((ip, i) => {
    const p = specPath.child("clusterIPs").index(i);
    if (ip === "None") {
      if (i > 0 || ips.length > 1) errs.push(invalid(p, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      else if (type === "NodePort" || type === "LoadBalancer") errs.push(invalid(p, ip, `may not be set to 'None' for ${type} services`));
      return;
    }
    for (const m of ipAddressErrors(ip)) errs.push(invalid(p, ip, m));
  });
  return errs;
}

function validateSessionAffinity(spec: ServiceSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = str(spec.sessionAffinity);
  if (!AFFINITIES.includes(affinity)) errs.push(notSupported(specPath.child("sessionAffinity"), affinity, AFFINITIES));
  if (affinity === "ClientIP") {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (typeof t !== "number" || t <= 0 || t > MAX_CLIENT_IP_TIMEOUT) {
      errs.push(
        invalid(specPath.child("sessionAffinityConfig", "clientIP", "timeoutSeconds"), t ?? 0, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT}`),
      );
    }
  } else if (affinity === "None" && spec.sessionAffinityConfig) {
    errs.push(invalid(specPath.child("sessionAffinityConfig"), spec.sessionAffinityConfig, "must not be set when session affinity is None"));
  }
  return errs;
}

function validateTrafficPolicies(spec: ServiceSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp) errs.push(invalid(specPath.child("externalTrafficPolicy"), etp, "may only be set for externally-accessible services"));
  } else if (!etp) {
    errs.push(required(specPath.child("externalTrafficPolicy")));
  } else if (!TRAFFIC_POLICIES.includes(etp)) {
    errs.push(notSupported(specPath.child("externalTrafficPolicy"), etp, TRAFFIC_POLICIES));
  }
  const needsHealthCheck = spec.type === "LoadBalancer" && etp === "Local";
  if (!needsHealthCheck && spec.healthCheckNodePort) {
    errs.push(invalid(specPath.child("healthCheckNodePort"), spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  const itp = str(spec.internalTrafficPolicy);
  if (spec.type !== "ExternalName" && itp && !TRAFFIC_POLICIES.includes(itp)) {
    errs.push(notSupported(specPath.child("internalTrafficPolicy"), itp, TRAFFIC_POLICIES));
  }
  return errs;
}

/** This cluster is single-stack IPv4, as kind's default. */
function validateIPFamilies(spec: ServiceSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === "ExternalName") return errs;
  const policy = str(spec.ipFamilyPolicy);
  if (policy && !IP_FAMILY_POLICIES.includes(policy)) errs.push(notSupported(specPath.child("ipFamilyPolicy"), policy, IP_FAMILY_POLICIES));
  const headlessWithoutSelector = spec.clusterIP === "None" && Object.keys(spec.selector ?? {}).length === 0;
  if (policy === "RequireDualStack" && !headlessWithoutSelector) {
    errs.push(invalid(specPath.child("ipFamilyPolicy"), policy, "this cluster is not configured for dual-stack services"));
  }
  listOf(spec.ipFamilies).forEach((f, i) => {
    const p = specPath.child("ipFamilies").index(i);
    const family = str(f);
    if (!IP_FAMILIES.includes(family)) errs.push(notSupported(p, family, IP_FAMILIES));
    else if (family !== "IPv4") errs.push(invalid(p, family, "not configured on this cluster"));
  });
  const ip = spec.clusterIP;
  if (ip && ip !== "None" && !isIPv4(ip) && ipAddressErrors(ip).length === 0) {
    errs.push(invalid(specPath.child("clusterIPs").index(0), ip, "expected an IPv4 value as indicated by `ipFamilies[0]`"));
  }
  return errs;
}

/** A Service update: the new Service must be valid, and its primary ClusterIP may not change. */
export function validateServiceUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const svc = asKind<Service>(obj);
  const old = asKind<Service>(oldObj);
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata, newPath("metadata"));
  const specPath = newPath("spec");
  if (svc.spec?.type !== "ExternalName" && old.spec?.type !== "ExternalName") {
    const before = listOf(old.spec?.clusterIPs);
    const after = listOf(svc.spec?.clusterIPs);
    if (before.length > 0 && after.length > 0 && after[0] !== before[0]) {
      errs.push(invalid(specPath.child("clusterIPs").index(0), after[0], "may not change once set"));
    }
  }
  errs.push(...validateService(obj));
  return errs;
}

/** Kubernetes' registration of Service validation. */
export const serviceValidation: KindValidation = {
  create: (obj) => validateService(obj),
  update: (obj, old) => validateServiceUpdate(obj, old),
};
