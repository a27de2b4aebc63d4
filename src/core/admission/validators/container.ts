import type { Container, ContainerPort, SecurityContext, Volume, VolumeMount } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { duplicate, type FieldPath, forbidden, invalid, notFound, notSupported, required } from "../field.js";
import { validateEnv, validateEnvFrom } from "./container-env.js";
import { isDNS1123Label, isValidPortName, isValidPortNum, isValidUnixID } from "./formats.js";
import { validateLifecycle, validateLivenessProbe, validateReadinessProbe } from "./probes.js";
import { validateContainerResourceRequirements } from "./resources.js";
import { validateLocalDescendingPath } from "./volumes.js";
import { listOf, str } from "./values.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];
const MOUNT_PROPAGATIONS = ["Bidirectional", "HostToContainer", "None"];

/** What the containers of one pod spec share: its volumes and its grace period. */
export interface ContainerContext {
  volumes: ReadonlyMap<string, Volume>;
  gracePeriod: number | undefined;
}

/** A pod's regular containers: at least one, unique names, each valid, no host port used twice. */
export function validateContainers(containers: readonly Container[] | undefined, ctx: ContainerContext, fldPath: FieldPath): FieldError[] {
  const list = listOf(containers);
  if (list.length === 0) return [required(fldPath)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(p.child("name"), name));
    else names.add(name);
    if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, p.child("lifecycle")));
    errs.push(...validateLivenessProbe(c.livenessProbe, ctx.gracePeriod, p.child("livenessProbe")));
    errs.push(...validateReadinessProbe(c.readinessProbe, ctx.gracePeriod, p.child("readinessProbe")));
    errs.push(...validateLivenessProbe(c.startupProbe, ctx.gracePeriod, p.child("startupProbe")));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(p.child("restartPolicy"), "may not be set for non-init containers"));
  });
  errs.push(...checkHostPortConflicts(list, fldPath));
  return errs;
}

/**
 * A pod's init containers: the same rules as regular containers, names unique across
 * both lists, and probes or lifecycle hooks only on restartable (sidecar) ones.
 */
export function validateInitContainers(containers: readonly Container[] | undefined, regular: readonly Container[] | undefined, ctx: ContainerContext, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(listOf(regular).map((c) => str(c.name)));
  listOf(containers).forEach((c, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    let restartAlways = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy === "Always") restartAlways = true;
      else errs.push(notSupported(p.child("restartPolicy"), c.restartPolicy, ["Always"]));
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(p.child("name"), name));
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([c], fldPath));
    if (restartAlways) {
      if (c.lifecycle) errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, p.child("lifecycle")));
      errs.push(...validateLivenessProbe(c.livenessProbe, ctx.gracePeriod, p.child("livenessProbe")));
      errs.push(...validateReadinessProbe(c.readinessProbe, ctx.gracePeriod, p.child("readinessProbe")));
      errs.push(...validateLivenessProbe(c.startupProbe, ctx.gracePeriod, p.child("startupProbe")));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const) {
        if (c[f]) errs.push(forbidden(p.child(f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
  });
  return errs;
}

/** Rules every kind of container follows: name, image, ports, env, mounts, policies, resources. */
function validateContainerCommon(c: Container, ctx: ContainerContext, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(p.child("name")));
  else for (const m of isDNS1123Label(name)) errs.push(invalid(p.child("name"), name, m));
  if (!str(c.image)) errs.push(required(p.child("image")));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(p.child("terminationMessagePolicy")));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(p.child("terminationMessagePolicy"), tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(c.ports, p.child("ports")));
  errs.push(...validateEnv(c.env, p.child("env")));
  errs.push(...validateEnvFrom(c.envFrom, p.child("envFrom")));
  errs.push(...validateVolumeMounts(c, ctx.volumes, p.child("volumeMounts")));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(p.child("imagePullPolicy")));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(p.child("imagePullPolicy"), pull, PULL_POLICIES));
  errs.push(...validateContainerResourceRequirements(c.resources, p.child("resources")));
  errs.push(...validateSecurityContext(c.securityContext, p.child("securityContext")));
  return errs;
}

function validateContainerPorts(ports: readonly ContainerPort[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  listOf(ports).forEach((port, i) => {
    const p = fldPath.index(i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) msgs.forEach((m) => errs.push(invalid(p.child("name"), name, m)));
      else if (names.has(name)) errs.push(duplicate(p.child("name"), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(p.child("containerPort")));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(p.child("containerPort"), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(p.child("hostPort"), port.hostPort, m));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(p.child("protocol")));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(p.child("protocol"), protocol, PROTOCOLS));
  });
  return errs;
}

/** Mounts name a volume of the pod, at a unique path. */
function validateVolumeMounts(c: Container, volumes: ReadonlyMap<string, Volume>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map(listOf(c.volumeDevices).map((d) => [str(d.name), str(d.devicePath)]));
  listOf<VolumeMount>(c.volumeMounts).forEach((m, i) => {
    const p = fldPath.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(p.child("name")));
    if (!volumes.has(name)) errs.push(notFound(p.child("name"), name));
    if (!mountPath) errs.push(required(p.child("mountPath")));
    if (mountPoints.has(mountPath)) errs.push(invalid(p.child("mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(p.child("name"), name, "must not already exist in volumeDevices"));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(p.child("mountPath"), mountPath, "must not already exist as a path in volumeDevices"));
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    // Kubernetes reports these against the list, not the entry.
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, fldPath.child("subPath")));
    if (subPathExpr) {
      if (subPath) errs.push(invalid(p.child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(subPathExpr, fldPath.child("subPathExpr")));
    }
    if (m.mountPropagation !== undefined && m.mountPropagation !== null) {
      const mp = str(m.mountPropagation);
      const mpPath = fldPath.child("mountPropagation");
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(mpPath, mp, MOUNT_PROPAGATIONS));
      if (mp === "Bidirectional" && c.securityContext?.privileged !== true) {
        errs.push(forbidden(mpPath, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
  });
  return errs;
}

function validateSecurityContext(sc: SecurityContext | undefined, fldPath: FieldPath): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const f of ["runAsUser", "runAsGroup"] as const) {
    const v = sc[f];
    if (typeof v === "number") for (const m of isValidUnixID(v)) errs.push(invalid(fldPath.child(f), v, m));
  }
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    errs.push(invalid(fldPath, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
  }
  return errs;
}

/** The same host port, protocol and IP may be claimed only once. */
function checkHostPortConflicts(containers: readonly Container[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    listOf(c.ports).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${port.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(fldPath.index(ci).child("ports").index(pi).child("hostPort"), key));
      else seen.add(key);
    });
  });
  return errs;
}
