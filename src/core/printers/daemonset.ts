/**
 * `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR
 * AGE, and with -o wide CONTAINERS IMAGES SELECTOR.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells, formatLabels, formatLabelSelector } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Desired", priority: 0 },
  { name: "Current", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Up-to-date", priority: 0 },
  { name: "Available", priority: 0 },
  { name: "Node Selector", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
  { name: "Selector", priority: 1 },
];

function daemonSetRow(obj: KubeObject, ctx: PrintContext): string[] {
  const ds = asKind<DaemonSet>(obj);
  const s = ds.status;
  return [
    ds.metadata?.name ?? "",
    String(s?.desiredNumberScheduled ?? 0),
    String(s?.currentNumberScheduled ?? 0),
    String(s?.numberReady ?? 0),
    String(s?.updatedNumberScheduled ?? 0),
    String(s?.numberAvailable ?? 0),
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    timestampSince(ds.metadata?.creationTimestamp, ctx.now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ];
}

/** DaemonSets in `kubectl get` tables. */
export const daemonSetPrinter: KindPrinter = { columns: COLUMNS, row: daemonSetRow };
