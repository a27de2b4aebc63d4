/**
 * `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, and
 * with -o wide CONTAINERS IMAGES SELECTOR, as the API server's printCronJob computes them.
 */
import type { CronJob } from "kubernetes-types/batch/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";
import { containerCells, formatLabelSelector } from "./workload-cells.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Schedule", priority: 0 },
  { name: "Timezone", priority: 0 },
  { name: "Suspend", priority: 0 },
  { name: "Active", priority: 0 },
  { name: "Last Schedule", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Containers", priority: 1 },
  { name: "Images", priority: 1 },
  { name: "Selector", priority: 1 },
];

/** printBoolPtr: True, False, or `<unset>`. */
export function printBoolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return "<unset>";
  return value ? "True" : "False";
}

function cronJobRow(obj: KubeObject, ctx: PrintContext): string[] {
  const cj = asKind<CronJob>(obj);
  const spec = cj.spec;
  const lastSchedule = cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, ctx.now) : "<none>";
  const [names, images] = containerCells(spec?.jobTemplate?.spec?.template?.spec?.containers);
  return [
    cj.metadata?.name ?? "",
    spec?.schedule ?? "",
    spec?.timeZone ?? "<none>",
    printBoolPtr(spec?.suspend),
    String((cj.status?.active ?? []).length),
    lastSchedule,
    timestampSince(cj.metadata?.creationTimestamp, ctx.now),
    names,
    images,
    formatLabelSelector(spec?.jobTemplate?.spec?.selector),
  ];
}

/** CronJobs in `kubectl get` tables. */
export const cronJobPrinter: KindPrinter = { columns: COLUMNS, row: cronJobRow };
