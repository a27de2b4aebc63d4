import type { Container, HTTPGetAction, Pod, PodSpec, Probe, Toleration, Volume } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import { parseQuantity } from "../../quantity.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord, listOf, objectsOf } from "../validators/values.js";

/** File mode volumes get when none is given (0644). */
const DEFAULT_MODE = 0o644;

/** The taints a node gets when it stops reporting, tolerated for five minutes by default. */
const DEFAULT_NOT_READY_TOLERATIONS: readonly Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
];

/** Priorities of the classes every cluster has; other classes are resolved once PriorityClass is served. */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = { "system-cluster-critical": 2000000000, "system-node-critical": 2000001000 };

/**
 * A Pod as the API server stores it after `kubectl run`: Kubernetes' v1 defaults
 * (SetDefaults_Pod, _PodSpec, _Container, _Probe, _HTTPGetAction, volume sources),
 * then what its admission plugins add (ServiceAccount, Priority, DefaultTolerationSeconds),
 * and on create the initial status (Pending, with its QoS class).
 */
export function defaultPod(obj: KubeObject, ctx: DefaultingContext): void {
  const pod = asKind<Pod>(obj) as { spec?: PodSpec; status?: Record<string, unknown> };
  if (!isRecord(pod.spec)) pod.spec = {} as PodSpec;
  const spec = pod.spec;
  const old = ctx.old ? asKind<Pod>(ctx.old).spec : undefined;

  defaultPodSpec(spec);
  for (const c of [...objectsOf(spec.containers), ...objectsOf(spec.initContainers)]) defaultRequestsToLimits(c);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...objectsOf(spec.containers), ...objectsOf(spec.initContainers)]) {
      for (const p of objectsOf(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }

  // The v1 field serviceAccount is an alias of serviceAccountName; ServiceAccount admission fills in "default".
  spec.serviceAccountName = spec.serviceAccountName || spec.serviceAccount || old?.serviceAccountName || "default";
  spec.serviceAccount = spec.serviceAccountName;

  defaultPriority(spec, old);
  defaultTolerationSeconds(spec);

  if (!ctx.old) {
    const status = isRecord(pod.status) ? pod.status : {};
    if (!status.phase) status.phase = "Pending";
    if (!status.qosClass) status.qosClass = podQOSClass(spec);
    pod.status = status;
  }
}

/** SetDefaults_PodSpec with its containers, probes and volumes: a Pod's spec, and a workload's pod template too. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= "ClusterFirst";
  spec.restartPolicy ||= "Always";
  if (!isRecord(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  spec.schedulerName ||= "default-scheduler";
  for (const c of [...objectsOf(spec.containers), ...objectsOf(spec.initContainers), ...objectsOf(spec.ephemeralContainers as Container[] | undefined)]) {
    if (isRecord(c)) defaultContainer(c);
  }
  for (const v of objectsOf(spec.volumes)) if (isRecord(v)) defaultVolume(v);
}

function defaultContainer(c: Container): void {
  c.imagePullPolicy ||= imageTag(c.image ?? "") === "latest" ? "Always" : "IfNotPresent";
  c.terminationMessagePath ||= "/dev/termination-log";
  c.terminationMessagePolicy ||= "File";
  if (!isRecord(c.resources)) c.resources = {};
  for (const p of objectsOf(c.ports)) p.protocol ||= "TCP";
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (isRecord(probe)) defaultProbe(probe);
  for (const hook of [c.lifecycle?.postStart, c.lifecycle?.preStop]) if (isRecord(hook?.httpGet)) defaultHTTPGet(hook.httpGet);
  for (const e of objectsOf(c.env)) {
    const ref = e.valueFrom?.fieldRef;
    if (isRecord(ref)) ref.apiVersion ||= "v1";
  }
}

function defaultProbe(p: Probe): void {
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (isRecord(p.httpGet)) defaultHTTPGet(p.httpGet);
}

function defaultHTTPGet(h: HTTPGetAction): void {
  h.path ||= "/";
  h.scheme ||= "HTTP";
}

function defaultVolume(v: Volume): void {
  const sources = Object.keys(v).filter((k) => k !== "name" && v[k as keyof Volume] !== undefined && v[k as keyof Volume] !== null);
  if (sources.length === 0) v.emptyDir = {};
  for (const src of [v.secret, v.configMap, v.downwardAPI, v.projected]) {
    if (isRecord(src) && (src.defaultMode === undefined || src.defaultMode === null)) src.defaultMode = DEFAULT_MODE;
  }
  if (isRecord(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null)) v.hostPath.type = "";
  for (const item of objectsOf(v.downwardAPI?.items)) if (isRecord(item.fieldRef)) item.fieldRef.apiVersion ||= "v1";
  for (const s of objectsOf(v.projected?.sources)) {
    if (isRecord(s.serviceAccountToken) && !s.serviceAccountToken.expirationSeconds) s.serviceAccountToken.expirationSeconds = 3600;
    for (const item of objectsOf(s.downwardAPI?.items)) if (isRecord(item.fieldRef)) item.fieldRef.apiVersion ||= "v1";
  }
}

/** Requests left out default to the container's limits, resource by resource. */
function defaultRequestsToLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!isRecord(c.resources) || !isRecord(limits)) return;
  const requests = isRecord(c.resources.requests) ? c.resources.requests : {};
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  c.resources.requests = requests;
}

function defaultPriority(spec: PodSpec, old: PodSpec | undefined): void {
  if (spec.priority === undefined || spec.priority === null) {
    if (old?.priority !== undefined) spec.priority = old.priority;
    else if (!spec.priorityClassName) spec.priority = 0;
    else if (spec.priorityClassName in SYSTEM_PRIORITY_CLASSES) spec.priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
  }
  spec.preemptionPolicy ||= old?.preemptionPolicy || "PreemptLowerPriority";
}

/** DefaultTolerationSeconds admission: tolerate a not-ready or unreachable node for 300 s unless told otherwise. */
function defaultTolerationSeconds(spec: PodSpec): void {
  const tolerations = listOf(spec.tolerations);
  const tolerates = (key: string) =>
    tolerations.some((t) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect));
  const added = DEFAULT_NOT_READY_TOLERATIONS.filter((t) => !tolerates(t.key!)).map((t) => ({ ...t }));
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/**
 * The tag Kubernetes reads from an image reference: `nginx` and `nginx:latest` are
 * "latest", a digest without a tag has none, and so has no image at all.
 */
export function imageTag(image: string): string {
  if (!image) return "";
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.indexOf(":", lastSlash + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

/** A pod's QoS class: Guaranteed, Burstable or BestEffort, from its containers' cpu and memory. */
export function podQOSClass(spec: PodSpec): "Guaranteed" | "Burstable" | "BestEffort" {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of [...objectsOf(spec.initContainers), ...objectsOf(spec.containers)]) {
    for (const [name, q] of Object.entries(isRecord(c.resources?.requests) ? c.resources.requests : {})) {
      const v = quantity(q);
      if ((name === "cpu" || name === "memory") && v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(isRecord(c.resources?.limits) ? c.resources.limits : {})) {
      const v = quantity(q);
      if ((name === "cpu" || name === "memory") && v > 0) {
        limits.set(name, (limits.get(name) ?? 0) + v);
        found.add(name);
      }
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
    if (guaranteed && requests.size === limits.size) return "Guaranteed";
  }
  return "Burstable";
}

function quantity(q: unknown): number {
  try {
    return typeof q === "string" || typeof q === "number" ? parseQuantity(q) : 0;
  } catch {
    return 0;
  }
}
