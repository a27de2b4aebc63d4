import type { Pod } from "kubernetes-types/core/v1";
import { stateKey, type CycleState } from "../cycle-state.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { PodCountingPlugin } from "./pod-counting-plugin.js";
import { podAffinityInfo, resolveNamespaces } from "../pod-affinity-terms.js";
import { TopologySums } from "../topology-sums.js";
import {
  copyCounts,
  countAffinityTerms,
  countAntiAffinityTerms,
  existingAntiAffinityCounts,
  incomingAffinityCounts,
  satisfiesExistingPodsAntiAffinity,
  satisfiesPodAffinity,
  satisfiesPodAntiAffinity,
  type AffinityFilterState,
} from "./inter-pod-affinity-filtering.js";
import { normalizeTopologyScores, scoreNode, topologyScores, type TopologyScore } from "./inter-pod-affinity-scoring.js";

/** A node whose topology holds no pod the incoming pod's required affinity asks for. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** A node whose topology holds a pod the incoming pod's required anti-affinity forbids. */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
/** A node whose topology holds a pod whose required anti-affinity forbids the incoming pod. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

// Affinity cannot be fixed by preemption (removing pods never adds the pod it needs);
// anti-affinity can (the pod in the way may be a victim).
const AFFINITY_MISMATCH = new Status("UnschedulableAndUnresolvable", ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const ANTI_AFFINITY_MISMATCH = new Status("Unschedulable", ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const EXISTING_ANTI_AFFINITY_MISMATCH = new Status("Unschedulable", ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);

const FILTER_KEY = stateKey<AffinityFilterState>("PreFilterInterPodAffinity");
const SCORE_KEY = stateKey<TopologyScore>("PreScoreInterPodAffinity");
const ALL_NODES_KEY = stateKey<readonly NodeInfo[]>("InterPodAffinity/allNodes");

/**
 * `spec.affinity.podAffinity` and `podAntiAffinity` (kube's InterPodAffinity): required
 * terms filter nodes by the pods in each node's topology (same hostname, zone or any
 * label value), the existing pods' required anti-affinity keeps the incoming pod away
 * from them, and preferred terms (both ways) rank nodes.
 */
export class InterPodAffinity extends PodCountingPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "InterPodAffinity";
  private readonly sums = new TopologySums();

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    // Scoring looks at every node, not only the feasible ones it is given.
    state.write(ALL_NODES_KEY, nodes);
    const info = podAffinityInfo(pod);
    const requiredAffinity = info.requiredAffinity.map((t) => resolveNamespaces(t, this.listers));
    const requiredAntiAffinity = info.requiredAntiAffinity.map((t) => resolveNamespaces(t, this.listers));
    let namespaceLabels: Readonly<Record<string, string>> | undefined;
    let looked = false;
    const lookUp = (): Readonly<Record<string, string>> | undefined => {
      if (!looked) namespaceLabels = this.listers?.namespaceLabels(pod.metadata?.namespace ?? "");
      looked = true;
      return namespaceLabels;
    };
    const existing = existingAntiAffinityCounts(pod, lookUp, this.lists?.havePodsWithRequiredAntiAffinity() ?? nodes);
    if (existing.size === 0 && requiredAffinity.length === 0 && requiredAntiAffinity.length === 0) return Status.skip;
    const { affinityCounts, antiAffinityCounts } = incomingAffinityCounts(requiredAffinity, requiredAntiAffinity, nodes);
    state.write(FILTER_KEY, {
      requiredAffinity,
      requiredAntiAffinity,
      namespaceLabels: lookUp(),
      existingAntiAffinityCounts: existing,
      affinityCounts,
      antiAffinityCounts,
    });
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.read(FILTER_KEY);
    if (s === undefined) return null;
    if (!satisfiesPodAffinity(s, pod, nodeInfo.node)) return AFFINITY_MISMATCH;
    if (!satisfiesPodAntiAffinity(s, nodeInfo.node)) return ANTI_AFFINITY_MISMATCH;
    if (!satisfiesExistingPodsAntiAffinity(s, nodeInfo.node)) return EXISTING_ANTI_AFFINITY_MISMATCH;
    return null;
  }

  protected updateWithPod(state: CycleState, pod: Pod, other: Pod, nodeInfo: NodeInfo, by: 1 | -1): void {
    const s = state.read(FILTER_KEY);
    if (s === undefined) return;
    const existing = copyCounts(s.existingAntiAffinityCounts);
    const affinityCounts = copyCounts(s.affinityCounts);
    const antiAffinityCounts = copyCounts(s.antiAffinityCounts);
    countAntiAffinityTerms(existing, podAffinityInfo(other).requiredAntiAffinity, pod, s.namespaceLabels, nodeInfo.node, by);
    countAffinityTerms(affinityCounts, s.requiredAffinity, other, nodeInfo.node, by);
    countAntiAffinityTerms(antiAffinityCounts, s.requiredAntiAffinity, other, undefined, nodeInfo.node, by);
    state.write(FILTER_KEY, { ...s, existingAntiAffinityCounts: existing, affinityCounts, antiAffinityCounts });
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return null;
    const info = podAffinityInfo(pod);
    const scores = topologyScores(
      {
        pod,
        preferredAffinity: info.preferredAffinity.map((t) => resolveNamespaces(t, this.listers)),
        preferredAntiAffinity: info.preferredAntiAffinity.map((t) => resolveNamespaces(t, this.listers)),
        namespaceLabels: this.listers?.namespaceLabels(pod.metadata?.namespace ?? ""),
      },
      state.read(ALL_NODES_KEY) ?? nodes,
      this.sums,
      this.lists,
    );
    if (scores === undefined) return Status.skip;
    state.write(SCORE_KEY, scores);
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const scores = state.read(SCORE_KEY);
    return scores === undefined ? 0 : scoreNode(scores, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: Float64Array): void {
    if ((state.read(SCORE_KEY)?.size ?? 0) === 0) return;
    normalizeTopologyScores(scores);
  }
}
