import type { Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import { stateKey, type CycleState } from "../cycle-state.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { defaultNormalizeScore } from "../normalize-score.js";
import { isDoNotScheduleEffect, tolerationsTolerateTaint } from "../taints.js";

/** The Filter reason for a NoSchedule/NoExecute taint the pod does not tolerate. */
export function errReasonUntoleratedTaint(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
}

/** Tolerations that can matter for each extension point, picked once per pod. */
interface TolerationState {
  readonly tolerations: readonly Toleration[];
}

const FILTER_KEY = stateKey<TolerationState>("PreFilterTaintToleration");
const SCORE_KEY = stateKey<TolerationState>("PreScoreTaintToleration");
const MAX_CACHED_STATUSES = 1024;

/**
 * Taints and tolerations: a node's NoSchedule and NoExecute taints keep off pods that do
 * not tolerate them (node.kubernetes.io/not-ready and unreachable included, which is how
 * NotReady nodes are avoided); untolerated PreferNoSchedule taints only lower a node's score.
 */
export class TaintToleration implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "TaintToleration";
  readonly weight: number;
  // Clusters carry few distinct taints; one Status each spares an allocation per rejected node.
  private readonly statuses = new Map<string, Status>();

  constructor(opts: { weight?: number } = {}) {
    this.weight = opts.weight ?? 3;
  }

  preFilter(state: CycleState, pod: Pod): null {
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || isDoNotScheduleEffect(t.effect));
    state.write(FILTER_KEY, { tolerations });
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return null;
    const tolerations = state.read(FILTER_KEY)?.tolerations ?? pod.spec?.tolerations;
    for (const taint of taints) {
      if (isDoNotScheduleEffect(taint.effect) && !tolerationsTolerateTaint(tolerations, taint)) return this.statusFor(taint);
    }
    return null;
  }

  preScore(state: CycleState, pod: Pod): null {
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
    state.write(SCORE_KEY, { tolerations });
    return null;
  }

  /** The number of PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return 0;
    const tolerations = state.read(SCORE_KEY)?.tolerations ?? pod.spec?.tolerations;
    let count = 0;
    for (const taint of taints) {
      if (taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, taint)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: Float64Array): void {
    defaultNormalizeScore(scores, true);
  }

  private statusFor(taint: Taint): Status {
    const key = `${taint.key}\u0000${taint.value ?? ""}`;
    let status = this.statuses.get(key);
    if (status === undefined) {
      status = new Status("UnschedulableAndUnresolvable", errReasonUntoleratedTaint(taint));
      if (this.statuses.size >= MAX_CACHED_STATUSES) this.statuses.clear();
      this.statuses.set(key, status);
    }
    return status;
  }
}
