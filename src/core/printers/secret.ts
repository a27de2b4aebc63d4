/** `kubectl get secrets`: NAME TYPE DATA AGE. */
import type { Secret } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Type", priority: 0 },
  { name: "Data", priority: 0 },
  { name: "Age", priority: 0 },
];

function secretRow(obj: KubeObject, ctx: PrintContext): string[] {
  const secret = asKind<Secret>(obj);
  // stringData is write-only in Kubernetes (merged into data on write); count its keys as the server would.
  const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
  return [
    secret.metadata?.name ?? "",
    secret.type ?? "Opaque",
    String(keys.size),
    timestampSince(secret.metadata?.creationTimestamp, ctx.now),
  ];
}

/** Secrets in `kubectl get` tables. */
export const secretPrinter: KindPrinter = { columns: COLUMNS, row: secretRow };
