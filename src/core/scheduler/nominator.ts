import type { Pod } from "kubernetes-types/core/v1";

const NONE: readonly Pod[] = Object.freeze([]);

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/**
 * The pods nominated to run on each node (kube-scheduler's PodNominator): pending pods
 * whose preemption freed room on a node (`status.nominatedNodeName`). Filters count
 * them on that node for pods of lower or equal priority, so that room is not taken.
 */
export class PodNominator {
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOf = new Map<string, string>();
  private lists = new Map<string, readonly Pod[]>();

  /** How many pods are nominated, on all nodes. */
  get size(): number {
    return this.nodeOf.size;
  }

  /**
   * Records the pod's nomination: `nodeName` when given, else its `status.nominatedNodeName`.
   * A pod bound to a node, being deleted, or nominated nowhere is forgotten.
   */
  addNominatedPod(pod: Pod, nodeName?: string): void {
    const node = nodeName ?? pod.status?.nominatedNodeName ?? "";
    if (!node || pod.spec?.nodeName || pod.metadata?.deletionTimestamp) {
      this.deleteNominatedPodIfExists(pod);
      return;
    }
    const key = keyOf(pod);
    const previous = this.nodeOf.get(key);
    if (previous !== undefined && previous !== node) this.removeFrom(previous, key);
    let pods = this.byNode.get(node);
    if (pods === undefined) {
      pods = new Map();
      this.byNode.set(node, pods);
    }
    pods.set(key, pod);
    this.nodeOf.set(key, node);
    this.lists.delete(node);
  }

  /** Forgets the pod's nomination, if it has one. */
  deleteNominatedPodIfExists(pod: Pod): void {
    const key = keyOf(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.removeFrom(node, key);
    this.nodeOf.delete(key);
  }

  /** The pods nominated to this node. The array is shared: do not keep it past a change. */
  nominatedPodsForNode(nodeName: string): readonly Pod[] {
    if (this.nodeOf.size === 0) return NONE;
    let list = this.lists.get(nodeName);
    if (list === undefined) {
      const pods = this.byNode.get(nodeName);
      list = pods === undefined ? NONE : Object.freeze([...pods.values()]);
      this.lists.set(nodeName, list);
    }
    return list;
  }

  /** Forgets every nomination (the scheduler restarts). */
  clear(): void {
    this.byNode.clear();
    this.nodeOf.clear();
    this.lists = new Map();
  }

  private removeFrom(node: string, key: string): void {
    const pods = this.byNode.get(node);
    if (pods === undefined) return;
    pods.delete(key);
    if (pods.size === 0) this.byNode.delete(node);
    this.lists.delete(node);
  }
}
