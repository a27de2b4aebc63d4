import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1";
import { isRecord } from "../validators/values.js";
import { defaultPodSpec } from "./pod.js";

/**
 * A workload's pod template as the API server stores it: the PodSpec defaults a Pod
 * gets (SetDefaults_PodSpec and its containers, probes and volumes), but none of what
 * Pod admission adds later (service account, priority, tolerations, status): the pods
 * created from the template get those when they are created.
 */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t: PodTemplateSpec = isRecord(template) ? template : {};
  if (!isRecord(t.spec)) t.spec = {} as PodSpec;
  defaultPodSpec(t.spec);
  return t;
}

/** A typed object check: like `isRecord`, but keeps the field's declared type. */
export function isObject<T extends object>(v: T | null | undefined): v is T {
  return isRecord(v);
}

/** Workloads keep no client-written status: the API server resets it on create (PrepareForCreate). */
export function dropStatusOnCreate(obj: { status?: unknown }, isCreate: boolean): void {
  if (isCreate) delete obj.status;
}
