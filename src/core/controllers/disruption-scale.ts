/**
 * The disruption controller's getExpectedScale: the number of pods a budget's pods'
 * controllers want, summed over the distinct controllers. Each pod's controller is
 * looked up the way the controller's finders do it, in their order: a
 * ReplicationController, a ReplicaSet's Deployment, a ReplicaSet of its own, a
 * StatefulSet, then any other kind through its scale subresource (which kdeck's
 * DaemonSets and Jobs, like Kubernetes', do not have).
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import type { KubeObject } from "../api/object.js";
import { kindForObject, RegistryError, resourceOf } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import { controllerRefOf } from "./controller-utils.js";

/** Kinds whose objects have a scale subresource (spec.replicas) in kdeck. */
const SCALABLE = new Map<string, string>([
  ["/ReplicationController", "replicationcontrollers"],
  ["apps/ReplicaSet", "replicasets.apps"],
  ["apps/Deployment", "deployments.apps"],
  ["apps/StatefulSet", "statefulsets.apps"],
]);

/** What getExpectedScale found: the summed scale, and the pods no controller manages. */
export interface ExpectedScale {
  expectedCount: number;
  unmanagedPods: string[];
}

/** Thrown when a pod's controller cannot be scaled or found; its message becomes the SyncFailed condition's. */
export class ScaleError extends Error {}

function groupOf(ref: OwnerReference): string {
  const i = ref.apiVersion.indexOf("/");
  return i < 0 ? "" : ref.apiVersion.slice(0, i);
}

function replicasOf(obj: KubeObject | undefined): number | undefined {
  if (!obj) return undefined;
  const r = (obj.spec as { replicas?: number } | undefined)?.replicas;
  return typeof r === "number" ? r : 1;
}

/** The object `ref` names, when it still is that object (same uid). */
function lookup(api: Api, resource: string, namespace: string, ref: OwnerReference): KubeObject | undefined {
  const obj = api.tryGet(resource, namespace, ref.name);
  return obj && obj.metadata.uid === ref.uid ? obj : undefined;
}

/** The controller owning a pod and its scale, or undefined when none of the finders finds it. */
function controllerAndScale(api: Api, ref: OwnerReference, namespace: string): { uid: string; scale: number } | undefined {
  const group = groupOf(ref);
  if (ref.kind === "ReplicationController" && group === "") {
    const rc = lookup(api, "replicationcontrollers", namespace, ref);
    if (rc) return { uid: rc.metadata.uid ?? "", scale: replicasOf(rc)! };
  }
  if (ref.kind === "ReplicaSet" && (group === "apps" || group === "extensions")) {
    const rs = lookup(api, "replicasets.apps", namespace, ref);
    if (rs) {
      const owner = controllerRefOf(rs);
      if (owner?.kind === "Deployment") {
        const d = (groupOf(owner) === "apps" || groupOf(owner) === "extensions") ? lookup(api, "deployments.apps", namespace, owner) : undefined;
        if (d) return { uid: d.metadata.uid ?? "", scale: replicasOf(d)! };
      } else {
        return { uid: rs.metadata.uid ?? "", scale: replicasOf(rs)! };
      }
    }
  }
  if (ref.kind === "StatefulSet" && group === "apps") {
    const ss = lookup(api, "statefulsets.apps", namespace, ref);
    if (ss) return { uid: ss.metadata.uid ?? "", scale: replicasOf(ss)! };
  }
  // getScaleController: the scale subresource of whatever kind the reference names.
  let resource: string;
  try {
    resource = resourceOf(kindForObject(ref.apiVersion, ref.kind));
  } catch (e) {
    if (e instanceof RegistryError) throw new ScaleError(e.message);
    throw e;
  }
  const scalable = SCALABLE.get(`${group === "extensions" ? "apps" : group}/${ref.kind}`);
  if (!scalable) throw new ScaleError(`${resource} does not implement the scale subresource`);
  const obj = lookup(api, scalable, namespace, ref);
  return obj ? { uid: obj.metadata.uid ?? "", scale: replicasOf(obj)! } : undefined;
}

/**
 * SUM over the distinct controllers of the budget's pods of their scale. A pod without
 * a controller is reported as unmanaged; a controller that cannot be found or scaled
 * fails the computation with Kubernetes' message.
 */
export function expectedScale(api: Api, pods: readonly Pod[]): ExpectedScale {
  // Keyed by the top-level controller: a Deployment's pods under several ReplicaSets count once.
  const scales = new Map<string, number>();
  const seenRefs = new Set<string>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? "");
      continue;
    }
    if (seenRefs.has(ref.uid)) continue;
    const found = controllerAndScale(api, ref, pod.metadata?.namespace ?? "");
    if (!found) throw new ScaleError(`found no controllers for pod "${pod.metadata?.name ?? ""}"`);
    scales.set(found.uid, found.scale);
    seenRefs.add(ref.uid);
  }
  let expectedCount = 0;
  for (const v of scales.values()) expectedCount += v;
  return { expectedCount, unmanagedPods };
}
