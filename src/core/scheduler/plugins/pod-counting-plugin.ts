import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../cycle-state.js";
import type { PreFilterExtensions } from "../interface.js";
import type { SchedulingListers, SnapshotLists } from "../listers.js";
import type { NodeInfo } from "../node-info.js";

/** Options of a plugin that counts pods over the nodes' topology. */
export interface PodCountingPluginOptions {
  /** Score weight (default 2). */
  weight?: number;
  listers?: SchedulingListers;
  /** Must be those of the cache whose nodes the framework passes; without them every node is looked at every cycle. */
  lists?: SnapshotLists;
}

/**
 * What InterPodAffinity and PodTopologySpread share: a score weight, the listers and
 * snapshot lists they count pods with, and PreFilterExtensions that recount the
 * cycle's state as if one pod were added to (+1) or removed from (-1) a node, for
 * preemption's what-ifs. The state is replaced, never changed in place, so a copy of the
 * cycle state taken before keeps its own counts.
 */
export abstract class PodCountingPlugin implements PreFilterExtensions {
  readonly weight: number;
  protected readonly listers: SchedulingListers | undefined;
  protected readonly lists: SnapshotLists | undefined;

  constructor(opts: PodCountingPluginOptions = {}) {
    this.weight = opts.weight ?? 2;
    this.listers = opts.listers;
    this.lists = opts.lists;
  }

  /** PreFilterExtensions.AddPod: the cycle's counts as if `added` ran on the node. */
  addPod(state: CycleState, pod: Pod, added: Pod, nodeInfo: NodeInfo): void {
    this.updateWithPod(state, pod, added, nodeInfo, 1);
  }

  /** PreFilterExtensions.RemovePod: the cycle's counts as if `removed` were gone from the node. */
  removePod(state: CycleState, pod: Pod, removed: Pod, nodeInfo: NodeInfo): void {
    this.updateWithPod(state, pod, removed, nodeInfo, -1);
  }

  /** Writes the cycle's new state with `other` counted `by` times more on `nodeInfo`'s node. */
  protected abstract updateWithPod(state: CycleState, pod: Pod, other: Pod, nodeInfo: NodeInfo, by: 1 | -1): void;
}
