import type { ConfigMap, Container, Pod, Secret } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { bytes, cpuMillis } from "../quantity.js";

/** A container's environment, or the CreateContainerConfigError message that stops it. */
export type EnvResult = { env: Map<string, string> } | { error: string };

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The environment the kubelet gives a container (kubelet_pods.go makeEnvironmentVariables):
 * PATH and HOSTNAME, the kubernetes Service's variables, `envFrom` then `env` in order,
 * with `$(VAR)` references to earlier variables expanded, ConfigMap and Secret keys
 * looked up (a missing one is an error unless optional), and downward API fields.
 */
export function containerEnv(api: Api, pod: Pod, container: Container, nodeAllocatable: Readonly<Record<string, string>> = {}): EnvResult {
  const ns = pod.metadata?.namespace ?? "default";
  const env = new Map<string, string>([
    ["PATH", DEFAULT_PATH],
    ["HOSTNAME", pod.spec?.hostname ?? pod.metadata?.name ?? ""],
    ["HOME", "/root"],
  ]);
  if (pod.spec?.enableServiceLinks !== false || ns === "default") {
    for (const [k, v] of Object.entries({
      KUBERNETES_SERVICE_HOST: "10.96.0.1",
      KUBERNETES_SERVICE_PORT: "443",
      KUBERNETES_SERVICE_PORT_HTTPS: "443",
      KUBERNETES_PORT: "tcp://10.96.0.1:443",
      KUBERNETES_PORT_443_TCP: "tcp://10.96.0.1:443",
      KUBERNETES_PORT_443_TCP_PROTO: "tcp",
      KUBERNETES_PORT_443_TCP_PORT: "443",
      KUBERNETES_PORT_443_TCP_ADDR: "10.96.0.1",
    })) env.set(k, v);
  }
  const configMap = (name: string) => {
    const o = api.tryGet("configmaps", ns, name);
    return o ? asKind<ConfigMap>(o) : undefined;
  };
  const secret = (name: string) => {
    const o = api.tryGet("secrets", ns, name);
    return o ? asKind<Secret>(o) : undefined;
  };
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? "";
    if (from.configMapRef) {
      const cm = configMap(from.configMapRef.name ?? "");
      if (!cm) {
        if (from.configMapRef.optional) continue;
        return { error: `configmap "${from.configMapRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env.set(prefix + k, v);
    } else if (from.secretRef) {
      const s = secret(from.secretRef.name ?? "");
      if (!s) {
        if (from.secretRef.optional) continue;
        return { error: `secret "${from.secretRef.name}" not found` };
      }
      for (const [k, v] of Object.entries(secretData(s))) env.set(prefix + k, v);
    }
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      env.set(e.name, expandRefs(e.value ?? "", env));
      continue;
    }
    if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      const cm = configMap(r.name ?? "");
      const v = cm?.data?.[r.key];
      if (v === undefined) {
        if (r.optional) continue;
        return { error: cm ? `couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}` : `configmap "${r.name}" not found` };
      }
      env.set(e.name, v);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      const s = secret(r.name ?? "");
      const v = s ? secretData(s)[r.key] : undefined;
      if (v === undefined) {
        if (r.optional) continue;
        return { error: s ? `couldn't find key ${r.key} in Secret ${ns}/${r.name}` : `secret "${r.name}" not found` };
      }
      env.set(e.name, v);
    } else if (from.fieldRef) {
      env.set(e.name, downwardField(pod, from.fieldRef.fieldPath));
    } else if (from.resourceFieldRef) {
      env.set(e.name, resourceField(container, from.resourceFieldRef.resource, from.resourceFieldRef.divisor, nodeAllocatable));
    }
  }
  return { env };
}

/** A Secret's values: `data` decoded from base64, `stringData` as is. */
export function secretData(s: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) out[k] = Buffer.from(v, "base64").toString("utf8");
  for (const [k, v] of Object.entries((s as { stringData?: Record<string, string> }).stringData ?? {})) out[k] = v;
  return out;
}

/** `$(VAR)` expanded from earlier variables; `$$(VAR)` escapes; unknown references stay. */
function expandRefs(value: string, env: ReadonlyMap<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => (m === "$$" ? "$" : (env.get(name!) ?? m)));
}

/** A downward API field's value. */
export function downwardField(pod: Pod, fieldPath: string): string {
  const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (keyed) return (keyed[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations)?.[keyed[2]!] ?? "";
  switch (fieldPath) {
    case "metadata.name":
      return pod.metadata?.name ?? "";
    case "metadata.namespace":
      return pod.metadata?.namespace ?? "";
    case "metadata.uid":
      return pod.metadata?.uid ?? "";
    case "metadata.labels":
      return Object.entries(pod.metadata?.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join("\n");
    case "metadata.annotations":
      return Object.entries(pod.metadata?.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join("\n");
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.hostIP":
      return pod.status?.hostIP ?? "";
    case "status.hostIPs":
      return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(",");
    case "status.podIP":
      return pod.status?.podIP ?? "";
    case "status.podIPs":
      return (pod.status?.podIPs ?? []).map((i) => i.ip).join(",");
    default:
      return "";
  }
}

/** `limits.memory` over its divisor, rounded up; a limit not set is the node's allocatable. */
export function resourceField(c: Container, resource: string, divisor: string | undefined, allocatable: Readonly<Record<string, string>>): string {
  const [kind, name = ""] = resource.split(".", 2);
  const list = kind === "limits" ? c.resources?.limits : c.resources?.requests;
  const raw = list?.[name] ?? (kind === "limits" ? allocatable[name] : undefined) ?? "0";
  if (name === "cpu") {
    const d = divisor ? cpuMillis(divisor) : 1000;
    return String(Math.ceil(cpuMillis(raw) / (d || 1000)));
  }
  const d = divisor ? bytes(divisor) : 1;
  return String(Math.ceil(bytes(raw) / (d || 1)));
}
