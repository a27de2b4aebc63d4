/**
 * Which nodes a DaemonSet runs on, and the pods it makes for them
 * (pkg/controller/daemon/util): the automatic tolerations, node affinity on the node's
 * name, the template-generation and revision-hash labels.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Affinity, Node, Pod, PodTemplateSpec, Toleration } from "kubernetes-types/core/v1";
import { mutableCopy } from "../api/object.js";
import { RequiredNodeAffinity } from "../scheduler/node-selector.js";
import { findMatchingUntoleratedTaint, tolerationsTolerateTaint } from "../scheduler/taints.js";
import { CONTROLLER_REVISION_HASH_LABEL } from "./controller-utils.js";

/** The annotation the API server keeps DaemonSet's templateGeneration in (apps/v1). */
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
export const POD_TEMPLATE_GENERATION_LABEL = "pod-template-generation";

/**
 * AddOrUpdateDaemonPodTolerations: DaemonSet pods survive node problems (not-ready and
 * unreachable NoExecute for ever) and ignore the taints a node's conditions and cordon
 * add; with hostNetwork also network-unavailable.
 */
export function daemonPodTolerations(spec: { tolerations?: Toleration[]; hostNetwork?: boolean }): Toleration[] {
  const wanted: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (spec.hostNetwork) wanted.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  const out = [...(spec.tolerations ?? [])];
  for (const t of wanted) {
    // AddOrUpdateTolerationInPodSpec: a toleration with the same key and effect is replaced.
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes "this node, by name". */
export function nodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] };
  const a = mutableCopy(affinity ?? {});
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } };
  return a;
}

/** The node a daemon pod is for: its nodeName, else its node-name affinity (GetTargetNodeName). */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** CreatePodTemplate: the template with the daemon tolerations and the generation and hash labels. */
export function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const t = mutableCopy(ds.spec?.template ?? {});
  t.spec = { ...(t.spec ?? { containers: [] }), tolerations: daemonPodTolerations(t.spec ?? { containers: [] }) };
  const labels = { ...(t.metadata?.labels ?? {}) };
  const generation = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (generation) labels[POD_TEMPLATE_GENERATION_LABEL] = generation;
  labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should be placed on the node
 * (`shouldRun`), and whether one already there may stay (`shouldContinueRunning`: it
 * tolerates the node's NoExecute taints even when a NoSchedule taint keeps new ones off).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = ds.spec?.template?.spec;
  if (spec?.nodeName && spec.nodeName !== node.metadata?.name) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonPodTolerations(spec ?? { containers: [] });
  const pod = { spec: { ...(spec ?? {}), tolerations } } as Pod;
  if (!new RequiredNodeAffinity(pod).match(node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const untolerated = taints.some((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerationsTolerateTaint(tolerations, t));
  if (!untolerated) return { shouldRun: true, shouldContinueRunning: true };
  const noExecute = findMatchingUntoleratedTaint(taints, tolerations, (t) => t.effect === "NoExecute");
  return { shouldRun: false, shouldContinueRunning: noExecute === undefined };
}
