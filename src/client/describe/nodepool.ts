/**
 * `kdeck describe nodepool`, in the layout of kubectl's describers: the pool's size
 * limits and node template, its status (target, registered and Ready nodes, last
 * scale-up and scale-down), the nodes still being provisioned, its nodes with what the
 * cluster autoscaler thinks of them, and its events.
 */
import type { Event, Node } from "kubernetes-types/core/v1";
import { DEFAULT_PROVISIONING_DELAY, provisioningDelayMs, type NodePool } from "../../core/api/nodepool.js";
import { asKind, type KubeObject } from "../../core/api/object.js";
import { TO_BE_DELETED_TAINT } from "../../core/controllers/cluster-autoscaler-taints.js";
import { parseTime } from "../../core/engine/clock.js";
import { humanDuration, timestampSince } from "../../core/printers/duration.js";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { formatTaint } from "./node.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
  const status = ready?.status === "True" ? "Ready" : ready?.status === "False" ? "NotReady" : "Unknown";
  return node.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

function joinMap(m: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${m![k]}`).join(", ");
}

/** Describes one pool; `nodes` are the nodes labelled with its name. */
export function describeNodePool(obj: KubeObject, nodes: readonly Node[], events: readonly Event[], ctx: DescribeContext): string {
  const pool = asKind<NodePool>(obj);
  const w = new PrefixWriter();
  const spec = pool.spec;
  const status = pool.status ?? {};
  const template = spec?.template ?? {};
  w.write(LEVEL_0, `Name:\t${pool.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", pool.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", pool.metadata?.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(pool.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Min Size:\t${spec?.minSize ?? 0}\n`);
  w.write(LEVEL_0, `Max Size:\t${spec?.maxSize ?? 0}\n`);
  w.write(LEVEL_0, `Provisioning Delay:\t${spec?.provisioningDelay ?? DEFAULT_PROVISIONING_DELAY}\n`);
  w.write(LEVEL_0, "Node Template:\n");
  w.write(LEVEL_1, `Zone:\t${template.zone || "<none>"}\n`);
  w.write(LEVEL_1, `Capacity:\t${joinMap(template.capacity)}\n`);
  w.write(LEVEL_1, `Labels:\t${joinMap(template.labels)}\n`);
  const taints = template.taints ?? [];
  w.write(LEVEL_1, `Taints:\t${taints.length === 0 ? "<none>" : taints.map(formatTaint).join(", ")}\n`);
  w.write(LEVEL_0, "Status:\n");
  w.write(LEVEL_1, `Desired Size:\t${status.desiredSize ?? spec?.minSize ?? 0}\n`);
  w.write(LEVEL_1, `Current Size:\t${status.currentSize ?? 0}\n`);
  w.write(LEVEL_1, `Ready Nodes:\t${status.readyNodes ?? 0}\n`);
  w.write(LEVEL_1, `Last Scale Up:\t${status.lastScaleUpTime ? rfc1123z(status.lastScaleUpTime) : "<never>"}\n`);
  w.write(LEVEL_1, `Last Scale Down:\t${status.lastScaleDownTime ? rfc1123z(status.lastScaleDownTime) : "<never>"}\n`);

  const provisioning = status.provisioning ?? [];
  if (provisioning.length > 0) {
    const delay = provisioningDelayMs(pool);
    w.write(LEVEL_0, "Provisioning:\n");
    w.write(LEVEL_1, "Name\tRequested\tRegisters In\n");
    w.write(LEVEL_1, "----\t---------\t------------\n");
    for (const p of provisioning) {
      const left = Math.max(0, parseTime(p.requestTime) + delay - ctx.now);
      w.write(LEVEL_1, `${p.name}\t${timestampSince(p.requestTime, ctx.now)} ago\t${humanDuration(left)}\n`);
    }
  }

  const unneeded = new Map((status.unneededNodes ?? []).map((u) => [u.name, u.since]));
  w.write(LEVEL_0, `Nodes:\t(${nodes.length} in total)\n`);
  if (nodes.length > 0) {
    w.write(LEVEL_1, "Name\tStatus\tAge\tScale Down\n");
    w.write(LEVEL_1, "----\t------\t---\t----------\n");
    for (const node of [...nodes].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""))) {
      const name = node.metadata?.name ?? "";
      const since = unneeded.get(name);
      const marked = (node.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT);
      const scaleDown = marked ? "being removed" : since ? `unneeded for ${timestampSince(since, ctx.now)}` : "<none>";
      w.write(LEVEL_1, `${name}\t${nodeStatus(node)}\t${timestampSince(node.metadata?.creationTimestamp, ctx.now)}\t${scaleDown}\n`);
    }
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
