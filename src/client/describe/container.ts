/**
 * The Containers (and Init Containers) section of `kubectl describe pod`: image,
 * ports, command, state, probes, environment and mounts of each container.
 */
import { downwardField } from "../../core/kubelet/container-env.js";
import type { Container, ContainerPort, ContainerState, ContainerStatus, EnvVar, Pod, Probe, ResourceRequirements } from "kubernetes-types/core/v1";
import { rfc1123z, printBool, stringOrNone } from "./common.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./prefix-writer.js";
import { canonicalQuantity, milliValue, parseAmount, wholeValue } from "./quantity.js";

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Limits then Requests, one sorted line per resource, at `level`. */
export function describeResources(resources: ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  const limits = Object.keys(resources.limits ?? {}).sort(byKey);
  if (limits.length > 0) w.write(level, "Limits:\n");
  for (const name of limits) w.write(level + 1, `${name}:\t${canonicalQuantity(resources.limits![name])}\n`);
  const requests = Object.keys(resources.requests ?? {}).sort(byKey);
  if (requests.length > 0) w.write(level, "Requests:\n");
  for (const name of requests) w.write(level + 1, `${name}:\t${canonicalQuantity(resources.requests![name])}\n`);
}

function ports(list: readonly ContainerPort[] | undefined, pick: (p: ContainerPort) => number): string {
  return (list ?? []).map((p) => `${pick(p)}/${p.protocol ?? "TCP"}`).join(", ");
}

function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A probe in kubectl's words: `http-get http://:8080/healthz delay=3s timeout=1s
 * period=3s #success=1 #failure=3`, `exec [cat /tmp/healthy] …`, `tcp-socket :6379 …`.
 * Unset timings read as the API server defaults them.
 */
export function describeProbe(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s ` +
    `#success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const port = String(g.port ?? "");
    const host = port ? joinHostPort(g.host ?? "", port) : (g.host ?? "");
    let path = g.path ?? "";
    if (path && !path.startsWith("/") && host) path = `/${path}`;
    return `http-get ${(g.scheme ?? "HTTP").toLowerCase()}://${host}${path} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ""}:${String(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(stateName: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}


/** A resourceFieldRef's value: the container's request or limit over the divisor, rounded up. */
function resourceFieldValue(container: Container, resource: string, divisor: string | undefined): string {
  const [kind, name] = resource.split(".", 2) as [string, string | undefined];
  const list = kind === "limits" ? container.resources?.limits : kind === "requests" ? container.resources?.requests : undefined;
  if (!name || !list) return "0";
  const value = parseAmount(list[name]);
  const div = parseAmount(divisor && parseAmount(divisor).nanos !== 0n ? divisor : "1");
  if (name === "cpu") {
    const d = milliValue(div);
    const v = milliValue(value);
    return String(d === 0n ? 0n : (v + d - 1n) / d);
  }
  const d = wholeValue(div);
  const v = wholeValue(value);
  return String(d === 0n ? 0n : (v + d - 1n) / d);
}

function describeEnvVar(e: EnvVar, container: Container, pod: Pod, w: PrefixWriter): void {
  const from = e.valueFrom;
  if (!from) {
    (e.value ?? "").split("\n").forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    return;
  }
  if (from.fieldRef) {
    const value = downwardField(pod, from.fieldRef.fieldPath);
    w.write(LEVEL_3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? "v1"}:${from.fieldRef.fieldPath})\n`);
  } else if (from.resourceFieldRef) {
    const resource = from.resourceFieldRef.resource;
    let value = resourceFieldValue(container, resource, from.resourceFieldRef.divisor);
    if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory")) value = "node allocatable";
    w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
  } else if (from.secretKeyRef) {
    const r = from.secretKeyRef;
    w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`);
  } else if (from.configMapKeyRef) {
    const r = from.configMapKeyRef;
    w.write(LEVEL_3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`);
  }
}

function describeContainer(container: Container, status: ContainerStatus | undefined, pod: Pod, w: PrefixWriter, space: string): void {
  w.write(LEVEL_1, `${space ? " " : ""}${container.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
  w.write(LEVEL_2, `Image:\t${container.image ?? ""}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ""}\n`);
  const portString = ports(container.ports, (p) => p.containerPort);
  if (portString.includes(",")) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
  const hostPortString = ports(container.ports, (p) => p.hostPort ?? 0);
  if (hostPortString.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
  const seccomp = container.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === "Localhost") w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }

  if ((container.command ?? []).length > 0) {
    w.write(LEVEL_2, "Command:\n");
    for (const c of container.command!) for (const s of c.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
  if ((container.args ?? []).length > 0) {
    w.write(LEVEL_2, "Args:\n");
    for (const a of container.args!) for (const s of a.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }

  if (status) {
    describeStatus("State", status.state, w);
    if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
    w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
    w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
  }

  describeResources(container.resources, w, LEVEL_2);

  if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
  if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
  if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);

  if ((container.envFrom ?? []).length > 0) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for (const e of container.envFrom!) {
      const from = e.configMapRef ? "ConfigMap" : e.secretRef ? "Secret" : "";
      const ref = e.configMapRef ?? e.secretRef;
      const optional = ref?.optional === true;
      const name = ref?.name ?? "";
      if (e.prefix) w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
      else w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    }
  }

  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) describeEnvVar(e, container, pod, w);

  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => byKey(a.mountPath, b.mountPath));
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
  const devices = [...(container.volumeDevices ?? [])].sort((a, b) => byKey(a.devicePath, b.devicePath));
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${mounts.length === 0 ? "\t<none>" : ""}\n`);
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * `Containers:` (or `Init Containers:`) and every container under it, status matched by
 * name. `space` indents the label (and the names by one more), as a pod template's
 * section is printed inside `Pod Template:`.
 */
export function describeContainers(label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, pod: Pod, w: PrefixWriter, space = ""): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const c of containers) describeContainer(c, byName.get(c.name), pod, w, space);
}
