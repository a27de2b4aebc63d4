/** `kubectl get roles` and `get clusterroles`: NAME CREATED AT (RFC 3339, UTC). */
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { KindPrinter, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Created At", priority: 0 },
];

function roleRow(obj: KubeObject): string[] {
  const role = asKind<{ metadata?: { name?: string; creationTimestamp?: string } }>(obj);
  const created = parseTime(role.metadata?.creationTimestamp);
  return [role.metadata?.name ?? "", Number.isNaN(created) ? "0001-01-01T00:00:00Z" : rfc3339(created)];
}

/** Roles in `kubectl get` tables. */
export const rolePrinter: KindPrinter = { columns: COLUMNS, row: roleRow };
/** ClusterRoles in `kubectl get` tables: the same columns as Roles. */
export const clusterRolePrinter: KindPrinter = { columns: COLUMNS, row: roleRow };
