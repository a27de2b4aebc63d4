/**
 * `kubectl describe hpa` (describeHorizontalPodAutoscalerV2): the reference, each
 * metric's `current / target`, min and max replicas, the behavior when set, the
 * target's current and desired pods, the conditions and the events.
 */
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricSpec, MetricStatus } from "kubernetes-types/autoscaling/v2";
import type { Event } from "kubernetes-types/core/v1";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from "./prefix-writer.js";
import { canonicalQuantity } from "./quantity.js";

const UNKNOWN = "<unknown>";

function q(v: string | number | undefined): string {
  return v === undefined ? UNKNOWN : canonicalQuantity(v);
}

function writeMetric(w: PrefixWriter, spec: MetricSpec, status: MetricStatus | undefined): void {
  switch (spec.type) {
    case "External": {
      const t = spec.external?.target;
      const name = JSON.stringify(spec.external?.metric?.name ?? "");
      if (t?.averageValue !== undefined) {
        const cur = status?.external?.current?.averageValue !== undefined ? q(status.external.current.averageValue) : UNKNOWN;
        w.write(LEVEL_1, `${name} (target average value):\t${cur} / ${q(t.averageValue)}\n`);
      } else {
        const cur = status?.external ? q(status.external.current?.value) : UNKNOWN;
        w.write(LEVEL_1, `${name} (target value):\t${cur} / ${q(t?.value)}\n`);
      }
      return;
    }
    case "Pods": {
      const cur = status?.pods ? q(status.pods.current?.averageValue) : UNKNOWN;
      w.write(LEVEL_1, `${JSON.stringify(spec.pods?.metric?.name ?? "")} on pods:\t${cur} / ${q(spec.pods?.target?.averageValue)}\n`);
      return;
    }
    case "Object": {
      const o = spec.object;
      w.write(LEVEL_1, `"${o?.metric?.name ?? ""}" on ${o?.describedObject?.kind ?? ""}/${o?.describedObject?.name ?? ""} `);
      if (o?.target?.type === "AverageValue") {
        const cur = status?.object ? q(status.object.current?.averageValue) : UNKNOWN;
        w.write(LEVEL_0, `(target average value):\t${cur} / ${q(o.target.averageValue)}\n`);
      } else {
        const cur = status?.object ? q(status.object.current?.value) : UNKNOWN;
        w.write(LEVEL_0, `(target value):\t${cur} / ${q(o?.target?.value)}\n`);
      }
      return;
    }
    case "Resource":
    case "ContainerResource": {
      const container = spec.type === "ContainerResource";
      const src = container ? spec.containerResource : spec.resource;
      const cur = container ? status?.containerResource : status?.resource;
      w.write(LEVEL_1, container ? `resource ${src?.name ?? ""} of container "${spec.containerResource?.container ?? ""}" on pods` : `resource ${src?.name ?? ""} on pods`);
      if (src?.target?.averageValue !== undefined) {
        w.write(LEVEL_0, `:\t${cur ? q(cur.current?.averageValue) : UNKNOWN} / ${q(src.target.averageValue)}\n`);
        return;
      }
      const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}% (${q(cur.current.averageValue)})` : UNKNOWN;
      const target = src?.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
      w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(spec.type)}>\n`);
  }
}

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
    w.write(LEVEL_2, "Policies:\n");
    for (const p of rules.policies!) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

/** kubectl's HorizontalPodAutoscalerDescriber for autoscaling/v2. */
export function describeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = hpa.spec;
  const status = hpa.status;
  w.write(LEVEL_0, `Name:\t${hpa.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", hpa.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", hpa.metadata?.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${spec?.scaleTargetRef?.kind ?? ""}/${spec?.scaleTargetRef?.name ?? ""}\n`);
  w.write(LEVEL_0, "Metrics:\t( current / target )\n");
  (spec?.metrics ?? []).forEach((m, i) => writeMetric(w, m, status?.currentMetrics?.[i]));
  w.write(LEVEL_0, `Min replicas:\t${spec?.minReplicas !== undefined ? spec.minReplicas : "<unset>"}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
  if (spec?.behavior) {
    w.write(LEVEL_0, "Behavior:\n");
    printDirectionBehavior(w, "Scale Up", spec.behavior.scaleUp);
    printDirectionBehavior(w, "Scale Down", spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${spec?.scaleTargetRef?.kind ?? ""} pods:\t`);
  w.write(LEVEL_0, `${status?.currentReplicas ?? 0} current / ${status?.desiredReplicas ?? 0} desired\n`);
  const conditions = status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, "Conditions:\n");
    w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
    w.write(LEVEL_1, "----\t------\t------\t-------\n");
    for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
