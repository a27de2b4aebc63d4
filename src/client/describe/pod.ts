/** `kubectl describe pod`, field for field as kubectl/pkg/describe writes it. */
import type { Event, Pod, ResourceRequirements, Toleration, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import { timestampSince } from "../../core/printers/duration.js";
import {
  formatLabelSelector,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  type DescribeContext,
} from "./common.js";
import { describeContainers, describeResources } from "./container.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";
import { podQOSClass } from "./resources.js";
import { CLUSTER_DOMAIN } from "./service.js";
import { describeVolumes } from "./volume.js";
import type { ScheduleExplanation } from "../../core/scheduler/explain-pod.js";
import { writeNodeVerdicts } from "./scheduling.js";

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `key=value:Effect op=Exists for 300s`, as describe lists a toleration. */
export function formatToleration(t: Toleration): string {
  let s = t.key ?? "";
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  // An Exists toleration without key and effect tolerates everything.
  if (t.operator === "Exists" && !t.value) s += t.key || t.effect ? " op=Exists" : "op=Exists";
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

function printTolerations(w: PrefixWriter, tolerations: readonly Toleration[] | undefined): void {
  w.write(LEVEL_0, "Tolerations:\t");
  const sorted = [...(tolerations ?? [])].sort((a, b) => byKey(a.key ?? "", b.key ?? ""));
  if (sorted.length === 0) {
    w.writeLine("<none>");
    return;
  }
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${formatToleration(t)}\n`);
  });
}

function printTopologySpreadConstraints(w: PrefixWriter, constraints: readonly TopologySpreadConstraint[] | undefined): void {
  const sorted = [...(constraints ?? [])].sort((a, b) => byKey(a.topologyKey, b.topologyKey));
  if (sorted.length === 0) return;
  w.write(LEVEL_0, "Topology Spread Constraints:\t");
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    let line = `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded`;
    if (c.labelSelector) line += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, `${line}\n`);
  });
}

/** `Kind/name` of the pod's controller, or "". */
function controlledBy(pod: Pod): string {
  const ref = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** What describing a pod needs from other objects. */
export interface PodDescribeExtras {
  /**
   * The headless Service named by the pod's `spec.subdomain` exists in its namespace:
   * the pod then has the DNS name `HOSTNAME.SUBDOMAIN.NAMESPACE.svc.cluster.local`.
   */
  readonly headlessSubdomain?: boolean;
  /**
   * For a pod no node has taken: the scheduler's verdict on each node now. Printed after
   * the events as a Node Verdicts section (kubectl shows only the FailedScheduling message).
   */
  readonly scheduling?: ScheduleExplanation;
}

/** The pod's stable DNS name (a StatefulSet pod's, under its headless Service), or undefined. */
export function podDnsName(pod: Pod): string | undefined {
  const hostname = pod.spec?.hostname;
  const subdomain = pod.spec?.subdomain;
  if (!hostname || !subdomain) return undefined;
  return `${hostname}.${subdomain}.${pod.metadata?.namespace ?? "default"}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * `kubectl describe pod`: identity, node, status, IPs, controller, containers with
 * their state and probes, conditions, volumes, QoS class, node selectors,
 * tolerations, then the pod's events (oldest first). `events` are the ones about
 * this pod; the caller filters them. One line kubectl does not print: the pod's
 * DNS name after its IPs, when `extras` says its subdomain's headless Service exists.
 */
export function describePod(pod: Pod, events: readonly Event[], ctx: DescribeContext, extras: PodDescribeExtras = {}): string {
  const w = new PrefixWriter();
  const spec = pod.spec;
  const status = pod.status ?? {};
  const meta = pod.metadata ?? {};

  w.write(LEVEL_0, `Name:\t${meta.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ""}\n`);
  if (spec?.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec?.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec?.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec?.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n` : "Node:\t<none>\n");
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, "Labels", meta.labels);
  printAnnotationsMultiline(w, "Annotations", meta.annotations);
  if (meta.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(meta.deletionTimestamp, ctx.now)})\n`);
    const grace = meta.deletionGracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30;
    w.write(LEVEL_0, `Termination Grace Period:\t${grace}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  const seccomp = spec?.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === "Localhost") w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
  if ((status.podIPs ?? []).length === 0) {
    w.write(LEVEL_0, "IPs:\t<none>\n");
  } else {
    w.write(LEVEL_0, "IPs:\n");
    for (const ip of status.podIPs!) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const dnsName = extras.headlessSubdomain ? podDnsName(pod) : undefined;
  if (dnsName) w.write(LEVEL_0, `DNS Name:\t${dnsName}\n`);
  const controller = controlledBy(pod);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  // Pod-level resources (Kubernetes 1.32+) are newer than the kubernetes-types release in use.
  const podResources = (spec as { resources?: ResourceRequirements } | undefined)?.resources;
  if (podResources) {
    w.write(LEVEL_0, "Resources:\n");
    describeResources(podResources, w, LEVEL_1);
  }

  if ((spec?.initContainers ?? []).length > 0) {
    describeContainers("Init Containers", spec!.initContainers!, status.initContainerStatuses, pod, w);
  }
  describeContainers("Containers", spec?.containers ?? [], status.containerStatuses, pod, w);

  const gates = spec?.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : "<none>"} \n`);
    }
  }
  if ((status.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
    for (const c of status.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(spec?.volumes, w);
  w.write(LEVEL_0, `QoS Class:\t${podQOSClass(pod)}\n`);
  printLabelsMultiline(w, "Node-Selectors", spec?.nodeSelector);
  printTolerations(w, spec?.tolerations);
  printTopologySpreadConstraints(w, spec?.topologySpreadConstraints);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  if (extras.scheduling) writeNodeVerdicts(w, extras.scheduling, `${meta.name ?? ""} -n ${meta.namespace ?? ""}`);
  return w.toString();
}
