/**
 * The cluster autoscaler's what-if view of the cluster (its ClusterSnapshot with
 * Fork/Revert, and the PredicateChecker): the scheduler's NodeInfos, to which a
 * simulation adds template nodes and pods, and from which it removes nodes, without
 * touching the real cache. Pods are checked with the scheduler's own profile, so a
 * simulated placement is one the scheduler would make.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { CycleState } from "../scheduler/cycle-state.js";
import { MutableNodeInfo, type NodeInfo } from "../scheduler/node-info.js";
import type { Profile } from "../scheduler/profile.js";
import { podResources } from "../scheduler/resources.js";
import { controllerRefOf } from "./controller-utils.js";

/** Why a pod does not fit a node: the rejecting plugin and the reasons a FailedScheduling message would give. */
export interface PredicateFailure {
  readonly plugin: string;
  readonly reasons: readonly string[];
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** The pod as the scheduler sees a pending one: without the node it may be bound to now. */
export function unboundPod(pod: Pod): Pod {
  if (!pod.spec?.nodeName) return pod;
  const spec = { ...pod.spec };
  delete spec.nodeName;
  return { ...pod, spec };
}

/** One forked snapshot: changes stay here. */
export class ClusterSimulation {
  private readonly infos = new Map<string, NodeInfo>();
  /** Nodes whose NodeInfo this simulation owns (copied on first change). */
  private readonly owned = new Set<string>();
  private readonly order: string[] = [];
  private readonly removed = new Set<string>();
  private list: NodeInfo[] | undefined;

  constructor(
    private readonly profile: Profile,
    base: readonly NodeInfo[],
  ) {
    for (const info of base) {
      this.infos.set(info.name, info);
      this.order.push(info.name);
    }
  }

  /** Adds a node that does not exist (a template node) with the pods it would start with. */
  addNode(node: Node, pods: readonly Pod[] = []): string {
    const info = new MutableNodeInfo(node);
    for (const pod of pods) info.addPod({ key: podKey(pod), pod, nodeName: info.name, resources: podResources(pod), assumed: false });
    this.infos.set(info.name, info);
    this.owned.add(info.name);
    this.order.push(info.name);
    this.removed.delete(info.name);
    this.list = undefined;
    return info.name;
  }

  /** Takes a node out: nothing is placed on it any more, and its pods no longer count anywhere. */
  removeNode(name: string): void {
    this.removed.add(name);
    this.list = undefined;
  }

  isRemoved(name: string): boolean {
    return this.removed.has(name);
  }

  /** Puts back a node taken out by {@link removeNode}. */
  restoreNode(name: string): void {
    if (this.removed.delete(name)) this.list = undefined;
  }

  /** Takes back a pod placed by {@link addPod}. */
  removePod(pod: Pod, nodeName: string): void {
    this.mutable(nodeName)?.removePod(podKey(pod));
  }

  /** Places a pod on a node, as the scheduler's assume does. */
  addPod(pod: Pod, nodeName: string): void {
    const info = this.mutable(nodeName);
    if (!info) return;
    const placed: Pod = { ...pod, spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName } };
    info.addPod({ key: podKey(placed), pod: placed, nodeName, resources: podResources(placed), assumed: true });
  }

  nodeInfo(name: string): NodeInfo | undefined {
    return this.removed.has(name) ? undefined : this.infos.get(name);
  }

  /** The nodes still in the simulation, in the order they were added. */
  nodes(): readonly NodeInfo[] {
    if (this.list === undefined) {
      this.list = [];
      for (const name of this.order) if (!this.removed.has(name)) this.list.push(this.infos.get(name)!);
    }
    return this.list;
  }

  /** Whether the pod would fit `nodeName` (null) or the first Filter that says no. */
  checkPredicates(pod: Pod, nodeName: string): PredicateFailure | null {
    const info = this.nodeInfo(nodeName);
    if (!info) return { plugin: "", reasons: ["node not found"] };
    const candidate = unboundPod(pod);
    const state = new CycleState();
    const pre = this.profile.runPreFilter(state, candidate, this.nodes());
    if (pre.rejection) return { plugin: pre.rejection.plugin, reasons: pre.rejection.status.reasons };
    if (pre.nodeNames && !pre.nodeNames.has(nodeName)) return { plugin: pre.narrowedBy.join(","), reasons: [`node(s) didn't satisfy plugin(s) [${pre.narrowedBy.join(" ")}]`] };
    const failed = this.profile.runFilters(pre.filters, state, candidate, info);
    return failed ? { plugin: failed.plugin, reasons: failed.status.reasons } : null;
  }

  /** The first node, in order, that the pod fits and `exclude` does not rule out. */
  fitAnywhere(pod: Pod, exclude: (name: string) => boolean = () => false): string | undefined {
    const candidate = unboundPod(pod);
    const state = new CycleState();
    const nodes = this.nodes();
    const pre = this.profile.runPreFilter(state, candidate, nodes);
    if (pre.rejection) return undefined;
    for (const info of nodes) {
      if (exclude(info.name) || (pre.nodeNames && !pre.nodeNames.has(info.name))) continue;
      if (this.profile.runFilters(pre.filters, state, candidate, info) === null) return info.name;
    }
    return undefined;
  }

  private mutable(name: string): MutableNodeInfo | undefined {
    if (this.removed.has(name)) return undefined;
    const info = this.infos.get(name);
    if (!info) return undefined;
    if (this.owned.has(name)) return info as MutableNodeInfo;
    const copy = new MutableNodeInfo(info.node);
    for (const pod of info.pods) copy.addPod({ key: podKey(pod), pod, nodeName: name, resources: podResources(pod), assumed: false });
    this.infos.set(name, copy);
    this.owned.add(name);
    this.list = undefined;
    return copy;
  }
}

/**
 * Pods that are alike for scheduling (CA's equivalence groups): same controller, same
 * spec and labels. Undefined for a pod without a controller: it is its own group.
 */
export function equivalenceKey(pod: Pod): string | undefined {
  const owner = controllerRefOf(pod)?.uid;
  return owner ? `${owner}\u0000${JSON.stringify(unboundPod(pod).spec)}\u0000${JSON.stringify(pod.metadata?.labels ?? {})}` : undefined;
}

/**
 * Places pods one after another in a simulation, as CA's hinting simulator does: a pod
 * first tries the node the last pod of its group went to, and once a group found no
 * node, later pods of that group (which only find the cluster fuller) do not search
 * again. Call {@link capacityReturned} when the simulation gives room back.
 */
export class PodPlacer {
  private readonly hints = new Map<string, string>();
  private readonly noFit = new Set<string>();

  constructor(private readonly sim: ClusterSimulation) {}

  /** Places the pod on a node it fits and returns that node, or undefined. */
  place(pod: Pod, exclude?: (name: string) => boolean): string | undefined {
    const key = equivalenceKey(pod);
    if (key !== undefined && this.noFit.has(key)) return undefined;
    const hint = key !== undefined ? this.hints.get(key) : undefined;
    let to = hint !== undefined && !exclude?.(hint) && this.sim.checkPredicates(pod, hint) === null ? hint : undefined;
    to ??= this.sim.fitAnywhere(pod, exclude);
    if (to === undefined) {
      if (key !== undefined) this.noFit.add(key);
      return undefined;
    }
    if (key !== undefined) this.hints.set(key, to);
    this.sim.addPod(pod, to);
    return to;
  }

  capacityReturned(): void {
    this.noFit.clear();
  }
}
