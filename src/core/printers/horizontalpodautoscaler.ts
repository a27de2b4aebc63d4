/**
 * `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, TARGETS as
 * printers.go's formatHPAMetrics writes it (`cpu: 62%/50%`, `cpu: <unknown>/50%` before
 * the first metrics, at most two then `+ N more...`).
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from "kubernetes-types/autoscaling/v2";
import { canonicalQuantity } from "../amount.js";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Reference", priority: 0 },
  { name: "Targets", priority: 0 },
  { name: "MinPods", priority: 0 },
  { name: "MaxPods", priority: 0 },
  { name: "Replicas", priority: 0 },
  { name: "Age", priority: 0 },
];

const UNKNOWN = "<unknown>";

function q(v: string | number | undefined): string {
  return v === undefined ? UNKNOWN : canonicalQuantity(v);
}

function utilizationPair(current: MetricStatus["resource"] | undefined, target: { averageUtilization?: number }): string {
  const cur = current?.current?.averageUtilization !== undefined ? `${current.current.averageUtilization}%` : UNKNOWN;
  const tgt = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : "<auto>";
  return `${cur}/${tgt}`;
}

/** One metric's `current/target`. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case "External": {
      const t = spec.external?.target;
      if (t?.averageValue !== undefined) return `${status?.external?.current?.averageValue !== undefined ? q(status.external.current.averageValue) : UNKNOWN}/${q(t.averageValue)} (avg)`;
      return `${status?.external ? q(status.external.current?.value) : UNKNOWN}/${q(t?.value)}`;
    }
    case "Pods":
      return `${status?.pods ? q(status.pods.current?.averageValue) : UNKNOWN}/${q(spec.pods?.target?.averageValue)}`;
    case "Object": {
      const t = spec.object?.target;
      if (t?.averageValue !== undefined) return `${status?.object?.current?.averageValue !== undefined ? q(status.object.current.averageValue) : UNKNOWN}/${q(t.averageValue)} (avg)`;
      return `${status?.object ? q(status.object.current?.value) : UNKNOWN}/${q(t?.value)}`;
    }
    case "Resource": {
      const r = spec.resource;
      if (r?.target?.averageValue !== undefined) return `${r.name}: ${status?.resource ? q(status.resource.current?.averageValue) : UNKNOWN}/${q(r.target.averageValue)}`;
      return `${r?.name ?? ""}: ${utilizationPair(status?.resource, r?.target ?? {})}`;
    }
    case "ContainerResource": {
      const r = spec.containerResource;
      if (r?.target?.averageValue !== undefined) {
        return `${r.name}: ${status?.containerResource ? q(status.containerResource.current?.averageValue) : UNKNOWN}/${q(r.target.averageValue)}`;
      }
      return `${r?.name ?? ""}: ${utilizationPair(status?.containerResource, r?.target ?? {})}`;
    }
    default:
      return "<unknown type>";
  }
}

/** formatHPAMetrics: the first two metrics, then how many more. */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  const list = specs ?? [];
  if (list.length === 0) return "<none>";
  const cells = list.map((s, i) => formatMetric(s, statuses?.[i]));
  const max = 2;
  if (cells.length <= max) return cells.join(", ");
  return `${cells.slice(0, max).join(", ")} + ${cells.length - max} more...`;
}

function row(obj: KubeObject, ctx: PrintContext): string[] {
  const hpa = asKind<HorizontalPodAutoscaler>(obj);
  const ref = hpa.spec?.scaleTargetRef;
  return [
    hpa.metadata?.name ?? "",
    `${ref?.kind ?? ""}/${ref?.name ?? ""}`,
    formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : "<unset>",
    String(hpa.spec?.maxReplicas ?? 0),
    String(hpa.status?.currentReplicas ?? 0),
    timestampSince(hpa.metadata?.creationTimestamp, ctx.now),
  ];
}

/** HorizontalPodAutoscalers in `kubectl get` tables. */
export const horizontalPodAutoscalerPrinter: KindPrinter = { columns: COLUMNS, row };
