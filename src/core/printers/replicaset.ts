/**
 * `kubectl get replicasets` and `replicationcontrollers`: NAME DESIRED CURRENT READY AGE,
 * and with -o wide CONTAINERS IMAGES SELECTOR.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { ReplicationController } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells, formatLabels, formatLabelSelector } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Desired", priority: 0 },
  { name: "Current", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
  { name: "Selector", priority: 1 },
];

function replicaSetRow(obj: KubeObject, ctx: PrintContext): string[] {
  const rs = asKind<ReplicaSet>(obj);
  return [
    rs.metadata?.name ?? "",
    String(rs.spec?.replicas ?? 1),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    timestampSince(rs.metadata?.creationTimestamp, ctx.now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ];
}

function replicationControllerRow(obj: KubeObject, ctx: PrintContext): string[] {
  const rc = asKind<ReplicationController>(obj);
  return [
    rc.metadata?.name ?? "",
    String(rc.spec?.replicas ?? 1),
    String(rc.status?.replicas ?? 0),
    String(rc.status?.readyReplicas ?? 0),
    timestampSince(rc.metadata?.creationTimestamp, ctx.now),
    ...containerCells(rc.spec?.template?.spec?.containers),
    formatLabels(rc.spec?.selector),
  ];
}

/** ReplicaSets in `kubectl get` tables. */
export const replicaSetPrinter: KindPrinter = { columns: COLUMNS, row: replicaSetRow };
/** ReplicationControllers in `kubectl get` tables. */
export const replicationControllerPrinter: KindPrinter = { columns: COLUMNS, row: replicationControllerRow };
