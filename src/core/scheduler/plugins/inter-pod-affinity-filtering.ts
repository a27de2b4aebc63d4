import type { Node, Pod } from "kubernetes-types/core/v1";
import { memoKey, memoOnNode } from "../node-memo.js";
import type { NodeInfo } from "../node-info.js";
import { labelsKey, podAffinityInfo, podMatchesAllTerms, termMatchesPod, termsKey, type AffinityTerm } from "../pod-affinity-terms.js";

/**
 * Matching pods per topology pair: topology key → value → count (kube's
 * `topologyToMatchedTermCount`). Pairs that drop to 0 are removed, so an empty map
 * means no pair at all.
 */
export type TopologyCounts = Map<string, Map<string, number>>;

/** The count of one pair. */
export function countOf(m: ReadonlyMap<string, ReadonlyMap<string, number>>, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

/** A deep copy, for copy-on-write updates. */
export function copyCounts(m: ReadonlyMap<string, ReadonlyMap<string, number>>): TopologyCounts {
  const out: TopologyCounts = new Map();
  for (const [k, v] of m) out.set(k, new Map(v));
  return out;
}

/**
 * InterPodAffinity's PreFilter state (kube's `interpodaffinity.preFilterState`): how many
 * pods match per topology pair, so that the Filter of one node is a few map lookups.
 */
export interface AffinityFilterState {
  /** The incoming pod's required affinity terms, namespaceSelectors resolved. */
  readonly requiredAffinity: readonly AffinityTerm[];
  /** The incoming pod's required anti-affinity terms, namespaceSelectors resolved. */
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  /** The labels of the incoming pod's namespace (existing pods' namespaceSelectors read them). */
  readonly namespaceLabels: Readonly<Record<string, string>> | undefined;
  /** Pairs where existing pods' required anti-affinity terms select the incoming pod. */
  readonly existingAntiAffinityCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Pairs holding pods that match all the incoming pod's required affinity terms. */
  readonly affinityCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Pairs holding pods that match one of the incoming pod's required anti-affinity terms. */
  readonly antiAffinityCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export function nodeLabels(node: Node): Readonly<Record<string, string>> {
  return node.metadata?.labels ?? NO_LABELS;
}

function bump(m: TopologyCounts, node: Node, topologyKey: string, by: number): void {
  const labels = nodeLabels(node);
  const value = labels[topologyKey];
  if (value === undefined) return;
  let byValue = m.get(topologyKey);
  if (byValue === undefined) {
    byValue = new Map();
    m.set(topologyKey, byValue);
  }
  const n = (byValue.get(value) ?? 0) + by;
  // Counts may go down (a pod removed for preemption); an emptied pair is no pair.
  if (n !== 0) {
    byValue.set(value, n);
    return;
  }
  byValue.delete(value);
  if (byValue.size === 0) m.delete(topologyKey);
}

/** `updateWithAntiAffinityTerms`: each term of `terms` that selects `pod` counts on the node's pair. */
export function countAntiAffinityTerms(
  m: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: Readonly<Record<string, string>> | undefined,
  node: Node,
  by: number,
): void {
  for (const t of terms) if (termMatchesPod(t, pod, nsLabels)) bump(m, node, t.topologyKey, by);
}

/** `updateWithAffinityTerms`: when `pod` matches every term, each term counts on the node's pair. */
export function countAffinityTerms(m: TopologyCounts, terms: readonly AffinityTerm[], pod: Pod, node: Node, by: number): void {
  if (!podMatchesAllTerms(terms, pod)) return;
  for (const t of terms) bump(m, node, t.topologyKey, by);
}

const NO_KEYS: readonly (readonly [string, number])[] = Object.freeze([]);

/**
 * Existing pods on these nodes whose required anti-affinity selects the incoming pod, per
 * pair. `nsLabels` is asked for only when some node holds such pods.
 */
export function existingAntiAffinityCounts(pod: Pod, nsLabels: () => Readonly<Record<string, string>> | undefined, nodes: Iterable<NodeInfo>): TopologyCounts {
  const m: TopologyCounts = new Map();
  let key: string | undefined;
  let labels: Readonly<Record<string, string>> | undefined;
  for (const info of nodes) {
    if (info.podsWithRequiredAntiAffinity === 0) continue;
    if (key === undefined) {
      labels = nsLabels();
      key = memoKey(`InterPodAffinity/existingAnti\n${pod.metadata?.namespace ?? ""}\n${labelsKey(pod.metadata?.labels)}\n${labelsKey(labels)}`);
    }
    // Which topology keys of this node the pods' terms close to the incoming pod, and how often.
    const keys = memoOnNode(info, key, () => {
      const byKey = new Map<string, number>();
      for (const existing of info.pods) {
        for (const t of podAffinityInfo(existing).requiredAntiAffinity) {
          if (termMatchesPod(t, pod, labels)) byKey.set(t.topologyKey, (byKey.get(t.topologyKey) ?? 0) + 1);
        }
      }
      return byKey.size === 0 ? NO_KEYS : [...byKey];
    });
    for (const [topologyKey, n] of keys) bump(m, info.node, topologyKey, n);
  }
  return m;
}

/** One node's pods against the incoming pod's required terms (what does not depend on the node's labels). */
interface NodeMatches {
  /** Pods matching every required affinity term. */
  readonly all: number;
  /** Per required anti-affinity term, the pods it selects. */
  readonly anti: readonly number[];
}

const NO_MATCHES: NodeMatches = Object.freeze({ all: 0, anti: Object.freeze([]) });

/** The counts of existing pods matching the incoming pod's required affinity and anti-affinity terms, per pair. */
export function incomingAffinityCounts(
  affinity: readonly AffinityTerm[],
  anti: readonly AffinityTerm[],
  nodes: readonly NodeInfo[],
): { affinityCounts: TopologyCounts; antiAffinityCounts: TopologyCounts } {
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  if (affinity.length === 0 && anti.length === 0) return { affinityCounts, antiAffinityCounts };
  const key = memoKey(`InterPodAffinity/required\n${termsKey(affinity)}\n--\n${termsKey(anti)}`);
  for (let i = 0; i < nodes.length; i++) {
    const info = nodes[i]!;
    if (info.pods.length === 0) continue;
    const matches = memoOnNode(info, key, () => matchOnNode(affinity, anti, info.pods));
    if (matches === NO_MATCHES) continue;
    if (matches.all > 0) for (const t of affinity) bump(affinityCounts, info.node, t.topologyKey, matches.all);
    for (let k = 0; k < anti.length; k++) if (matches.anti[k]! > 0) bump(antiAffinityCounts, info.node, anti[k]!.topologyKey, matches.anti[k]!);
  }
  return { affinityCounts, antiAffinityCounts };
}

function matchOnNode(affinity: readonly AffinityTerm[], anti: readonly AffinityTerm[], pods: readonly Pod[]): NodeMatches {
  let all = 0;
  let any = false;
  const antiCounts = anti.map(() => 0);
  for (const p of pods) {
    if (podMatchesAllTerms(affinity, p)) {
      all++;
      any = true;
    }
    for (let k = 0; k < anti.length; k++) {
      if (termMatchesPod(anti[k]!, p, undefined)) {
        antiCounts[k]!++;
        any = true;
      }
    }
  }
  return any ? { all, anti: antiCounts } : NO_MATCHES;
}

/** `satisfyPodAffinity`: every required term's topology holds a matching pod (or the pod is the first of its kind). */
export function satisfiesPodAffinity(s: AffinityFilterState, pod: Pod, node: Node): boolean {
  if (s.requiredAffinity.length === 0) return true;
  const labels = nodeLabels(node);
  let podsExist = true;
  for (const t of s.requiredAffinity) {
    // Every topology label must be on the node.
    if (!Object.hasOwn(labels, t.topologyKey)) return false;
    if (!(countOf(s.affinityCounts, t.topologyKey, labels[t.topologyKey]!) > 0)) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself must not wait forever: when no pod
  // anywhere matches and the pod matches its own terms, any node with the labels does.
  return s.affinityCounts.size === 0 && podMatchesAllTerms(s.requiredAffinity, pod);
}

/** `satisfyPodAntiAffinity`: no required anti-affinity term's topology holds a pod it selects. */
export function satisfiesPodAntiAffinity(s: AffinityFilterState, node: Node): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = nodeLabels(node);
  for (const t of s.requiredAntiAffinity) {
    const value = labels[t.topologyKey];
    if (value !== undefined && countOf(s.antiAffinityCounts, t.topologyKey, value) > 0) return false;
  }
  return true;
}

/** `satisfyExistingPodsAntiAffinity`: no existing pod's required anti-affinity forbids this node's topologies. */
export function satisfiesExistingPodsAntiAffinity(s: AffinityFilterState, node: Node): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  // kube walks the node's labels; walking the few topology keys in use finds the same pairs.
  const labels = nodeLabels(node);
  for (const [key, byValue] of s.existingAntiAffinityCounts) {
    const value = labels[key];
    if (value !== undefined && (byValue.get(value) ?? 0) > 0) return false;
  }
  return true;
}
