/**
 * `kubectl get resourcequotas`: NAME AGE REQUEST LIMIT, where REQUEST lists each hard
 * resource that is not a `limits.*` one as `used/hard` and LIMIT the `limits.*` ones,
 * sorted by name: `pods: 1/2, requests.cpu: 500m/1`.
 */
import type { ResourceQuota } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { canonicalQuantity } from "../amount.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Request", priority: 0 },
  { name: "Limit", priority: 0 },
];

function resourceQuotaRow(obj: KubeObject, ctx: PrintContext): string[] {
  const rq = asKind<ResourceQuota>(obj);
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${canonicalQuantity(used[name] ?? "0")}/${canonicalQuantity(hard[name])}`;
    const pieces = name.split(".");
    (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(cell);
  }
  return [rq.metadata?.name ?? "", timestampSince(rq.metadata?.creationTimestamp, ctx.now), request.join(", "), limit.join(", ")];
}

/** ResourceQuotas in `kubectl get` tables. */
export const resourceQuotaPrinter: KindPrinter = { columns: COLUMNS, row: resourceQuotaRow };
