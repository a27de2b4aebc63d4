import type { Plugin } from "../interface.js";
import { DefaultPreemption, type PreemptionDeps } from "../preemption/default-preemption.js";
import type { SnapshotLists, SchedulingListers } from "../listers.js";
import { InterPodAffinity } from "./inter-pod-affinity.js";
import { NodeAffinity } from "./node-affinity.js";
import { NodeName } from "./node-name.js";
import { NodeResourcesBalancedAllocation } from "./node-resources-balanced-allocation.js";
import { NodeResourcesFit } from "./node-resources-fit.js";
import { NodeUnschedulable } from "./node-unschedulable.js";
import { PodTopologySpread } from "./pod-topology-spread.js";
import { TaintToleration } from "./taint-toleration.js";
import { VolumeBinding, type VolumeListers } from "./volume-binding.js";

/** What plugins that read more than the node snapshot are given. */
export interface PluginDeps {
  /** Claims, volumes and classes for VolumeBinding; without them the plugin is left out. */
  volumes?: VolumeListers;
  /**
   * Namespaces, Services and controllers for InterPodAffinity (namespaceSelector) and
   * PodTopologySpread (the default constraints); without them neither looks beyond the
   * node snapshot.
   */
  listers?: SchedulingListers;
  /** The scheduler cache's nodes with affinity pods: InterPodAffinity then skips the others. */
  lists?: SnapshotLists;
  /** PodDisruptionBudgets and the clock for DefaultPreemption; without them the plugin is left out. */
  preemption?: PreemptionDeps;
}

/**
 * kube-scheduler's default profile, in its order (Filters run in this order and stop at
 * the first rejection, which decides the reason a node reports). Later plugins (pod
 * affinity, topology spread, preemption) are added to this list, nowhere else.
 */
export function defaultPlugins(deps: PluginDeps = {}): Plugin[] {
  return [
    new NodeUnschedulable(),
    new NodeName(),
    new TaintToleration({ weight: 3 }),
    new NodeAffinity({ weight: 2 }),
    new NodeResourcesFit({ weight: 1 }),
    ...(deps.volumes ? [new VolumeBinding(deps.volumes)] : []),
    new PodTopologySpread({ weight: 2, listers: deps.listers, lists: deps.lists }),
    new InterPodAffinity({ weight: 2, listers: deps.listers, lists: deps.lists }),
    ...(deps.preemption ? [new DefaultPreemption(deps.preemption)] : []),
    new NodeResourcesBalancedAllocation({ weight: 1 }),
  ];
}
