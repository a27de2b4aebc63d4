/** `kubectl get configmaps`: NAME DATA AGE, DATA counting data and binaryData keys. */
import type { ConfigMap } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Data", priority: 0 },
  { name: "Age", priority: 0 },
];

function configMapRow(obj: KubeObject, ctx: PrintContext): string[] {
  const cm = asKind<ConfigMap>(obj);
  const count = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
  return [cm.metadata?.name ?? "", String(count), timestampSince(cm.metadata?.creationTimestamp, ctx.now)];
}

/** ConfigMaps in `kubectl get` tables. */
export const configMapPrinter: KindPrinter = { columns: COLUMNS, row: configMapRow };
