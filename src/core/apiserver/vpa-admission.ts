/**
 * The VerticalPodAutoscaler add-on's admission webhook (vpa.k8s.io): a pod created under
 * a VPA in Initial or Recreate mode gets the recommended requests (and limits scaled to
 * keep their ratio to the requests), recorded in the `vpaUpdates` annotation; and a
 * VPA whose policy contradicts itself is refused with the webhook's message.
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { ApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { formatAmount } from "../amount.js";
import {
  containerPolicyFor,
  controlledResources,
  effectiveUpdateMode,
  type RecommendedContainerResources,
  type VerticalPodAutoscaler,
} from "../api/verticalpodautoscaler.js";
import { vpaTarget } from "../controllers/vpa-target.js";
import { matches } from "../labels/selector.js";
import { bytes, cpuMillis, isQuantity } from "../quantity.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";

const VPA_RESOURCE = "verticalpodautoscalers.autoscaling.k8s.io";
/** Annotations the webhook leaves on the pods it changed. */
export const VPA_UPDATES_ANNOTATION = "vpaUpdates";
export const VPA_OBSERVED_CONTAINERS_ANNOTATION = "vpaObservedContainers";

function denied(message: string): ApiError {
  return new ApiError("Forbidden", `admission webhook "vpa.k8s.io" denied the request: ${message}`);
}

/** The webhook's ValidateVPA checks that the CRD schema cannot express. */
function validateVpa(vpa: VerticalPodAutoscaler): void {
  const policy = vpa.spec?.updatePolicy;
  if (policy) {
    if (policy.updateMode === undefined || policy.updateMode === null) throw denied("UpdateMode is required if UpdatePolicy is used");
    if (typeof policy.minReplicas === "number" && policy.minReplicas <= 0) throw denied(`MinReplicas has to be positive, got ${policy.minReplicas}`);
  }
  for (const cp of vpa.spec?.resourcePolicy?.containerPolicies ?? []) {
    if (!cp.containerName) throw denied("ContainerPolicies.ContainerName is required");
    for (const [resource, min] of Object.entries(cp.minAllowed ?? {})) {
      const max = cp.maxAllowed?.[resource];
      if (!isQuantity(min) || (max !== undefined && !isQuantity(max))) continue;
      const measure = resource === "cpu" ? cpuMillis : bytes;
      if (max !== undefined && measure(max) < measure(min)) throw denied(`max resource for ${resource} is lower than min`);
    }
  }
}

/** The VPA (in a mode that sets requests) whose target selects this pod; the oldest when several do. */
function controllingVpa(store: Store, pod: Pod): VerticalPodAutoscaler | undefined {
  const ns = pod.metadata?.namespace ?? "";
  const reader = { tryGet: (r: string, n: string, name: string) => store.get(r, n, name) };
  const candidates = store
    .list(VPA_RESOURCE, ns)
    .map((o) => asKind<VerticalPodAutoscaler>(o))
    .filter((v) => effectiveUpdateMode(v) !== "Off")
    .sort((a, b) => (a.metadata?.creationTimestamp ?? "").localeCompare(b.metadata?.creationTimestamp ?? ""));
  for (const vpa of candidates) {
    const t = vpaTarget(reader, vpa);
    if (!("error" in t) && matches(t.selector, pod.metadata?.labels)) return vpa;
  }
  return undefined;
}

/** getProportionalResourceLimit: the limit moved with the request, keeping their ratio. */
function proportionalLimit(resource: string, limit: string | undefined, request: string | undefined, recommended: string): string | undefined {
  if (limit === undefined) return undefined;
  const measure = resource === "cpu" ? cpuMillis : bytes;
  const l = measure(limit);
  const r = request !== undefined ? measure(request) : 0;
  const rec = measure(recommended);
  if (l === 0 || rec === 0) return undefined;
  if (r === 0 || r === l) return recommended;
  const scaled = BigInt(rec) * BigInt(l) / BigInt(r);
  return resource === "cpu" ? formatAmount({ nanos: scaled * 1_000_000n, format: "DecimalSI" }) : formatAmount({ nanos: scaled * 1_000_000_000n, format: "DecimalSI" });
}

/** Sets one container's recommended requests; returns the annotation's words for what changed. */
function applyToContainer(c: Container, rec: RecommendedContainerResources, vpa: VerticalPodAutoscaler): string[] {
  const resources = controlledResources(vpa, c.name);
  const requestsOnly = containerPolicyFor(vpa, c.name)?.controlledValues === "RequestsOnly";
  const requests: Record<string, string> = { ...(c.resources?.requests ?? {}) };
  const limits: Record<string, string> = { ...(c.resources?.limits ?? {}) };
  const changedRequests: string[] = [];
  const changedLimits: string[] = [];
  for (const [resource, value] of Object.entries(rec.target)) {
    if (!resources.includes(resource)) continue;
    const newLimit = requestsOnly ? undefined : proportionalLimit(resource, limits[resource], requests[resource], value);
    requests[resource] = value;
    changedRequests.push(`${resource} request`);
    if (newLimit !== undefined) {
      limits[resource] = newLimit;
      changedLimits.push(`${resource} limit`);
    }
  }
  if (changedRequests.length === 0) return [];
  c.resources = { ...(c.resources ?? {}), requests, ...(Object.keys(limits).length > 0 ? { limits } : {}) };
  return [...changedRequests, ...changedLimits];
}

/** The webhook as an admission step: mutates new pods, validates VPAs. */
export function vpaAdmission(store: Store): AdmissionPlugin {
  return {
    name: "VerticalPodAutoscaler",
    mutate(obj: KubeObject, kind, old) {
      if (kind.group !== "" || kind.kind !== "Pod" || old) return obj;
      const pod = asKind<Pod>(obj);
      if (pod.spec?.nodeName) return obj;
      const vpa = controllingVpa(store, pod);
      if (!vpa) return obj;
      const recs = vpa.status?.recommendation?.containerRecommendations ?? [];
      const next = structuredClone(pod);
      const updates: string[] = [];
      (next.spec?.containers ?? []).forEach((c, i) => {
        const rec = recs.find((r) => r.containerName === c.name);
        if (!rec || containerPolicyFor(vpa, c.name)?.mode === "Off") return;
        const changed = applyToContainer(c, rec, vpa);
        if (changed.length > 0) updates.push(`container ${i}: ${changed.join(", ")}`);
      });
      const annotations: Record<string, string> = { ...(next.metadata?.annotations ?? {}) };
      annotations[VPA_OBSERVED_CONTAINERS_ANNOTATION] = (next.spec?.containers ?? []).map((c) => c.name).join(", ");
      if (updates.length > 0) annotations[VPA_UPDATES_ANNOTATION] = `Pod resources updated by ${vpa.metadata?.name ?? ""}: ${updates.join("; ")}`;
      next.metadata = { ...next.metadata, annotations };
      return next as unknown as KubeObject;
    },
    validate(obj: KubeObject, kind) {
      if (kind.group === "autoscaling.k8s.io" && kind.kind === "VerticalPodAutoscaler") validateVpa(asKind<VerticalPodAutoscaler>(obj));
      return [];
    },
  };
}
