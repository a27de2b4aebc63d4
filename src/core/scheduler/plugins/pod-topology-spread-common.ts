import type { Node, Pod, TopologySpreadConstraint } from "kubernetes-types/core/v1";
import { addRequirements, compileLabelSelector, selectorIsEmpty, selectorMatches, type CompiledSelector } from "../label-selector.js";
import { defaultSelector, type SchedulingListers } from "../listers.js";
import { memoKey, memoOnNode } from "../node-memo.js";
import type { NodeInfo } from "../node-info.js";
import type { RequiredNodeAffinity } from "../node-selector.js";
import { findMatchingUntoleratedTaint, isDoNotScheduleEffect } from "../taints.js";

/** The well-known hostname label: per-node counts for it are taken in Score, not PreScore. */
export const LABEL_HOSTNAME = "kubernetes.io/hostname";

export type UnsatisfiableConstraintAction = "DoNotSchedule" | "ScheduleAnyway";
export type NodeInclusionPolicy = "Honor" | "Ignore";

/** A spread constraint with its defaults applied and its selector compiled (kube's `topologySpreadConstraint`). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: CompiledSelector;
  /** 1 when unset. */
  readonly minDomains: number;
  /** Honor when unset: nodes the pod's node affinity excludes are not domains. */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Ignore when unset: tainted nodes still count as domains. */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
  /** The memo key of "pods on the node this constraint counts" (set by {@link podConstraints}). */
  readonly countKey: string;
}

/**
 * The constraints kube-scheduler applies to pods that have none of their own and are
 * selected by a Service, ReplicationController, ReplicaSet or StatefulSet
 * (`systemDefaultConstraints`): spread over hosts and zones, as a preference only.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
]);

function inclusionPolicy(value: string | undefined, fallback: NodeInclusionPolicy): NodeInclusionPolicy {
  return value === "Honor" || value === "Ignore" ? value : fallback;
}

/**
 * `filterTopologySpreadConstraints`: the constraints for one action, with `matchLabelKeys`
 * turned into `key=value` requirements from the pod's own labels.
 */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Readonly<Record<string, string>>,
  action: UnsatisfiableConstraintAction,
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = compileLabelSelector(c.labelSelector);
    const keys = (c.matchLabelKeys ?? []).filter((k) => Object.hasOwn(podLabels, k));
    if (keys.length > 0) selector = addRequirements(selector, keys.map((key) => ({ key, op: "=" as const, values: [podLabels[key]!] })));
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: inclusionPolicy(c.nodeAffinityPolicy, "Honor"),
      nodeTaintsPolicy: inclusionPolicy(c.nodeTaintsPolicy, "Ignore"),
      countKey: "",
    });
  }
  return out;
}

/**
 * The pod's constraints for one action (`getConstraints`): its own, or else the system
 * defaults with the selector of whatever selects the pod (none when nothing does).
 */
export function podConstraints(pod: Pod, action: UnsatisfiableConstraintAction, listers: SchedulingListers | undefined): SpreadConstraint[] {
  const labels = pod.metadata?.labels ?? {};
  const own = pod.spec?.topologySpreadConstraints ?? [];
  let constraints: SpreadConstraint[];
  if (own.length > 0) {
    constraints = filterConstraints(own, labels, action);
  } else {
    if (listers === undefined) return [];
    constraints = filterConstraints(SYSTEM_DEFAULT_CONSTRAINTS, labels, action);
    if (constraints.length === 0) return constraints;
    const selector = defaultSelector(pod, listers);
    if (selectorIsEmpty(selector)) return [];
    constraints = constraints.map((c) => ({ ...c, selector }));
  }
  const namespace = pod.metadata?.namespace ?? "";
  return constraints.map((c) => ({ ...c, countKey: memoKey(`PodTopologySpread/count\n${namespace}\n${c.selector.key}`) }));
}

/** `nodeLabelsMatchSpreadConstraints`: the node has every constraint's topology label. */
export function nodeHasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata?.labels;
  if (labels === undefined) return constraints.length === 0;
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** `matchNodeInclusionPolicies`: whether the node is one of the constraint's domains at all. */
export function nodeIncluded(c: SpreadConstraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === "Honor") {
    const taints = node.spec?.taints ?? [];
    if (taints.length > 0 && findMatchingUntoleratedTaint(taints, pod.spec?.tolerations, (t) => isDoNotScheduleEffect(t.effect)) !== undefined) return false;
  }
  return true;
}

/**
 * `countPodsMatchSelector`: pods on the node in the namespace that the selector selects,
 * terminating pods left out. An empty selector counts nothing.
 */
export function countMatchingPods(info: NodeInfo, c: SpreadConstraint, namespace: string): number {
  const selector = c.selector;
  if (selectorIsEmpty(selector) || selector.nothing || info.pods.length === 0) return 0;
  return memoOnNode(info, c.countKey, () => {
    let n = 0;
    for (const p of info.pods) {
      if (p.metadata?.deletionTimestamp || p.metadata?.namespace !== namespace) continue;
      if (selectorMatches(selector, p.metadata?.labels)) n++;
    }
    return n;
  });
}
