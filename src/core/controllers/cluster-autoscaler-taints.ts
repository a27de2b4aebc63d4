/**
 * The taint the cluster autoscaler puts on a node it is removing
 * (utils/taints: MarkToBeDeleted / CleanToBeDeleted): `ToBeDeletedByClusterAutoscaler`
 * with the Unix time the deletion started as its value, effect NoSchedule, so that
 * nothing new lands on the node while its pods are evicted.
 */
import type { Node, Taint } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";

export const TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

/** The autoscaler's deletion taint on the node, if any. */
export function toBeDeletedTaint(node: Node): Taint | undefined {
  return (node.spec?.taints ?? []).find((t) => t.key === TO_BE_DELETED_TAINT);
}

/** When the deletion the node's taint records started (epoch ms), NaN when there is none. */
export function deletionStartedAt(node: Node): number {
  const value = toBeDeletedTaint(node)?.value;
  return value && /^\d+$/.test(value) ? Number(value) * 1000 : NaN;
}

/** Adds the deletion taint (once) and returns the updated node. */
export function markToBeDeleted(api: Api, name: string, now: number): KubeObject {
  const obj = api.get("nodes", "", name);
  const node = asKind<Node>(obj);
  if (toBeDeletedTaint(node)) return obj;
  const taint: Taint = { key: TO_BE_DELETED_TAINT, value: String(Math.floor(now / 1000)), effect: "NoSchedule" };
  return api.update({ ...obj, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), taint] } });
}

/** Removes the deletion taint, when the node is still there and has it. */
export function cleanToBeDeleted(api: Api, name: string): void {
  const obj = api.tryGet("nodes", "", name);
  if (!obj) return;
  const node = asKind<Node>(obj);
  if (!toBeDeletedTaint(node)) return;
  const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TO_BE_DELETED_TAINT);
  const spec = { ...node.spec, taints };
  if (taints.length === 0) delete (spec as { taints?: Taint[] }).taints;
  try {
    api.update({ ...obj, spec });
  } catch (e) {
    if (!isApiError(e, "NotFound")) throw e;
  }
}
