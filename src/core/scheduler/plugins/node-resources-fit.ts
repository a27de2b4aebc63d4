import type { Pod } from "kubernetes-types/core/v1";
import { stateKey, type CycleState } from "../cycle-state.js";
import { MAX_NODE_SCORE, Status, type FilterPlugin, type PreFilterPlugin, type ScorePlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { intDiv } from "../normalize-score.js";
import { podResources, type PodResources } from "../resources.js";

/** The Filter reasons, in the order NodeResourcesFit reports them. */
export const ERR_REASON_TOO_MANY_PODS = "Too many pods";
export const ERR_REASON_INSUFFICIENT_CPU = "Insufficient cpu";
export const ERR_REASON_INSUFFICIENT_MEMORY = "Insufficient memory";

const TOO_MANY_PODS = 1;
const INSUFFICIENT_CPU = 2;
const INSUFFICIENT_MEMORY = 4;

// Every combination of shortfalls, built once: a full cluster rejects most nodes for every pod.
const STATUSES: readonly Status[] = Array.from({ length: 8 }, (_, mask) => {
  const reasons: string[] = [];
  if (mask & TOO_MANY_PODS) reasons.push(ERR_REASON_TOO_MANY_PODS);
  if (mask & INSUFFICIENT_CPU) reasons.push(ERR_REASON_INSUFFICIENT_CPU);
  if (mask & INSUFFICIENT_MEMORY) reasons.push(ERR_REASON_INSUFFICIENT_MEMORY);
  return new Status("Unschedulable", ...reasons);
});

const REQUESTS_KEY = stateKey<PodResources>("PreFilterNodeResourcesFit");

/** The reasons a node cannot hold the pod's requests, as a bit mask (0: it fits). */
export function insufficientResources(requests: PodResources["requests"], nodeInfo: NodeInfo): number {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  let mask = 0;
  if (used.pods + 1 > alloc.pods) mask |= TOO_MANY_PODS;
  if (requests.milliCPU > 0 && requests.milliCPU > alloc.milliCPU - used.milliCPU) mask |= INSUFFICIENT_CPU;
  if (requests.memory > 0 && requests.memory > alloc.memory - used.memory) mask |= INSUFFICIENT_MEMORY;
  return mask;
}

/** `leastRequestedScore`: the free share of one resource after placing the pod, 0 to 100. */
function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return intDiv((capacity - requested) * MAX_NODE_SCORE, capacity);
}

/**
 * Requests against allocatable: a node must have room for the pod's CPU, memory and one
 * more pod. Scores with the LeastAllocated strategy (cpu and memory, weight 1 each), so
 * pods spread across equal nodes.
 */
export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = "NodeResourcesFit";
  readonly weight: number;

  constructor(opts: { weight?: number } = {}) {
    this.weight = opts.weight ?? 1;
  }

  preFilter(state: CycleState, pod: Pod): null {
    state.write(REQUESTS_KEY, podResources(pod));
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const resources = state.read(REQUESTS_KEY) ?? podResources(pod);
    const mask = insufficientResources(resources.requests, nodeInfo);
    return mask === 0 ? null : STATUSES[mask]!;
  }

  /** LeastAllocated over cpu and memory, counting containers without requests at kube-scheduler's defaults. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const resources = state.read(REQUESTS_KEY) ?? podResources(pod);
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.nonZeroRequested;
    let sum = 0;
    let weights = 0;
    if (alloc.milliCPU !== 0) {
      sum += leastRequestedScore(used.milliCPU + resources.nonZeroMilliCPU, alloc.milliCPU);
      weights++;
    }
    if (alloc.memory !== 0) {
      sum += leastRequestedScore(used.memory + resources.nonZeroMemory, alloc.memory);
      weights++;
    }
    return weights === 0 ? 0 : intDiv(sum, weights);
  }
}
