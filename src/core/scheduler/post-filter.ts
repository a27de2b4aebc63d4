import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "./cycle-state.js";
import { Status, type Plugin } from "./interface.js";
import type { NodeInfo } from "./node-info.js";

/**
 * What the framework lends a PostFilter plugin for one scheduling cycle (the parts of
 * kube's framework.Handle preemption uses). Valid only during the call.
 */
export interface FrameworkHandle {
  /** Every node of the snapshot. */
  nodeInfos(): readonly NodeInfo[];
  nodeInfo(name: string): NodeInfo | undefined;
  /** The pods nominated to run on a node. */
  nominatedPodsForNode(nodeName: string): readonly Pod[];
  /**
   * This cycle's filters on one node, counting the pods nominated there with a priority
   * at least the pod's (kube's RunFilterPluginsWithNominatedPods): null when the pod fits.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
  /** Tells the PreFilter extensions that `podToAdd` now runs on `nodeInfo` (a copy). */
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, podToAdd: Pod, nodeInfo: NodeInfo): void;
  /** Tells the PreFilter extensions that `podToRemove` no longer runs on `nodeInfo` (a copy). */
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo): void;
  /** Uniform in [0, 1), the scheduler's seeded randomness. */
  rand(): number;
}

/** A PostFilter's outcome (kube's PostFilterResult with its Status). */
export interface PostFilterResult {
  /**
   * Success: the pod may fit once `victims` are gone from `nominatedNodeName`.
   * Unschedulable: its message joins the FailedScheduling message.
   * Error: something went wrong; the message is left out.
   */
  readonly status: Status;
  /** The node to nominate; `""` clears a previous nomination; undefined leaves it as it is. */
  readonly nominatedNodeName?: string;
  /** The pods to preempt for the pod to fit on the nominated node, most important first. */
  readonly victims?: readonly Pod[];
}

/**
 * Runs when no node passes the filters (kube's PostFilter extension point), with every
 * node's filter status. DefaultPreemption is the one kdeck has.
 */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, statuses: ReadonlyMap<string, Status>, handle: FrameworkHandle): PostFilterResult;
}

/** True when the plugin implements PostFilter. */
export function isPostFilterPlugin(p: Plugin): p is PostFilterPlugin {
  return typeof (p as Partial<PostFilterPlugin>).postFilter === "function";
}

/**
 * kube's RunPostFilterPlugins: the first plugin that succeeds (or rejects for good)
 * decides; otherwise the rejections' reasons are joined, and the last nomination any
 * of them asked for stands.
 */
export function runPostFilterPlugins(
  plugins: readonly PostFilterPlugin[],
  state: CycleState,
  pod: Pod,
  statuses: ReadonlyMap<string, Status>,
  handle: FrameworkHandle,
): PostFilterResult {
  const reasons: string[] = [];
  let nominatedNodeName: string | undefined;
  for (const p of plugins) {
    const r = p.postFilter(state, pod, statuses, handle);
    if (r.status.code === "Success" || r.status.code === "UnschedulableAndUnresolvable" || r.status.code === "Error") return r;
    if (r.nominatedNodeName !== undefined) nominatedNodeName = r.nominatedNodeName;
    reasons.push(...r.status.reasons);
  }
  const status = new Status("Unschedulable", ...reasons);
  return nominatedNodeName === undefined ? { status } : { status, nominatedNodeName };
}
