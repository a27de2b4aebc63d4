/** `kubectl get limitranges`: NAME CREATED AT (RFC 3339, UTC). */
import type { KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { KindPrinter, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Created At", priority: 0 },
];

function limitRangeRow(obj: KubeObject): string[] {
  const created = parseTime(obj.metadata.creationTimestamp);
  return [obj.metadata.name ?? "", Number.isNaN(created) ? "0001-01-01T00:00:00Z" : rfc3339(created)];
}

/** LimitRanges in `kubectl get` tables. */
export const limitRangePrinter: KindPrinter = { columns: COLUMNS, row: limitRangeRow };
