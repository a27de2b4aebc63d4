/**
 * `kdeck get nodepools`: NAME MIN MAX CURRENT READY ZONE AGE, and with -o wide the
 * size the pool converges to and its nodes' capacity.
 */
import type { NodePool } from "../api/nodepool.js";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Min", priority: 0 },
  { name: "Max", priority: 0 },
  { name: "Current", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Zone", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Desired", priority: 1 },
  { name: "CPU", priority: 1 },
  { name: "Memory", priority: 1 },
];

function row(obj: KubeObject, ctx: PrintContext): string[] {
  const pool = asKind<NodePool>(obj);
  const capacity = pool.spec?.template?.capacity ?? {};
  return [
    pool.metadata?.name ?? "",
    String(pool.spec?.minSize ?? 0),
    String(pool.spec?.maxSize ?? 0),
    String(pool.status?.currentSize ?? 0),
    String(pool.status?.readyNodes ?? 0),
    pool.spec?.template?.zone || "<none>",
    timestampSince(pool.metadata?.creationTimestamp, ctx.now),
    String(pool.status?.desiredSize ?? pool.spec?.minSize ?? 0),
    capacity.cpu ?? "<none>",
    capacity.memory ?? "<none>",
  ];
}

/** NodePools in `kdeck get` tables. */
export const nodePoolPrinter: KindPrinter = { columns: COLUMNS, row };
