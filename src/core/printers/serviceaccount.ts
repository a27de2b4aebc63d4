/** `kubectl get serviceaccounts`: NAME SECRETS AGE. */
import type { ServiceAccount } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Secrets", priority: 0 },
  { name: "Age", priority: 0 },
];

function serviceAccountRow(obj: KubeObject, ctx: PrintContext): string[] {
  const sa = asKind<ServiceAccount>(obj);
  return [sa.metadata?.name ?? "", String(sa.secrets?.length ?? 0), timestampSince(sa.metadata?.creationTimestamp, ctx.now)];
}

/** ServiceAccounts in `kubectl get` tables. */
export const serviceAccountPrinter: KindPrinter = { columns: COLUMNS, row: serviceAccountRow };
