/**
 * Which pool nodes the cluster autoscaler finds unneeded (core/scaledown/unneeded,
 * simulator/drain and its drainability rules), as a pure function of the scheduler's
 * view: a node whose pods request less than half its allocatable CPU and memory
 * (scale-down-utilization-threshold), whose pods may all be evicted, and whose pods all
 * fit on the other nodes once the nodes found unneeded before it are gone.
 */
import type { Node, Pod, Volume } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { canDisrupt } from "../disruption/index.js";
import type { NodeInfo } from "../scheduler/node-info.js";
import type { Profile } from "../scheduler/profile.js";
import { ClusterSimulation, PodPlacer } from "./cluster-autoscaler-simulator.js";
import { toBeDeletedTaint } from "./cluster-autoscaler-taints.js";
import { controllerRefOf } from "./controller-utils.js";

/** scale-down-utilization-threshold. */
export const SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5;
export const SAFE_TO_EVICT_ANNOTATION = "cluster-autoscaler.kubernetes.io/safe-to-evict";
export const SAFE_TO_EVICT_LOCAL_VOLUMES_ANNOTATION = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";
export const SCALE_DOWN_DISABLED_ANNOTATION = "cluster-autoscaler.kubernetes.io/scale-down-disabled";
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

/** Requested CPU and memory as shares of allocatable (simulator.UtilizationInfo). */
export interface Utilization {
  cpu: number;
  memory: number;
  /** The larger of the two, which the threshold is compared with. */
  utilization: number;
}

export interface NodeToRemove {
  node: string;
  pool: string;
  utilization: Utilization;
  /** The pods that must move (DaemonSet and mirror pods stay with the node). */
  pods: Pod[];
}

export interface ScaleDownInput {
  profile: Profile;
  nodes: readonly NodeInfo[];
  /** Pool nodes that may be considered, with their pool. */
  candidates: readonly { node: string; pool: string }[];
  /** The budgets covering a pod (at most a few, read from the API). */
  pdbsFor: (pod: Pod) => readonly PodDisruptionBudget[];
  /** Nodes found unneeded by the previous loop: looked at first, so their timers carry on. */
  previouslyUnneeded?: ReadonlySet<string>;
}

/** scale-down-non-empty-candidates-count: nodes with pods to move simulated per loop. */
export const NON_EMPTY_CANDIDATES_COUNT = 30;

export interface ScaleDownCandidates {
  unneeded: NodeToRemove[];
  /** Why each other candidate has to stay. */
  unremovable: Map<string, string>;
}

/** CPU and memory requested on the node against its allocatable. */
export function nodeUtilization(info: NodeInfo): Utilization {
  const cpu = info.allocatable.milliCPU > 0 ? info.requested.milliCPU / info.allocatable.milliCPU : 0;
  const memory = info.allocatable.memory > 0 ? info.requested.memory / info.allocatable.memory : 0;
  return { cpu, memory, utilization: Math.max(cpu, memory) };
}

/** A DaemonSet's or a static (mirror) pod: it stays with its node and goes with it. */
export function isDaemonOrMirrorPod(pod: Pod): boolean {
  return controllerRefOf(pod)?.kind === "DaemonSet" || pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
}

/** The pods that must find another node before this one can go. */
export function podsToMove(info: NodeInfo): Pod[] {
  return info.pods.filter((p) => !isDaemonOrMirrorPod(p) && !p.metadata?.deletionTimestamp);
}

function isLocalVolume(v: Volume): boolean {
  return v.hostPath !== undefined || (v.emptyDir !== undefined && v.emptyDir.medium !== "Memory");
}

/**
 * The drainability rules: why this pod keeps its node, or undefined when it may be
 * evicted (a PodDisruptionBudget is checked separately, over all pods together).
 */
export function blockingReason(pod: Pod, hasPdb: boolean): string | undefined {
  const name = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
  const safe = pod.metadata?.annotations?.[SAFE_TO_EVICT_ANNOTATION];
  if (safe === "false") return `pod annotated as not safe to evict present: ${pod.metadata?.name ?? ""}`;
  if (safe === "true") return undefined;
  if (!controllerRefOf(pod)) return `${name} is not replicated`;
  if (pod.metadata?.namespace === "kube-system" && !hasPdb) return `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${pod.metadata?.name ?? ""}`;
  const allowed = new Set((pod.metadata?.annotations?.[SAFE_TO_EVICT_LOCAL_VOLUMES_ANNOTATION] ?? "").split(",").map((s) => s.trim()));
  const local = (pod.spec?.volumes ?? []).filter((v) => isLocalVolume(v) && !allowed.has(v.name));
  if (local.length > 0) return `pod with local storage present: ${pod.metadata?.name ?? ""}`;
  return undefined;
}

/** A node the autoscaler never removes on its own: scale-down disabled, or already being removed. */
export function excludedFromScaleDown(node: Node): boolean {
  return node.metadata?.annotations?.[SCALE_DOWN_DISABLED_ANNOTATION] === "true" || toBeDeletedTaint(node) !== undefined;
}

/**
 * The unneeded nodes, emptiest first, each one's pods placed in the simulation before
 * the next is looked at (so two nodes never count on the same free room), and the
 * reason every other candidate has to stay.
 */
export function findUnneeded(input: ScaleDownInput): ScaleDownCandidates {
  const sim = new ClusterSimulation(input.profile, input.nodes);
  const unneeded: NodeToRemove[] = [];
  const unremovable = new Map<string, string>();
  const budgets = new Map<string, number>();
  const ranked = input.candidates
    .map((c) => ({ ...c, info: sim.nodeInfo(c.node) }))
    .filter((c): c is { node: string; pool: string; info: NodeInfo } => c.info !== undefined)
    .map((c) => ({ ...c, util: nodeUtilization(c.info), before: input.previouslyUnneeded?.has(c.node) ? 0 : 1 }))
    .sort((a, b) => a.before - b.before || a.util.utilization - b.util.utilization || a.node.localeCompare(b.node));
  const placer = new PodPlacer(sim);
  let nonEmpty = 0;
  for (const c of ranked) {
    if (c.util.utilization >= SCALE_DOWN_UTILIZATION_THRESHOLD) {
      unremovable.set(c.node, "node utilization above the scale-down threshold");
      continue;
    }
    const info = sim.nodeInfo(c.node);
    if (!info) continue;
    const pods = podsToMove(info);
    // Simulating drains is the costly part: a bounded number of nodes with pods per loop, as CA does.
    if (pods.length > 0 && ++nonEmpty > NON_EMPTY_CANDIDATES_COUNT) continue;
    const reason = drainBlocker(pods, input.pdbsFor, budgets);
    if (reason !== undefined) {
      unremovable.set(c.node, reason.message);
      continue;
    }
    const placed = placeElsewhere(sim, placer, c.node, pods);
    if (typeof placed === "string") {
      unremovable.set(c.node, placed);
      continue;
    }
    for (const [key, n] of spentBudgets(pods, input.pdbsFor)) budgets.set(key, (budgets.get(key) ?? 0) + n);
    unneeded.push({ node: c.node, pool: c.pool, utilization: c.util, pods });
  }
  return { unneeded, unremovable };
}

function budgetKey(pdb: PodDisruptionBudget): string {
  return `${pdb.metadata?.namespace ?? ""}/${pdb.metadata?.name ?? ""}`;
}

/** The first pod that may not go, counting the budget already promised to nodes found unneeded before. */
function drainBlocker(pods: readonly Pod[], pdbsFor: ScaleDownInput["pdbsFor"], spent: ReadonlyMap<string, number>): { message: string } | undefined {
  const wanted = new Map<string, number>();
  for (const pod of pods) {
    const pdbs = pdbsFor(pod);
    const reason = blockingReason(pod, pdbs.length > 0);
    if (reason !== undefined) return { message: reason };
    for (const pdb of pdbs) {
      const key = budgetKey(pdb);
      const need = (wanted.get(key) ?? 0) + 1;
      wanted.set(key, need);
      const allowed = canDisrupt(pdb) ? (pdb.status?.disruptionsAllowed ?? 0) : 0;
      if (need + (spent.get(key) ?? 0) > allowed) {
        return { message: `not enough pod disruption budget to move ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}` };
      }
    }
  }
  return undefined;
}

function spentBudgets(pods: readonly Pod[], pdbsFor: ScaleDownInput["pdbsFor"]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) for (const pdb of pdbsFor(pod)) out.set(budgetKey(pdb), (out.get(budgetKey(pdb)) ?? 0) + 1);
  return out;
}

/** Takes the node out and re-homes its pods; on failure puts everything back and says which pod had nowhere to go. */
function placeElsewhere(sim: ClusterSimulation, placer: PodPlacer, node: string, pods: readonly Pod[]): true | string {
  sim.removeNode(node);
  const moved: { pod: Pod; to: string }[] = [];
  for (const pod of pods) {
    const to = placer.place(pod);
    if (to === undefined) {
      for (const m of moved) sim.removePod(m.pod, m.to);
      sim.restoreNode(node);
      placer.capacityReturned();
      return `failed to find place for ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
    }
    moved.push({ pod, to });
  }
  return true;
}
