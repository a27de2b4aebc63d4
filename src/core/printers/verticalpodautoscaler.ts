/**
 * `kubectl get vpa`: the add-on CRD's printer columns, NAME MODE CPU MEM PROVIDED AGE
 * (the first container's target, and the RecommendationProvided condition). A column
 * whose path finds nothing is blank, as for any custom resource.
 */
import { asKind, type KubeObject } from "../api/object.js";
import type { VerticalPodAutoscaler } from "../api/verticalpodautoscaler.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Mode", priority: 0 },
  { name: "CPU", priority: 0 },
  { name: "Mem", priority: 0 },
  { name: "Provided", priority: 0 },
  { name: "Age", priority: 0 },
];

function row(obj: KubeObject, ctx: PrintContext): string[] {
  const vpa = asKind<VerticalPodAutoscaler>(obj);
  const first = vpa.status?.recommendation?.containerRecommendations?.[0]?.target;
  const provided = (vpa.status?.conditions ?? []).find((c) => c.type === "RecommendationProvided")?.status ?? "";
  return [vpa.metadata?.name ?? "", vpa.spec?.updatePolicy?.updateMode ?? "", first?.cpu ?? "", first?.memory ?? "", provided, timestampSince(vpa.metadata?.creationTimestamp, ctx.now)];
}

/** VerticalPodAutoscalers in `kubectl get` tables. */
export const verticalPodAutoscalerPrinter: KindPrinter = { columns: COLUMNS, row };
