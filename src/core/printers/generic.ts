/** NAME AGE: what kubectl prints for a kind without its own printer (printObjectMeta). */
import type { KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Age", priority: 0 },
];

function objectMetaRow(obj: KubeObject, ctx: PrintContext): string[] {
  return [obj.metadata.name ?? "", timestampSince(obj.metadata.creationTimestamp, ctx.now)];
}

/** Any other kind in `kubectl get` tables. */
export const genericPrinter: KindPrinter = { columns: COLUMNS, row: objectMetaRow };
