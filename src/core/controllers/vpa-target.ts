/**
 * The pods a VerticalPodAutoscaler looks after: those its targetRef's controller
 * selects (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController),
 * as the add-on's target selector fetcher finds them.
 */
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { KINDS, resourceOf, splitApiVersion } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import type { VerticalPodAutoscaler } from "../api/verticalpodautoscaler.js";
import { fromMap, matches, type Selector } from "../labels/selector.js";
import { selectorOf } from "./controller-utils.js";

/** The controllers whose pods a VPA can manage. */
const SUPPORTED = new Set(["apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet", "batch/Job", "/ReplicationController"]);

export interface VpaTarget {
  target: KubeObject;
  selector: Selector;
  template: PodTemplateSpec | undefined;
}

/** The target's controller and selector, or the reason it cannot be used. */
export function vpaTarget(api: Pick<Api, "tryGet">, vpa: VerticalPodAutoscaler): VpaTarget | { error: string } {
  const ref = vpa.spec?.targetRef;
  if (!ref?.kind || !ref.name) return { error: "Cannot read targetRef" };
  const { group } = splitApiVersion(ref.apiVersion ?? "");
  const kind = KINDS.find((k) => k.kind === ref.kind && (k.group === group || (!ref.apiVersion && SUPPORTED.has(`${k.group}/${k.kind}`))));
  if (!kind || !SUPPORTED.has(`${kind.group}/${kind.kind}`)) return { error: `Cannot read targetRef. Reason: Unhandled targetRef ${ref.apiVersion ?? ""} / ${ref.kind} / ${ref.name}, last error ${kind ? "" : `no matches for kind "${ref.kind}" in group "${group}"`}` };
  const target = api.tryGet(resourceOf(kind), vpa.metadata?.namespace ?? "", ref.name);
  if (!target) return { error: `Cannot read targetRef. Reason: ${resourceOf(kind)} "${ref.name}" not found` };
  const spec = (target.spec ?? {}) as { selector?: LabelSelector | Record<string, string>; template?: PodTemplateSpec; jobTemplate?: unknown };
  const selector = kind.kind === "ReplicationController" ? fromMap(spec.selector as Record<string, string> | undefined) : (selectorOf(spec.selector as LabelSelector | undefined) ?? []);
  if (selector.length === 0) return { error: "Cannot read targetRef. Reason: the target has no selector" };
  return { target, selector, template: spec.template };
}

/** The target's live pods (not finished, not being deleted). */
export function vpaPods(api: Api, namespace: string, t: VpaTarget): Pod[] {
  return api
    .list("pods", { namespace })
    .filter((p) => matches(t.selector, p.metadata.labels))
    .map((p) => asKind<Pod>(p))
    .filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
}
