import type { LimitRange, LimitRangeItem } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import { isRecord, objectsOf } from "../validators/values.js";

/**
 * A LimitRange as Kubernetes stores it (SetDefaults_LimitRangeItem): in a Container
 * item, a resource with a `max` and no `default` gets the max as its default limit; one
 * with a default limit and no `defaultRequest` gets the limit as its default request;
 * one with a `min` and still no default request gets the min.
 */
export function defaultLimitRange(obj: KubeObject): void {
  const lr = asKind<LimitRange>(obj);
  for (const item of objectsOf(lr.spec?.limits)) if (item.type === "Container") defaultContainerItem(item);
}

function defaultContainerItem(item: LimitRangeItem): void {
  const def: Record<string, string> = isRecord(item.default) ? { ...(item.default as Record<string, string>) } : {};
  const defReq: Record<string, string> = isRecord(item.defaultRequest) ? { ...(item.defaultRequest as Record<string, string>) } : {};
  for (const [k, v] of Object.entries(isRecord(item.max) ? item.max : {})) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
  for (const [k, v] of Object.entries(isRecord(item.min) ? item.min : {})) if (!(k in defReq)) defReq[k] = v;
  // Empty maps are omitted, as Go's omitempty drops them.
  if (Object.keys(def).length > 0) item.default = def;
  if (Object.keys(defReq).length > 0) item.defaultRequest = defReq;
}
