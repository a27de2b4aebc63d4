import type { Pod } from "kubernetes-types/core/v1";
import { memoKey, memoOnNode } from "../node-memo.js";
import type { SnapshotLists } from "../listers.js";
import type { NodeInfo } from "../node-info.js";
import { labelsKey, podAffinityInfo, termMatchesPod, termsKey, type AffinityTerm, type WeightedAffinityTerm } from "../pod-affinity-terms.js";
import type { NodeContribution, TopologySums } from "../topology-sums.js";
import { nodeLabels } from "./inter-pod-affinity-filtering.js";

/** kube-scheduler's `hardPodAffinityWeight` default: what an existing pod's required affinity term adds to its topology. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey → topology value → score (kube's `scoreMap`). */
export type TopologyScore = Map<string, Map<string, number>>;

/** What the scoring of one cycle needs to know about the incoming pod. */
export interface IncomingPod {
  readonly pod: Pod;
  /** The pod's preferred affinity terms, namespaceSelectors resolved. */
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  /** The pod's preferred anti-affinity terms, namespaceSelectors resolved. */
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly namespaceLabels: Readonly<Record<string, string>> | undefined;
}

/**
 * The incoming pod's preferences and the existing pods' terms, summed per topology pair
 * over every node (kube's InterPodAffinity PreScore): for each existing pod, the incoming
 * pod's preferred terms that select it add (affinity) or take away (anti-affinity) their
 * weight, and so do the existing pod's own terms that select the incoming pod (a
 * required affinity term counting {@link HARD_POD_AFFINITY_WEIGHT}). Without preferred
 * terms of its own, only nodes holding pods with affinity terms are looked at.
 */
export function topologyScores(
  incoming: IncomingPod,
  nodes: readonly NodeInfo[],
  kept?: TopologySums,
  lists?: SnapshotLists,
): TopologyScore | undefined {
  const hasConstraints = incoming.preferredAffinity.length > 0 || incoming.preferredAntiAffinity.length > 0;
  const pod = incoming.pod;
  const questionKey = (): string =>
    memoKey(
      `InterPodAffinity/score\n${termsKey(incoming.preferredAffinity)}\n--\n${termsKey(incoming.preferredAntiAffinity)}\n` +
        `${pod.metadata?.namespace ?? ""}\n${labelsKey(pod.metadata?.labels)}\n${labelsKey(incoming.namespaceLabels)}`,
    );
  if (hasConstraints && kept !== undefined && lists !== undefined) {
    // Every node with pods has something to say: sums kept from the last cycle are cheaper to patch than to rebuild.
    const key = questionKey();
    return kept.sums(key, nodes, (info) => memoOnNode(info, key, () => nodeContributions(incoming, info, true)), lists);
  }
  // Built on the first node that needs it: most pods meet no node with affinity pods at all.
  let key: string | undefined;
  const scores: TopologyScore = new Map();
  for (const info of hasConstraints || lists === undefined ? nodes : lists.havePodsWithAffinity()) {
    if (hasConstraints ? info.pods.length === 0 : info.podsWithAffinity === 0) continue;
    key ??= questionKey();
    const contributions = memoOnNode(info, key, () => nodeContributions(incoming, info, hasConstraints));
    if (contributions.length === 0) continue;
    const labels = nodeLabels(info.node);
    for (const [topologyKey, delta] of contributions) {
      let byValue = scores.get(topologyKey);
      if (byValue === undefined) {
        byValue = new Map();
        scores.set(topologyKey, byValue);
      }
      const value = labels[topologyKey]!;
      byValue.set(value, (byValue.get(value) ?? 0) + delta);
    }
  }
  return scores.size === 0 ? undefined : scores;
}

/** One node's pods' contributions, per topology key the node has (its value is the node's). */
function nodeContributions(incoming: IncomingPod, info: NodeInfo, hasConstraints: boolean): NodeContribution {
  const labels = nodeLabels(info.node);
  const sums = new Map<string, number>();
  const add = (term: AffinityTerm, weight: number): void => {
    if (Object.hasOwn(labels, term.topologyKey)) sums.set(term.topologyKey, (sums.get(term.topologyKey) ?? 0) + weight);
  };
  const pod = incoming.pod;
  const nsLabels = incoming.namespaceLabels;
  for (const existing of info.pods) {
    if (hasConstraints) {
      for (const t of incoming.preferredAffinity) if (termMatchesPod(t, existing, undefined)) add(t, t.weight);
      for (const t of incoming.preferredAntiAffinity) if (termMatchesPod(t, existing, undefined)) add(t, -t.weight);
    }
    const theirs = podAffinityInfo(existing);
    for (const t of theirs.requiredAffinity) if (termMatchesPod(t, pod, nsLabels)) add(t, HARD_POD_AFFINITY_WEIGHT);
    for (const t of theirs.preferredAffinity) if (termMatchesPod(t, pod, nsLabels)) add(t, t.weight);
    for (const t of theirs.preferredAntiAffinity) if (termMatchesPod(t, pod, nsLabels)) add(t, -t.weight);
  }
  return [...sums];
}

/** `Score`: the sums of the node's topology pairs. */
export function scoreNode(scores: TopologyScore, info: NodeInfo): number {
  const labels = nodeLabels(info.node);
  let score = 0;
  for (const [key, byValue] of scores) {
    if (Object.hasOwn(labels, key)) score += byValue.get(labels[key]!) ?? 0;
  }
  return score;
}

/** `NormalizeScore`: min–max scaling to 0–100, computed and truncated as kube's float64 → int64 does. */
export function normalizeTopologyScores(scores: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(100 * ((scores[i]! - min) / diff)) : 0;
}
