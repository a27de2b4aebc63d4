/**
 * Field selectors (`metadata.name=x,status.phase!=Running`). Kubernetes supports
 * only `=`, `==` and `!=` on a few fields per kind; the same holds here.
 */
import { SelectorError } from "./selector.js";
import type { KubeObject } from "../api/object.js";

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Fields every kind supports, plus the per-kind ones Kubernetes registers. */
const SUPPORTED: Record<string, string[]> = {
  "*": ["metadata.name", "metadata.namespace"],
  Pod: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
  Node: ["spec.unschedulable"],
  Event: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  Secret: ["type"],
  Namespace: ["status.phase"],
};

export function parseFieldSelector(text: string): FieldRequirement[] {
  if (!text.trim()) return [];
  return text.split(",").map((part) => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    return { field: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: m[3]! };
  });
}

/** Throws Kubernetes' message when a field is not supported for the kind. */
export function checkFieldSelector(kind: string, reqs: FieldRequirement[]): void {
  for (const r of reqs) {
    if (!SUPPORTED["*"]!.includes(r.field) && !(SUPPORTED[kind] ?? []).includes(r.field)) {
      throw new SelectorError(`field label not supported: ${r.field}`);
    }
  }
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return "";
    cur = (cur as Record<string, unknown>)[part];
  }
  if (path === "source" && cur && typeof cur === "object") return String((cur as { component?: string }).component ?? "");
  return cur === undefined || cur === null ? "" : String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const v = fieldValue(obj, r.field);
    if (r.op === "=" ? v !== r.value : v === r.value) return false;
  }
  return true;
}
