import type { Pod } from "kubernetes-types/core/v1";
import { Rng } from "../engine/rand.js";
import type { SchedulerCache } from "./cache.js";
import { CycleState } from "./cycle-state.js";
import { explainSchedule, type NodeVerdict } from "./explain.js";
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage } from "./fit-error.js";
import { Status, type FilterPlugin, type Plugin } from "./interface.js";
import type { NodeInfo } from "./node-info.js";
import { CycleFilters } from "./nominated-pods.js";
import { PodNominator } from "./nominator.js";
import { isPostFilterPlugin, runPostFilterPlugins, type FrameworkHandle, type PostFilterPlugin } from "./post-filter.js";
import { defaultPlugins } from "./plugins/default-plugins.js";
import { goList, Profile } from "./profile.js";

export type { FilterVerdict, NodeVerdict, ScoreVerdict } from "./explain.js";

/** The outcome of one scheduling cycle. The caller binds (and assumes) a Scheduled pod itself. */
export type ScheduleResult =
  | { status: "Scheduled"; nodeName: string; evaluatedNodes: number; feasibleNodes: number }
  | {
      status: "Unschedulable";
      /** The PodScheduled=False condition's message, as kube-scheduler words it. */
      message: string;
      /** node name → reasons */
      reasons: Map<string, string[]>;
      /** Set by preemption: the node to nominate the pod to, or `""` to clear its nomination. */
      nominatedNodeName?: string;
      /** The pods to preempt on the nominated node (the caller evicts them). */
      victims?: readonly Pod[];
    };

export interface ScheduleOptions {
  /** Uniform in [0, 1): breaks ties between best-scored nodes. Defaults to a generator with a fixed seed. */
  rand?: () => number;
  /** Share of nodes to find feasible before scoring, 1–100; 0 or unset adapts to the cluster size as kube-scheduler does. */
  percentageOfNodesToScore?: number;
  /** The profile's plugins; {@link defaultPlugins} when unset. */
  plugins?: readonly Plugin[];
  /** The pods nominated to nodes, kept by the caller from the pods' status; an empty one when unset. */
  nominator?: PodNominator;
}

/** Below this many nodes every node is evaluated. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to find before the search stops (kube's `numFeasibleNodesToFind`):
 * all of them below 100 nodes; otherwise `percentage` of them (adaptive when 0:
 * 50% − 1% per 125 nodes, at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p === 0) {
    p = 50 - Math.floor(numAllNodes / 125);
    if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.floor((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/**
 * kube-scheduler's scheduling algorithm over the cache: PreFilter, Filter (from a
 * rotating start, stopping once enough feasible nodes are found), PreScore, Score and
 * NormalizeScore, then a random pick among the best. It never binds or assumes:
 * the caller does both with the result.
 */
export class Scheduler {
  private readonly profile: Profile;
  /** Pods nominated to nodes by preemption: filters count them for pods of lower priority. */
  readonly nominator: PodNominator;
  private readonly postFilters: readonly PostFilterPlugin[];
  private readonly rand: () => number;
  private readonly percentage: number;
  private nextStartNodeIndex = 0;
  // Scratch space reused by every cycle, so scheduling a pod allocates little.
  private readonly feasible: NodeInfo[] = [];
  private readonly failedNodes: NodeInfo[] = [];
  private readonly failedStatuses: Status[] = [];
  private scores = new Float64Array(64);
  private totals = new Float64Array(64);

  constructor(
    private readonly cache: SchedulerCache,
    opts: ScheduleOptions = {},
  ) {
    const percentage = opts.percentageOfNodesToScore ?? 0;
    if (!(percentage >= 0 && percentage <= 100)) {
      throw new Error(`percentageOfNodesToScore: Invalid value: ${percentage}: not in valid range [0-100]`);
    }
    this.percentage = Math.floor(percentage);
    this.profile = new Profile(opts.plugins ?? defaultPlugins({ lists: cache }));
    this.postFilters = this.profile.plugins.filter(isPostFilterPlugin);
    this.nominator = opts.nominator ?? new PodNominator();
    if (opts.rand !== undefined) {
      this.rand = opts.rand;
    } else {
      const rng = Rng.fromSeed(0);
      this.rand = () => rng.next();
    }
  }

  /** Picks a node for the pod, or says why none fits. */
  schedule(pod: Pod): ScheduleResult {
    const all = this.cache.nodeInfos();
    if (all.length === 0) return { status: "Unschedulable", message: ERR_NO_NODES_AVAILABLE, reasons: new Map() };

    const state = new CycleState();
    const pre = this.profile.runPreFilter(state, pod, all);
    if (pre.rejection !== undefined) {
      const reasons = new Map<string, string[]>();
      const statuses = new Map<string, Status>();
      for (const n of all) {
        reasons.set(n.name, [...pre.rejection.status.reasons]);
        statuses.set(n.name, pre.rejection.status);
      }
      const message = fitErrorMessage(all.length, [], pre.rejection.status.message());
      return this.postFilter(state, pod, pre.filters, statuses, { status: "Unschedulable", message, reasons });
    }

    let nodes = all;
    if (pre.nodeNames !== undefined) {
      const narrowed: NodeInfo[] = [];
      for (const name of pre.nodeNames) {
        const n = this.cache.nodeInfo(name);
        if (n !== undefined) narrowed.push(n);
      }
      nodes = narrowed;
    }

    // A pod that preempted was nominated to the node it freed: try that node first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated && (pre.nodeNames === undefined || pre.nodeNames.has(nominated))) {
      const info = this.cache.nodeInfo(nominated);
      if (info !== undefined && new CycleFilters(this.profile, pre.filters, this.nominator).runWithNominatedPods(state, pod, info) === null) {
        return { status: "Scheduled", nodeName: nominated, evaluatedNodes: 1, feasibleNodes: 1 };
      }
    }

    const feasible = this.findNodesThatPassFilters(state, pod, pre.filters, nodes);
    this.nextStartNodeIndex = (this.nextStartNodeIndex + feasible.length + this.failedNodes.length) % all.length;

    if (feasible.length === 0) return this.unschedulable(state, pod, pre.filters, all, pre.nodeNames, pre.narrowedBy);
    const evaluatedNodes = feasible.length + this.failedNodes.length;
    if (feasible.length === 1) return { status: "Scheduled", nodeName: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    const best = this.prioritize(state, pod, feasible);
    return { status: "Scheduled", nodeName: best.name, evaluatedNodes, feasibleNodes: feasible.length };
  }

  /** Per node: each filter's verdict and each score, for a later `explain-schedule` command. */
  explain(pod: Pod): NodeVerdict[] {
    return explainSchedule(this.profile, this.cache.nodeInfos(), pod);
  }

  private findNodesThatPassFilters(state: CycleState, pod: Pod, filters: readonly FilterPlugin[], nodes: readonly NodeInfo[]): NodeInfo[] {
    const feasible = this.feasible;
    const failedNodes = this.failedNodes;
    const failedStatuses = this.failedStatuses;
    feasible.length = 0;
    failedNodes.length = 0;
    failedStatuses.length = 0;
    const n = nodes.length;
    const toFind = this.profile.hasScoring() ? numFeasibleNodesToFind(this.percentage, n) : Math.min(1, n);
    const start = this.nextStartNodeIndex;
    let withNominated: CycleFilters | undefined;
    for (let i = 0; i < n && feasible.length < toFind; i++) {
      const node = nodes[(start + i) % n]!;
      let rejected: Status | null = null;
      if (this.nominator.size > 0 && this.nominator.nominatedPodsForNode(node.name).length > 0) {
        withNominated ??= new CycleFilters(this.profile, filters, this.nominator);
        rejected = withNominated.runWithNominatedPods(state, pod, node);
      } else {
        for (let k = 0; k < filters.length; k++) {
          const s = filters[k]!.filter(state, pod, node);
          if (s === null || s.code === "Success") continue;
          if (!s.isRejected()) throw new Error(`running Filter plugin "${filters[k]!.name}": ${s.message()}`);
          rejected = s;
          break;
        }
      }
      if (rejected === null) {
        feasible.push(node);
      } else {
        failedNodes.push(node);
        failedStatuses.push(rejected);
      }
    }
    return feasible;
  }

  /** Scores the feasible nodes and picks one of the best at random. */
  private prioritize(state: CycleState, pod: Pod, feasible: readonly NodeInfo[]): NodeInfo {
    const count = feasible.length;
    if (this.totals.length < count) {
      const size = Math.max(count, this.totals.length * 2);
      this.totals = new Float64Array(size);
      this.scores = new Float64Array(size);
    }
    const totals = this.totals;
    totals.fill(0, 0, count);
    for (const plugin of this.profile.runPreScore(state, pod, feasible)) {
      const scores = this.scores.subarray(0, count);
      for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
      plugin.normalizeScore?.(state, pod, scores);
      const weight = plugin.weight;
      for (let i = 0; i < count; i++) totals[i] += scores[i]! * weight;
    }
    let max = -Infinity;
    let ties = 0;
    for (let i = 0; i < count; i++) {
      const t = totals[i]!;
      if (t > max) {
        max = t;
        ties = 1;
      } else if (t === max) {
        ties++;
      }
    }
    let pick = ties > 1 ? Math.min(ties - 1, Math.floor(this.rand() * ties)) : 0;
    for (let i = 0; i < count; i++) {
      if (totals[i] === max && pick-- === 0) return feasible[i]!;
    }
    return feasible[0]!;
  }

  private unschedulable(
    state: CycleState,
    pod: Pod,
    filters: readonly FilterPlugin[],
    all: readonly NodeInfo[],
    nodeNames: ReadonlySet<string> | undefined,
    narrowedBy: readonly string[],
  ): ScheduleResult {
    const reasons = new Map<string, string[]>();
    const statuses = new Map<string, Status>();
    for (let i = 0; i < this.failedNodes.length; i++) {
      reasons.set(this.failedNodes[i]!.name, [...this.failedStatuses[i]!.reasons]);
      statuses.set(this.failedNodes[i]!.name, this.failedStatuses[i]!);
    }
    if (nodeNames !== undefined) {
      // Nodes a PreFilter ruled out were never filtered; they count under one reason.
      const absent = `node(s) didn't satisfy plugin(s) ${goList(narrowedBy)}`;
      const status = new Status("UnschedulableAndUnresolvable", absent);
      for (const n of all) {
        if (reasons.has(n.name)) continue;
        reasons.set(n.name, [absent]);
        statuses.set(n.name, status);
      }
    }
    return this.postFilter(state, pod, filters, statuses, { status: "Unschedulable", message: fitErrorMessage(all.length, reasons.values()), reasons });
  }

  /**
   * The PostFilter extension point (preemption) for a pod no node fits: its message
   * joins the FailedScheduling message, and it may nominate the pod to a node once
   * victims are gone.
   */
  private postFilter(
    state: CycleState,
    pod: Pod,
    filters: readonly FilterPlugin[],
    statuses: ReadonlyMap<string, Status>,
    result: Extract<ScheduleResult, { status: "Unschedulable" }>,
  ): ScheduleResult {
    if (this.postFilters.length === 0) return result;
    const r = runPostFilterPlugins(this.postFilters, state, pod, statuses, this.handle(new CycleFilters(this.profile, filters, this.nominator)));
    const post = r.status.code === "Error" ? "" : r.status.message();
    return {
      ...result,
      message: post ? `${result.message} ${post}.` : result.message,
      ...(r.nominatedNodeName !== undefined ? { nominatedNodeName: r.nominatedNodeName } : {}),
      ...(r.victims !== undefined && r.victims.length > 0 ? { victims: r.victims } : {}),
    };
  }

  /** What a PostFilter plugin may use during this cycle. */
  private handle(filters: CycleFilters): FrameworkHandle {
    return {
      nodeInfos: () => this.cache.nodeInfos(),
      nodeInfo: (name) => this.cache.nodeInfo(name),
      nominatedPodsForNode: (name) => this.nominator.nominatedPodsForNode(name),
      runFilterPluginsWithNominatedPods: (state, pod, nodeInfo) => filters.runWithNominatedPods(state, pod, nodeInfo),
      runPreFilterExtensionAddPod: (state, pod, other, nodeInfo) => filters.addPod(state, pod, other, nodeInfo),
      runPreFilterExtensionRemovePod: (state, pod, other, nodeInfo) => filters.removePod(state, pod, other, nodeInfo),
      rand: this.rand,
    };
  }
}
