/** `kubectl get namespaces`: NAME STATUS AGE. */
import type { Namespace } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Age", priority: 0 },
];

function namespaceRow(obj: KubeObject, ctx: PrintContext): string[] {
  const ns = asKind<Namespace>(obj);
  // The API server sets Active on create; an object that skipped that still reads as Kubernetes shows it.
  const phase = ns.status?.phase ?? "Active";
  return [ns.metadata?.name ?? "", phase, timestampSince(ns.metadata?.creationTimestamp, ctx.now)];
}

/** Namespaces in `kubectl get` tables. */
export const namespacePrinter: KindPrinter = { columns: COLUMNS, row: namespaceRow };
