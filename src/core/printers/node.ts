/**
 * `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, and with -o wide INTERNAL-IP
 * EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.
 */
import type { Node } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_LABEL_ROLE = "kubernetes.io/role";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Roles", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Version", priority: 0 },
  { name: "Internal-IP", priority: 1 },
  { name: "External-IP", priority: 1 },
  { name: "OS-Image", priority: 1 },
  { name: "Kernel-Version", priority: 1 },
  { name: "Container-Runtime", priority: 1 },
];

/**
 * A node's roles, sorted: the suffix of each `node-role.kubernetes.io/<role>` label
 * and the value of a `kubernetes.io/role` label.
 */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** STATUS: `Ready`, `NotReady` or `Unknown` (no Ready condition), then `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === "Ready").pop();
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? "<none>";
}

function nodeRow(obj: KubeObject, ctx: PrintContext): string[] {
  const node = asKind<Node>(obj);
  const info = node.status?.nodeInfo;
  const roles = nodeRoles(node).join(",");
  return [
    node.metadata?.name ?? "",
    nodeStatus(node),
    roles || "<none>",
    timestampSince(node.metadata?.creationTimestamp, ctx.now),
    info?.kubeletVersion ?? "",
    address(node, "InternalIP"),
    address(node, "ExternalIP"),
    info?.osImage || "<unknown>",
    info?.kernelVersion || "<unknown>",
    info?.containerRuntimeVersion || "<unknown>",
  ];
}

/** Nodes in `kubectl get` tables. */
export const nodePrinter: KindPrinter = { columns: COLUMNS, row: nodeRow };
