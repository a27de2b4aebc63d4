/**
 * `kubectl get poddisruptionbudgets`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED
 * DISRUPTIONS AGE (printPodDisruptionBudget; no wide columns). A figure the budget
 * does not set prints N/A.
 */
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Min Available", priority: 0 },
  { name: "Max Unavailable", priority: 0 },
  { name: "Allowed Disruptions", priority: 0 },
  { name: "Age", priority: 0 },
];

/** intstr's String(): the number or the percentage as written, N/A when unset. */
function intOrPercent(v: number | string | undefined | null): string {
  return v === undefined || v === null ? "N/A" : String(v);
}

function row(obj: KubeObject, ctx: PrintContext): string[] {
  const pdb = asKind<PodDisruptionBudget>(obj);
  return [
    pdb.metadata?.name ?? "",
    intOrPercent(pdb.spec?.minAvailable),
    intOrPercent(pdb.spec?.maxUnavailable),
    String(pdb.status?.disruptionsAllowed ?? 0),
    timestampSince(pdb.metadata?.creationTimestamp, ctx.now),
  ];
}

/** PodDisruptionBudgets in `kubectl get` tables. */
export const podDisruptionBudgetPrinter: KindPrinter = { columns: COLUMNS, row };
