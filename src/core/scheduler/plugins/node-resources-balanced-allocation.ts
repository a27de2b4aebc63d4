import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../cycle-state.js";
import { MAX_NODE_SCORE, Status, type PreScorePlugin, type ScorePlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { podResources } from "../resources.js";

/**
 * Favours nodes whose CPU and memory would be used in similar proportions after placing
 * the pod: score = (1 - std of the two fractions) × 100, on actual requests. Best-effort
 * pods are not scored (kubernetes#129138: they would all pile onto one node).
 */
export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = "NodeResourcesBalancedAllocation";
  readonly weight: number;

  constructor(opts: { weight?: number } = {}) {
    this.weight = opts.weight ?? 1;
  }

  preScore(_state: CycleState, pod: Pod): Status | null {
    const r = podResources(pod).requests;
    return r.milliCPU === 0 && r.memory === 0 ? Status.skip : null;
  }

  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const r = podResources(pod).requests;
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    let first = -1;
    let second = -1;
    if (alloc.milliCPU !== 0) first = Math.min(1, (used.milliCPU + r.milliCPU) / alloc.milliCPU);
    if (alloc.memory !== 0) {
      const f = Math.min(1, (used.memory + r.memory) / alloc.memory);
      if (first < 0) first = f;
      else second = f;
    }
    // With one resource (or none) there is nothing to balance: the deviation is zero.
    const std = second < 0 ? 0 : Math.abs((first - second) / 2);
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}
