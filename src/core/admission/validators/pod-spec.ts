import type { PodSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { duplicate, type FieldPath, forbidden, invalid, notSupported, required } from "../field.js";
import { validateContainers, validateInitContainers } from "./container.js";
import { inclusiveRangeError, isDNS1123Label, isQualifiedName, isValidIP, isValidUnixID, nameIsDNSSubdomain } from "./formats.js";
import { validateLabels } from "./object-meta.js";
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from "./scheduling.js";
import { validateVolumes } from "./volumes.js";
import { isRecord, listOf, str } from "./values.js";

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const PREEMPTION_POLICIES = ["PreemptLowerPriority", "Never"];
const MAX_INT32 = 2147483647;

/** How a pod spec is being validated. */
export interface PodSpecOptions {
  /** The spec is a Pod's own (not a workload's template): host ports must already be filled in. */
  resourceIsPod?: boolean;
}

/**
 * A pod spec, as `ValidatePodSpec` checks it after defaulting: volumes, containers and
 * init containers, policies, node selector, affinity, tolerations, and the names it
 * refers to. Used for Pods now, and for the pod templates of workloads later.
 */
export function validatePodSpec(spec: PodSpec | undefined, fldPath: FieldPath, opts: PodSpecOptions = { resourceIsPod: true }): FieldError[] {
  const s: PodSpec = isRecord(spec) ? spec : ({} as PodSpec);
  const errs: FieldError[] = [];
  const grace = s.terminationGracePeriodSeconds;
  if (grace === undefined || grace === null) errs.push(required(fldPath.child("terminationGracePeriodSeconds")));
  const gracePeriod = typeof grace === "number" ? grace : undefined;

  const vols = validateVolumes(s.volumes, fldPath.child("volumes"));
  errs.push(...vols.errors);
  const ctx = { volumes: vols.volumes, gracePeriod };
  errs.push(...validateContainers(s.containers, ctx, fldPath.child("containers")));
  errs.push(...validateInitContainers(s.initContainers, s.containers, ctx, fldPath.child("initContainers")));

  if (s.hostNetwork) {
    listOf(s.containers).forEach((c, i) => {
      listOf(c.ports).forEach((port, j) => {
        const hostPort = port.hostPort ?? 0;
        if ((opts.resourceIsPod || hostPort !== 0) && hostPort !== port.containerPort) {
          errs.push(invalid(fldPath.child("containers").index(i).child("ports").index(j).child("hostPort"), port.hostPort ?? 0, "must match `containerPort` when `hostNetwork` is true"));
        }
      });
    });
  }

  errs.push(...validateEnum(s.restartPolicy, RESTART_POLICIES, fldPath.child("restartPolicy")));
  errs.push(...validateEnum(s.dnsPolicy, DNS_POLICIES, fldPath.child("dnsPolicy")));
  errs.push(...validateLabels(s.nodeSelector, fldPath.child("nodeSelector")));
  errs.push(...validatePodSecurityContext(s, fldPath.child("securityContext")));
  listOf(s.imagePullSecrets).forEach((ref, i) => {
    if (isRecord(ref) && Object.keys(ref).some((k) => k !== "name")) errs.push(invalid(fldPath.child("imagePullSecrets").index(i), ref, "only name may be set"));
  });
  errs.push(...validateAffinity(s.affinity, fldPath.child("affinity")));
  errs.push(...validateDNSConfig(s, fldPath.child("dnsConfig")));
  listOf(s.readinessGates).forEach((g, i) => {
    const p = fldPath.child("readinessGates").index(i).child("conditionType");
    for (const m of isQualifiedName(str(g.conditionType))) errs.push(invalid(p, str(g.conditionType), m));
  });
  const gates = new Set<string>();
  listOf(s.schedulingGates).forEach((g, i) => {
    const p = fldPath.child("schedulingGates").index(i);
    const name = str(g.name);
    for (const m of isQualifiedName(name)) errs.push(invalid(p, name, m));
    if (gates.has(name)) errs.push(duplicate(p, name));
    gates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, fldPath.child("topologySpreadConstraints")));

  for (const f of ["serviceAccountName", "nodeName", "priorityClassName"] as const) {
    const v = str(s[f]);
    if (v) for (const m of nameIsDNSSubdomain(v, false)) errs.push(invalid(fldPath.child(f), v, m));
  }
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null) {
    const v = s.activeDeadlineSeconds;
    if (!(v >= 1 && v <= MAX_INT32)) errs.push(invalid(fldPath.child("activeDeadlineSeconds"), v, inclusiveRangeError(1, MAX_INT32)));
  }
  for (const f of ["hostname", "subdomain"] as const) {
    const v = str(s[f]);
    if (v) for (const m of isDNS1123Label(v)) errs.push(invalid(fldPath.child(f), v, m));
  }
  errs.push(...validateTolerations(s.tolerations, fldPath.child("tolerations")));
  listOf(s.hostAliases).forEach((a, i) => {
    const p = fldPath.child("hostAliases").index(i);
    for (const m of isValidIP(str(a.ip))) errs.push(invalid(p.child("ip"), str(a.ip), m));
  });
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    errs.push(...validateEnum(s.preemptionPolicy, PREEMPTION_POLICIES, fldPath.child("preemptionPolicy")));
  }
  if (s.os) {
    const name = str(s.os.name);
    if (!name) errs.push(required(fldPath.child("os", "name")));
    else if (name !== "linux" && name !== "windows") errs.push(notSupported(fldPath.child("os"), name, ["linux", "windows"]));
  }
  return errs;
}

/** A required enum field: `Required value` when empty, `Unsupported value` when unknown. */
function validateEnum(value: unknown, valid: readonly string[], fldPath: FieldPath): FieldError[] {
  const v = str(value);
  if (!v) return [required(fldPath)];
  return valid.includes(v) ? [] : [notSupported(fldPath, v, valid)];
}

function validatePodSecurityContext(s: PodSpec, fldPath: FieldPath): FieldError[] {
  const sc = s.securityContext;
  if (!sc || typeof sc !== "object") return [];
  const errs: FieldError[] = [];
  for (const f of ["fsGroup", "runAsUser", "runAsGroup"] as const) {
    const v = sc[f];
    if (typeof v === "number") for (const m of isValidUnixID(v)) errs.push(invalid(fldPath.child(f), v, m));
  }
  listOf(sc.supplementalGroups).forEach((g, i) => {
    for (const m of isValidUnixID(g)) errs.push(invalid(fldPath.child("supplementalGroups").index(i), g, m));
  });
  if (s.shareProcessNamespace === true && s.hostPID === true) {
    errs.push(invalid(fldPath.child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"));
  }
  return errs;
}

function validateDNSConfig(s: PodSpec, fldPath: FieldPath): FieldError[] {
  const cfg = s.dnsConfig;
  if (s.dnsPolicy === "None") {
    if (!cfg) return [required(fldPath, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (listOf(cfg.nameservers).length === 0) return [required(fldPath.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")];
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = listOf(cfg.nameservers);
  if (nameservers.length > 3) errs.push(invalid(fldPath.child("nameservers"), nameservers, "must not have more than 3 nameservers"));
  nameservers.forEach((ns, i) => isValidIP(ns).forEach((m) => errs.push(invalid(fldPath.child("nameservers").index(i), ns, m))));
  listOf(cfg.options).forEach((o, i) => {
    if (!str(o.name)) errs.push(required(fldPath.child("options").index(i), "must not be empty"));
  });
  if (errs.length === 0 && listOf(cfg.searches).length > 32) {
    errs.push(invalid(fldPath.child("searches"), cfg.searches, "must not have more than 32 search paths"));
  }
  return errs;
}

/** Ephemeral containers are added through their own subresource, never on create. */
export function validateNoEphemeralContainers(spec: PodSpec | undefined, fldPath: FieldPath): FieldError[] {
  return listOf(spec?.ephemeralContainers).length ? [forbidden(fldPath.child("ephemeralContainers"), "cannot be set on create")] : [];
}
