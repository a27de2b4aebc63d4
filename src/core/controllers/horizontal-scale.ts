/**
 * The scale subresource of an HPA's target, as the scale client reads and writes it:
 * spec.replicas, status.replicas and readyReplicas, and the selector of its pods, for
 * Deployments, ReplicaSets, StatefulSets and ReplicationControllers.
 */
import type { CrossVersionObjectReference } from "kubernetes-types/autoscaling/v2";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { ApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import { KINDS, resourceOf, splitApiVersion } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import { fromMap, type Selector } from "../labels/selector.js";
import { selectorOf } from "./controller-utils.js";

/** The kinds with a scale subresource. */
const SCALABLE = new Set(["apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "/ReplicationController"]);

export interface Scale {
  resource: string;
  target: KubeObject;
  specReplicas: number;
  statusReplicas: number;
  readyReplicas: number | undefined;
  selector: Selector | undefined;
}

/** The failure the HPA reports as FailedGetScale, worded as the API would. */
export class ScaleError extends Error {}

/** Reads the target's scale; throws ScaleError with the API's message when it cannot. */
export function getScale(api: Api, namespace: string, ref: CrossVersionObjectReference): Scale {
  const { group } = splitApiVersion(ref.apiVersion ?? "");
  const kind = KINDS.find((k) => k.group === group && k.kind === ref.kind);
  if (!kind) throw new ScaleError(`no matches for kind "${ref.kind}" in group "${group}"`);
  const resource = resourceOf(kind);
  if (!SCALABLE.has(`${group}/${ref.kind}`)) throw new ScaleError(`${resource} "${ref.name}" has no scale subresource: the server could not find the requested resource`);
  const target = api.tryGet(resource, namespace, ref.name);
  if (!target) throw new ScaleError(ApiError.notFound(resource, ref.name).message);
  const spec = (target.spec ?? {}) as { replicas?: number; selector?: LabelSelector | Record<string, string> };
  const status = (target.status ?? {}) as { replicas?: number; readyReplicas?: number };
  const selector = ref.kind === "ReplicationController" ? nonEmpty(fromMap(spec.selector as Record<string, string> | undefined)) : selectorOf(spec.selector as LabelSelector | undefined);
  return { resource, target, specReplicas: spec.replicas ?? 1, statusReplicas: status.replicas ?? 0, readyReplicas: status.readyReplicas, selector };
}

function nonEmpty(s: Selector): Selector | undefined {
  return s.length === 0 ? undefined : s;
}

/** Sets spec.replicas through the API (admission applies), as the scale subresource's update does. */
export function updateScale(api: Api, scale: Scale, replicas: number): void {
  api.patch(scale.resource, scale.target.metadata.namespace ?? "", scale.target.metadata.name ?? "", { spec: { replicas } }, "merge", { fieldManager: "horizontal-pod-autoscaler" });
}
