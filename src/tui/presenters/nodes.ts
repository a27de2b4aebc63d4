/** The Nodes pane: name, status (with SchedulingDisabled), roles, zone, pods, CPU and memory requested as bars, age. */
import type { KubeObject } from "../../client/cluster.js";
import { asKind } from "../../client/kinds.js";
import { nodeRoles, timestampSince } from "../../client/printing.js";
import type { Node } from "../../client/types.js";
import { barCell, usageTone } from "./bars.js";
import { nodeFacts, type NodeLoad } from "./facts.js";
import type { Row } from "./row.js";
import type { ColumnSpec } from "./text.js";

export const NODE_COLUMNS: readonly ColumnSpec[] = [
  { title: "NAME", min: 20, flex: true },
  { title: "STATUS", min: 6, max: 26 },
  { title: "ROLES", min: 5, max: 14, priority: 1 },
  { title: "ZONE", min: 4, max: 12, priority: 3 },
  { title: "PODS", min: 4, max: 5, align: "right" },
  { title: "CPU", min: 10, max: 22, priority: 5 },
  { title: "MEM", min: 10, max: 22, priority: 4 },
  { title: "AGE", min: 3, max: 6, priority: 2 },
];

const searchMemo = new WeakMap<KubeObject, string>();

/** What `/text` matches a node against: name, status, roles and zone. */
export function nodeSearchText(obj: KubeObject): string {
  let s = searchMemo.get(obj);
  if (s === undefined) {
    const f = nodeFacts(obj);
    s = `${f.name} ${f.status} ${nodeRoles(asKind<Node>(obj)).join(",")} ${f.zone}`.toLowerCase();
    searchMemo.set(obj, s);
  }
  return s;
}

/** A node's row; `barWidth` is the width of the CPU and MEM cells. */
export function nodeRow(obj: KubeObject, load: NodeLoad, now: number, opts: { marked?: boolean; barWidth?: number } = {}): Row {
  const f = nodeFacts(obj);
  const cpu = f.cpuMilli > 0 ? load.cpuMilli / f.cpuMilli : NaN;
  const mem = f.memBytes > 0 ? load.memBytes / f.memBytes : NaN;
  const width = opts.barWidth ?? 12;
  const roles = nodeRoles(asKind<Node>(obj)).join(",");
  return {
    key: f.name,
    cells: [f.name, f.status, roles || "<none>", f.zone || "-", String(load.pods), barCell(cpu, width), barCell(mem, width), timestampSince(obj.metadata.creationTimestamp, now)],
    tone: !f.ready ? "error" : f.cordoned ? "warn" : "normal",
    cellTones: [undefined, !f.ready ? "error" : f.cordoned ? "warn" : "ok", undefined, undefined, undefined, usageTone(cpu), usageTone(mem), undefined],
    object: obj,
    ...(opts.marked ? { marked: true } : {}),
  };
}
