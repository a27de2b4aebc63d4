/** `kubectl get statefulsets`: NAME READY AGE, and with -o wide CONTAINERS IMAGES. */
import type { StatefulSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
];

function statefulSetRow(obj: KubeObject, ctx: PrintContext): string[] {
  const sts = asKind<StatefulSet>(obj);
  return [
    sts.metadata?.name ?? "",
    `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
    timestampSince(sts.metadata?.creationTimestamp, ctx.now),
    ...containerCells(sts.spec?.template?.spec?.containers),
  ];
}

/** StatefulSets in `kubectl get` tables. */
export const statefulSetPrinter: KindPrinter = { columns: COLUMNS, row: statefulSetRow };
