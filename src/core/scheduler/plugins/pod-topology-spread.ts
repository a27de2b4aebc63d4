import type { Pod } from "kubernetes-types/core/v1";
import { stateKey, type CycleState } from "../cycle-state.js";
import { MAX_NODE_SCORE, Status, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../interface.js";
import { selectorMatches } from "../label-selector.js";
import type { NodeInfo } from "../node-info.js";
import { PodCountingPlugin } from "./pod-counting-plugin.js";
import { RequiredNodeAffinity } from "../node-selector.js";
import { intDiv } from "../normalize-score.js";
import { SpreadCounts, type DomainCounts, type NodeShare } from "./pod-topology-spread-counts.js";
import {
  countMatchingPods,
  LABEL_HOSTNAME,
  nodeHasAllTopologyKeys,
  nodeIncluded,
  podConstraints,
  type SpreadConstraint,
} from "./pod-topology-spread-common.js";

/** A node whose domain would exceed a DoNotSchedule constraint's maxSkew. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** A node without a DoNotSchedule constraint's topology label. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const SKEW_TOO_HIGH = new Status("Unschedulable", ERR_REASON_CONSTRAINTS_NOT_MATCH);
const MISSING_LABEL = new Status("UnschedulableAndUnresolvable", ERR_REASON_NODE_LABEL_NOT_MATCH);
/** What Score returns for a node missing a topology label: NormalizeScore gives it 0. */
export const INVALID_SCORE = -1;

/** PreFilter state: matching pods per domain of each DoNotSchedule constraint, and each one's smallest domain. */
interface FilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: topology value → matching pods, over the eligible domains. */
  readonly matchNum: readonly ReadonlyMap<string, number>[];
  /** Per constraint: the fewest matching pods of any eligible domain (the global minimum). */
  readonly minMatchNum: readonly number[];
}

/** PreScore state (kube's `preScoreState`). */
interface ScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** Feasible nodes lacking a topology label (own constraints only): scored 0. */
  readonly ignoredNodes: ReadonlySet<string>;
  /** Per constraint: topology value → matching pods; hostname constraints are counted per node in Score. */
  readonly podCounts: readonly ReadonlyMap<string, number>[];
  /** Per constraint: log(domains + 2), so small topologies weigh as much as large ones. */
  readonly weights: readonly number[];
  /** Per hostname constraint, when kept between cycles: matching pods per hostname, read in Score. */
  readonly hostCounts: readonly (DomainCounts | undefined)[];
}

const FILTER_KEY = stateKey<FilterState>("PreFilterPodTopologySpread");
const SCORE_KEY = stateKey<ScoreState>("PreScorePodTopologySpread");
const ALL_NODES_KEY = stateKey<readonly NodeInfo[]>("PodTopologySpread/allNodes");

/** True when the pod's nodeSelector or required node affinity can exclude nodes. */
function hasRequiredNodeAffinity(pod: Pod): boolean {
  return Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 || pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

const NOT_COUNTED: NodeShare = Object.freeze({ value: undefined, count: 0 });

function minOf(m: ReadonlyMap<string, number>): number {
  let min = Infinity;
  for (const v of m.values()) if (v < min) min = v;
  return min;
}

/**
 * `spec.topologySpreadConstraints` (kube's PodTopologySpread): DoNotSchedule constraints
 * filter out nodes whose domain would exceed maxSkew over the least-loaded domain
 * (`minDomains` counting missing domains as empty); ScheduleAnyway constraints, and the
 * system defaults for pods of Services and controllers, prefer the emptier domains.
 */
export class PodTopologySpread extends PodCountingPlugin implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "PodTopologySpread";
  private readonly counts = new SpreadCounts();

  /**
   * Matching pods per domain of constraint `c`, over the nodes that count: those having
   * every key of `requiredKeys` (when given; otherwise a missing label is the domain "")
   * and admitted by the constraint's node inclusion policies.
   */
  private domainTotals(
    c: SpreadConstraint,
    pod: Pod,
    nodes: readonly NodeInfo[],
    requiredKeys: readonly SpreadConstraint[] | undefined,
    required: RequiredNodeAffinity,
  ): ReadonlyMap<string, number> {
    const namespace = pod.metadata?.namespace ?? "";
    const share = (info: NodeInfo, included: boolean): NodeShare => {
      const node = info.node;
      if (requiredKeys !== undefined && !nodeHasAllTopologyKeys(node, requiredKeys)) return NOT_COUNTED;
      if (!included) return NOT_COUNTED;
      return { value: node.metadata?.labels?.[c.topologyKey] ?? "", count: countMatchingPods(info, c, namespace) };
    };
    // When the inclusion policies admit every node, the answer does not depend on the pod: keep it between cycles.
    const podIndependent = c.nodeTaintsPolicy === "Ignore" && (c.nodeAffinityPolicy === "Ignore" || !hasRequiredNodeAffinity(pod));
    if (this.lists !== undefined && podIndependent) {
      const key = `${c.countKey}\n${c.topologyKey}\n${requiredKeys === undefined ? "*" : requiredKeys.map((k) => k.topologyKey).join(",")}`;
      return this.counts.counts(key, nodes, this.lists, (info) => share(info, true)).totals;
    }
    const totals = new Map<string, number>();
    for (const info of nodes) {
      const { value, count } = share(info, nodeIncluded(c, pod, info.node, required));
      if (value !== undefined) totals.set(value, (totals.get(value) ?? 0) + count);
    }
    return totals;
  }

  /** Matching pods per hostname over every node (Score applies no inclusion policy to it), kept between cycles. */
  private hostCounts(c: SpreadConstraint, pod: Pod, nodes: readonly NodeInfo[]): DomainCounts | undefined {
    if (this.lists === undefined) return undefined;
    const namespace = pod.metadata?.namespace ?? "";
    return this.counts.counts(`${c.countKey}\n${c.topologyKey}\nhost`, nodes, this.lists, (info) => ({
      value: info.node.metadata?.labels?.[c.topologyKey] ?? "",
      count: countMatchingPods(info, c, namespace),
    }));
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    state.write(ALL_NODES_KEY, nodes);
    const constraints = podConstraints(pod, "DoNotSchedule", this.listers);
    if (constraints.length === 0) return Status.skip;
    const required = new RequiredNodeAffinity(pod);
    // A node counts for a constraint only when it has every constraint's topology label.
    const matchNum = constraints.map((c) => this.domainTotals(c, pod, nodes, constraints, required));
    state.write(FILTER_KEY, { constraints, matchNum, minMatchNum: matchNum.map(minOf) });
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const s = state.read(FILTER_KEY);
    if (s === undefined || s.constraints.length === 0) return null;
    const labels = nodeInfo.node.metadata?.labels ?? {};
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      if (!Object.hasOwn(labels, c.topologyKey)) return MISSING_LABEL;
      const domains = s.matchNum[i]!;
      // Fewer eligible domains than minDomains: the missing ones count as empty.
      const minMatchNum = domains.size < c.minDomains ? 0 : s.minMatchNum[i]!;
      const selfMatchNum = selectorMatches(c.selector, pod.metadata?.labels) ? 1 : 0;
      const skew = (domains.get(labels[c.topologyKey]!) ?? 0) + selfMatchNum - minMatchNum;
      if (skew > c.maxSkew) return SKEW_TOO_HIGH;
    }
    return null;
  }

  protected updateWithPod(state: CycleState, pod: Pod, other: Pod, nodeInfo: NodeInfo, by: 1 | -1): void {
    const s = state.read(FILTER_KEY);
    const node = nodeInfo.node;
    if (s === undefined || other.metadata?.namespace !== pod.metadata?.namespace || !nodeHasAllTopologyKeys(node, s.constraints)) return;
    const required = new RequiredNodeAffinity(pod);
    const matchNum = [...s.matchNum];
    const minMatchNum = [...s.minMatchNum];
    s.constraints.forEach((c, i) => {
      if (!selectorMatches(c.selector, other.metadata?.labels) || !nodeIncluded(c, pod, node, required)) return;
      const value = node.metadata!.labels![c.topologyKey]!;
      const m = new Map(matchNum[i]!);
      m.set(value, (m.get(value) ?? 0) + by);
      matchNum[i] = m;
      minMatchNum[i] = minOf(m);
    });
    state.write(FILTER_KEY, { constraints: s.constraints, matchNum, minMatchNum });
  }

  preScore(state: CycleState, pod: Pod, filtered: readonly NodeInfo[]): Status | null {
    const all = state.read(ALL_NODES_KEY) ?? filtered;
    if (all.length === 0) return Status.skip;
    const constraints = podConstraints(pod, "ScheduleAnyway", this.listers);
    if (constraints.length === 0) return Status.skip;
    // Only a pod's own constraints require every topology label: nodes without a zone
    // label are still spread by hostname under the system defaults.
    const requireAll = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0;
    const ignoredNodes = new Set<string>();
    const podCounts = constraints.map(() => new Map<string, number>());
    for (const info of filtered) {
      if (requireAll && !nodeHasAllTopologyKeys(info.node, constraints)) {
        ignoredNodes.add(info.name);
        continue;
      }
      const labels = info.node.metadata?.labels ?? {};
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const value = labels[c.topologyKey] ?? "";
        if (!podCounts[i]!.has(value)) podCounts[i]!.set(value, 0);
      });
    }
    const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignoredNodes.size : podCounts[i]!.size) + 2));
    const required = new RequiredNodeAffinity(pod);
    constraints.forEach((c, i) => {
      // Hostname is counted per node in Score; other domains over every node, and only
      // those some feasible node is in matter.
      const counts = podCounts[i]!;
      if (c.topologyKey === LABEL_HOSTNAME || counts.size === 0) return;
      const totals = this.domainTotals(c, pod, all, requireAll ? constraints : undefined, required);
      for (const value of counts.keys()) counts.set(value, totals.get(value) ?? 0);
    });
    const hostCounts = constraints.map((c) => (c.topologyKey === LABEL_HOSTNAME ? this.hostCounts(c, pod, all) : undefined));
    state.write(SCORE_KEY, { constraints, ignoredNodes, podCounts, weights, hostCounts });
    return null;
  }

  /** The node's domains' matching pods, weighted (fewer is better); {@link INVALID_SCORE} for an ignored node. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read(SCORE_KEY);
    if (s === undefined) return 0;
    if (s.ignoredNodes.has(nodeInfo.name)) return INVALID_SCORE;
    const labels = nodeInfo.node.metadata?.labels ?? {};
    const namespace = pod.metadata?.namespace ?? "";
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!Object.hasOwn(labels, c.topologyKey)) return;
      const value = labels[c.topologyKey]!;
      let count: number;
      if (c.topologyKey !== LABEL_HOSTNAME) {
        count = s.podCounts[i]!.get(value) ?? 0;
      } else {
        // The node's own pods; a hostname shared by two nodes is counted on the node itself.
        const kept = s.hostCounts[i];
        count = kept !== undefined && kept.nodesIn(value) === 1 ? kept.totals.get(value)! : countMatchingPods(nodeInfo, c, namespace);
      }
      // maxSkew − 1 waters down small differences, as maxSkew tolerates them.
      score += count * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  /** Fewest matching pods → 100: `100 × (max + min − score) / max`, ignored nodes 0. */
  normalizeScore(state: CycleState, _pod: Pod, scores: Float64Array): void {
    if (state.read(SCORE_KEY) === undefined) return;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (s === INVALID_SCORE) continue;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (s === INVALID_SCORE) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = intDiv(MAX_NODE_SCORE * (max + min - s), max);
    }
  }
}
