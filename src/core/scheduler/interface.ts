import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "./cycle-state.js";
import type { NodeInfo } from "./node-info.js";

/**
 * Status codes as kube-scheduler's framework uses them. `Unschedulable` may be resolved by
 * preempting pods on the node; `UnschedulableAndUnresolvable` may not.
 */
export type StatusCode = "Success" | "Error" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Skip";

/** A plugin's verdict with the reasons a user reads in the FailedScheduling message. */
export class Status {
  readonly reasons: readonly string[];

  constructor(
    readonly code: StatusCode,
    ...reasons: string[]
  ) {
    this.reasons = Object.freeze(reasons);
    Object.freeze(this);
  }

  /** The reasons joined as kube-scheduler joins them. */
  message(): string {
    return this.reasons.join(", ");
  }

  /** True for both unschedulable codes. */
  isRejected(): boolean {
    return this.code === "Unschedulable" || this.code === "UnschedulableAndUnresolvable";
  }

  /** PreFilter/PreScore's "nothing to do for this pod": the matching Filter/Score is not run. */
  static readonly skip = new Status("Skip");
}

/** Any scheduler plugin. A plugin implements one or more extension-point interfaces below. */
export interface Plugin {
  /** The name Kubernetes gives the plugin (`NodeResourcesFit`), shown in explanations. */
  readonly name: string;
}

/** A PreFilter's narrowing of the nodes worth filtering (kube's PreFilterResult). */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string>;
}

/**
 * Runs once per pod before any Filter: precomputes what the Filter needs (into the cycle
 * state), may reject the pod outright, skip its own Filter, or narrow the nodes.
 * Returns null for "go on", a Status (Skip or a rejection), or a PreFilterResult.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | PreFilterResult | null;
}

/** Decides whether one node can run the pod: null when it can, a rejecting Status when not. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
}

/**
 * Runs once per pod before scoring, over the feasible nodes. Returns Status.skip when its
 * Score has nothing to say about this pod. `nodes` is only valid during the call.
 */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null;
}

/** Ranks feasible nodes. Scores end in [0, 100] after normalising, and are multiplied by `weight`. */
export interface ScorePlugin extends Plugin {
  readonly weight: number;
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescales the raw scores of all scored nodes in place (kube's ScoreExtensions.NormalizeScore). */
  normalizeScore?(state: CycleState, pod: Pod, scores: Float64Array): void;
}

/** The highest score a node can get from one plugin (`framework.MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

// Type guards sorting a profile's plugins into the extension points they implement.

/** True when the plugin implements PreFilter. */
export function isPreFilterPlugin(p: Plugin): p is PreFilterPlugin {
  return typeof (p as Partial<PreFilterPlugin>).preFilter === "function";
}
/** True when the plugin implements Filter. */
export function isFilterPlugin(p: Plugin): p is FilterPlugin {
  return typeof (p as Partial<FilterPlugin>).filter === "function";
}
/** True when the plugin implements PreScore. */
export function isPreScorePlugin(p: Plugin): p is PreScorePlugin {
  return typeof (p as Partial<PreScorePlugin>).preScore === "function";
}
/** True when the plugin implements Score. */
export function isScorePlugin(p: Plugin): p is ScorePlugin {
  return typeof (p as Partial<ScorePlugin>).score === "function";
}

/**
 * A PreFilter plugin's incremental updates (kube's PreFilterExtensions): when preemption
 * or nominated pods add a pod to, or remove one from, a copy of a node, the plugin updates
 * what its PreFilter stored in the (copied) cycle state so its Filter sees the change.
 * It must replace the state it changes rather than change it in place: copies of the
 * cycle state share values.
 */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, nodeInfo: NodeInfo): Status | null | void;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, nodeInfo: NodeInfo): Status | null | void;
}

/** True when the plugin implements PreFilterExtensions. */
export function hasPreFilterExtensions(p: Plugin): p is Plugin & PreFilterExtensions {
  const e = p as Partial<PreFilterExtensions>;
  return typeof e.addPod === "function" && typeof e.removePod === "function";
}
