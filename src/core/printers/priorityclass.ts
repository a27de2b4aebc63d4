/** `kubectl get priorityclasses`, as kubectl 1.33 prints them (PREEMPTIONPOLICY last, shown without -o wide). */
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Value", priority: 0 },
  { name: "Global-Default", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "PreemptionPolicy", priority: 0 },
];

/** PriorityClasses in `kubectl get` tables. */
export const priorityClassPrinter: KindPrinter = {
  columns: COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const pc = asKind<PriorityClass>(obj);
    return [
      pc.metadata?.name ?? "",
      String(pc.value ?? 0),
      String(pc.globalDefault === true),
      timestampSince(pc.metadata?.creationTimestamp, ctx.now),
      pc.preemptionPolicy ?? "",
    ];
  },
};
