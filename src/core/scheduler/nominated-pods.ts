import type { Pod } from "kubernetes-types/core/v1";
import { podPriority } from "../api/priority.js";
import type { CycleState } from "./cycle-state.js";
import { hasPreFilterExtensions, type FilterPlugin, type Plugin, type PreFilterExtensions, type Status } from "./interface.js";
import { MutableNodeInfo, type NodeInfo, type PodEntry } from "./node-info.js";
import type { PodNominator } from "./nominator.js";
import type { Profile } from "./profile.js";
import { podResources } from "./resources.js";

/** The cache's accounting of one pod on a node. */
export function podEntry(pod: Pod, nodeName: string): PodEntry {
  return { key: `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`, pod, nodeName, resources: podResources(pod), assumed: false };
}

/** A private copy of a node's snapshot, for what-if evaluations to add pods to and remove pods from. */
export function cloneNodeInfo(info: NodeInfo): MutableNodeInfo {
  const copy = new MutableNodeInfo(info.node);
  for (const pod of info.pods) copy.addPod(podEntry(pod, info.name));
  return copy;
}

function samePod(a: Pod, b: Pod): boolean {
  const ua = a.metadata?.uid;
  if (ua && ua === b.metadata?.uid) return true;
  return a.metadata?.name === b.metadata?.name && a.metadata?.namespace === b.metadata?.namespace;
}

function check(plugin: string, point: string, s: Status | null | void): void {
  if (s && s.code !== "Success") throw new Error(`running ${point} of PreFilter plugin "${plugin}": ${s.message()}`);
}

/**
 * One scheduling cycle's filters as the framework and preemption run them on a node:
 * plainly, or counting the pods nominated there (kube's RunFilterPluginsWithNominatedPods),
 * with the PreFilter extensions that keep a copied cycle state in step with a copied node.
 */
export class CycleFilters {
  private readonly extensions: readonly (Plugin & PreFilterExtensions)[];

  constructor(
    private readonly profile: Profile,
    private readonly filters: readonly FilterPlugin[],
    private readonly nominator: PodNominator,
  ) {
    const active = new Set(filters.map((f) => f.name));
    this.extensions = profile.preFilterPlugins.filter((p): p is typeof p & PreFilterExtensions => hasPreFilterExtensions(p) && active.has(p.name));
  }

  /** The filters on one node, in order; the first rejection (null: the pod fits). */
  run(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    return this.profile.runFilters(this.filters, state, pod, nodeInfo)?.status ?? null;
  }

  /**
   * The filters with the node's nominated pods of at least the pod's priority counted as
   * running (the pod must not take room freed for them), then, if that passes, without
   * them (filters like pod affinity may need them absent). Lower-priority nominations
   * are ignored: the pod may take their room.
   */
  runWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const nominated = this.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.run(state, pod, nodeInfo);
    const priority = podPriority(pod);
    let copy: MutableNodeInfo | undefined;
    let stateCopy: CycleState | undefined;
    for (const other of nominated) {
      if (samePod(other, pod) || podPriority(other) < priority) continue;
      copy ??= cloneNodeInfo(nodeInfo);
      stateCopy ??= state.clone();
      copy.addPod(podEntry(other, nodeInfo.name));
      this.addPod(stateCopy, pod, other, copy);
    }
    if (copy === undefined || stateCopy === undefined) return this.run(state, pod, nodeInfo);
    return this.run(stateCopy, pod, copy) ?? this.run(state, pod, nodeInfo);
  }

  /** RunPreFilterExtensionAddPod. */
  addPod(state: CycleState, pod: Pod, podToAdd: Pod, nodeInfo: NodeInfo): void {
    for (const e of this.extensions) check(e.name, "AddPod", e.addPod(state, pod, podToAdd, nodeInfo));
  }

  /** RunPreFilterExtensionRemovePod. */
  removePod(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo): void {
    for (const e of this.extensions) check(e.name, "RemovePod", e.removePod(state, pod, podToRemove, nodeInfo));
  }
}
