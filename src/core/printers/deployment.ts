/** `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE, and with -o wide CONTAINERS IMAGES SELECTOR. */
import type { Deployment } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells, formatLabelSelector } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Up-to-date", priority: 0 },
  { name: "Available", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
  { name: "Selector", priority: 1 },
];

function deploymentRow(obj: KubeObject, ctx: PrintContext): string[] {
  const d = asKind<Deployment>(obj);
  const status = d.status ?? {};
  return [
    d.metadata?.name ?? "",
    `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    String(status.updatedReplicas ?? 0),
    String(status.availableReplicas ?? 0),
    timestampSince(d.metadata?.creationTimestamp, ctx.now),
    ...containerCells(d.spec?.template?.spec?.containers),
    formatLabelSelector(d.spec?.selector),
  ];
}

/** Deployments in `kubectl get` tables. */
export const deploymentPrinter: KindPrinter = { columns: COLUMNS, row: deploymentRow };
