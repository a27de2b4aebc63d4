/**
 * `kubectl describe node`: roles, labels, taints, conditions, addresses, capacity,
 * system info, the non-terminated pods with their share of the node, the allocated
 * totals, and events.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Event, Node, Pod, Taint } from "kubernetes-types/core/v1";
import { timestampSince } from "../../core/printers/duration.js";
import { nodeRoles } from "../../core/printers/node.js";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";
import { addAmounts, formatAmount, milliValue, parseAmount, wholeValue, ZERO, type Amount } from "./quantity.js";
import { podRequestsAndLimits, type ResourceAmounts } from "./resources.js";

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `key=value:Effect`, as a taint prints (Go's Taint.ToString). */
export function formatTaint(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function printTaints(w: PrefixWriter, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, "Taints:\t");
  const sorted = [...(taints ?? [])].sort((a, b) => byKey(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  if (sorted.length === 0) {
    w.writeLine("<none>");
    return;
  }
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${formatTaint(t)}\n`);
  });
}

function printResourceList(w: PrefixWriter, list: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(list).sort(byKey)) w.write(LEVEL_0, `  ${name}:\t${formatAmount(parseAmount(list[name]))}\n`);
}

/** `72.1MB`, `2.2MB`, `320kB`: an image's size as `crictl images` prints it. */
function formatImageSize(bytes: number): string {
  if (bytes >= 1_000_000_000) return `${(bytes / 1_000_000_000).toFixed(1)}GB`;
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)}MB`;
  return `${Math.round(bytes / 1000)}kB`;
}

/** Integer percentage of `part` in `whole` (truncated, as Go's int64 conversion); 0 when `whole` is 0. */
function percent(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Math.trunc((Number(part) / Number(whole)) * 100);
}

function get(list: ResourceAmounts, name: string): Amount {
  return list.get(name) ?? ZERO;
}

function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

function describeNodeResource(pods: readonly Pod[], node: Node, now: number, w: PrefixWriter): void {
  const allocatableList = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const allocCpu = milliValue(parseAmount(allocatableList.cpu));
  const allocMemory = wholeValue(parseAmount(allocatableList.memory));
  const allocEphemeral = wholeValue(parseAmount(allocatableList["ephemeral-storage"]));

  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const totalRequests: ResourceAmounts = new Map();
  const totalLimits: ResourceAmounts = new Map();
  const addTo = (total: ResourceAmounts, list: ResourceAmounts): void => {
    for (const [name, q] of list) {
      const current = total.get(name);
      total.set(name, current ? addAmounts(current, q) : q);
    }
  };
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    addTo(totalRequests, requests);
    addTo(totalLimits, limits);
    const cpuReq = get(requests, "cpu");
    const cpuLim = get(limits, "cpu");
    const memReq = get(requests, "memory");
    const memLim = get(limits, "memory");
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ""}\t${pod.metadata?.name ?? ""}\t\t` +
        `${formatAmount(cpuReq)} (${percent(milliValue(cpuReq), allocCpu)}%)\t${formatAmount(cpuLim)} (${percent(milliValue(cpuLim), allocCpu)}%)\t` +
        `${formatAmount(memReq)} (${percent(wholeValue(memReq), allocMemory)}%)\t${formatAmount(memLim)} (${percent(wholeValue(memLim), allocMemory)}%)\t` +
        `${timestampSince(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }

  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const row = (name: string, whole: bigint, value: (a: Amount) => bigint): void => {
    const req = get(totalRequests, name);
    const lim = get(totalLimits, name);
    w.write(LEVEL_1, `${name}\t${formatAmount(req)} (${percent(value(req), whole)}%)\t${formatAmount(lim)} (${percent(value(lim), whole)}%)\n`);
  };
  row("cpu", allocCpu, milliValue);
  row("memory", allocMemory, wholeValue);
  row("ephemeral-storage", allocEphemeral, wholeValue);

  const names = Object.keys(allocatableList).sort(byKey);
  for (const name of names.filter((n) => n.startsWith("hugepages-"))) {
    row(name, wholeValue(parseAmount(allocatableList[name])), wholeValue);
  }
  const standard = new Set(["cpu", "memory", "ephemeral-storage", "pods"]);
  for (const name of names.filter((n) => !n.startsWith("hugepages-") && !standard.has(n))) {
    w.write(LEVEL_1, `${name}\t${formatAmount(get(totalRequests, name))}\t${formatAmount(get(totalLimits, name))}\n`);
  }
}

/**
 * `kubectl describe node`. `podsOnNode` are the pods bound to it (terminated ones are
 * left out, as kubectl's field selector does); `events` are the ones about this node.
 * Pass the node's Lease (kube-node-lease) to include the Lease section.
 */
export function describeNode(node: Node, podsOnNode: readonly Pod[], events: readonly Event[], ctx: DescribeContext, lease?: Lease): string {
  const w = new PrefixWriter();
  const meta = node.metadata ?? {};
  const status = node.status ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ""}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
  printLabelsMultiline(w, "Labels", meta.labels);
  printAnnotationsMultiline(w, "Annotations", meta.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
  printTaints(w, node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  if (lease) {
    w.write(LEVEL_0, "Lease:\n");
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : "<unset>"}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : "<unset>"}\n`);
  }

  if ((status.conditions ?? []).length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const c of status.conditions!) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
      );
    }
  }

  w.write(LEVEL_0, "Addresses:\n");
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);

  if (Object.keys(status.capacity ?? {}).length > 0) {
    w.write(LEVEL_0, "Capacity:\n");
    printResourceList(w, status.capacity!);
  }
  if (Object.keys(status.allocatable ?? {}).length > 0) {
    w.write(LEVEL_0, "Allocatable:\n");
    printResourceList(w, status.allocatable!);
  }

  const info = status.nodeInfo;
  w.write(LEVEL_0, "System Info:\n");
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);

  // kubectl leaves node.status.images out; kdeck shows what the simulated runtime has pulled.
  const images = status.images ?? [];
  if (images.length > 0) {
    w.write(LEVEL_0, "Images:\n");
    for (const img of images) {
      const names = img.names ?? [];
      const name = names.find((n) => !n.includes("@")) ?? names[0] ?? "";
      w.write(LEVEL_1, `${name}\t${formatImageSize(img.sizeBytes ?? 0)}\n`);
    }
  }
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(",")}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);

  const pods = podsOnNode
    .filter((p) => !isTerminated(p))
    .slice()
    .sort((a, b) => byKey(a.metadata?.namespace ?? "", b.metadata?.namespace ?? "") || byKey(a.metadata?.name ?? "", b.metadata?.name ?? ""));
  describeNodeResource(pods, node, ctx.now, w);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
