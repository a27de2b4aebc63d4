/**
 * The cluster autoscaler's scale-up decision (core/scaleup/orchestrator, the
 * binpacking estimator and the least-waste expander), as a pure function of the
 * scheduler's view, the pools and the pending pods:
 *
 * 1. pods that fit on an existing node, or on a node already asked for, once the ones
 *    before them are placed, are left to the scheduler (FilterOutSchedulable);
 * 2. each pool below its maximum is tried with a template node (the pool's node shape
 *    with the DaemonSet pods it would run): the pods whose predicates pass are packed,
 *    first fit, onto as many new nodes as they need, up to the pool's maximum;
 * 3. the option that wastes the least CPU and memory wins (ties by pool name).
 *
 * What did not fit anywhere is reported with the reasons each pool gave, counted.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { NodePool } from "../api/nodepool.js";
import { poolTemplateNode } from "../nodes/nodepool-node.js";
import type { NodeInfo } from "../scheduler/node-info.js";
import type { Profile } from "../scheduler/profile.js";
import { nodeAllocatable, podResources } from "../scheduler/resources.js";
import { ClusterSimulation, equivalenceKey, PodPlacer } from "./cluster-autoscaler-simulator.js";
import { daemonPodTolerations, nodeShouldRunDaemonPod } from "./daemonset-util.js";

/** The skip reason of a pool at its maximum (MaxLimitReachedReason). */
export const MAX_LIMIT_REACHED = "max node group size reached";

/** A pool as the autoscaler sees it this loop. */
export interface PoolView {
  pool: NodePool;
  name: string;
  /** The size it is converging to (the cloud target). */
  target: number;
  /** Nodes registered. */
  registered: number;
  maxSize: number;
}

/** One pool's planned growth (nodegroupset.ScaleUpInfo). */
export interface ScaleUpInfo {
  pool: string;
  currentSize: number;
  newSize: number;
  maxSize: number;
}

export interface ScaleUpPlan {
  result: "NotNeeded" | "NoOptionsAvailable" | "Successful";
  infos: ScaleUpInfo[];
  /** The pods the chosen growth makes room for. */
  triggered: Pod[];
  /** Pods no pool can take, with `pod didn't trigger scale-up:`'s reasons. */
  remaining: { pod: Pod; reasons: string }[];
}

export interface ScaleUpInput {
  profile: Profile;
  nodes: readonly NodeInfo[];
  pools: readonly PoolView[];
  /** Unschedulable pods, oldest first. */
  pending: readonly Pod[];
  daemonSets: readonly DaemonSet[];
}

/** `[{pool 1->2 (max: 5)}]`: Go's `%v` of a ScaleUpInfo list. */
export function formatScaleUpInfos(infos: readonly ScaleUpInfo[]): string {
  return `[${infos.map((i) => `{${i.pool} ${i.currentSize}->${i.newSize} (max: ${i.maxSize})}`).join(" ")}]`;
}

/** The DaemonSet pods a new node of the pool would start with (daemonset.GetDaemonSetPodsForNode). */
export function daemonPodsFor(node: Node, daemonSets: readonly DaemonSet[]): Pod[] {
  const pods: Pod[] = [];
  for (const ds of daemonSets) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    const spec = ds.spec?.template?.spec ?? { containers: [] };
    pods.push({
      metadata: {
        name: `${ds.metadata?.name ?? ""}-${node.metadata?.name ?? ""}`,
        namespace: ds.metadata?.namespace ?? "",
        labels: { ...ds.spec?.template?.metadata?.labels },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: ds.metadata?.name ?? "", uid: ds.metadata?.uid ?? "", controller: true }],
      },
      spec: { ...spec, tolerations: daemonPodTolerations(spec) },
    });
  }
  return pods;
}

interface Option {
  view: PoolView;
  template: Node;
  nodeCount: number;
  pods: Pod[];
}

/** Plans one scale-up (ScaleUpOrchestrator.ScaleUp with the least-waste expander). */
export function planScaleUp(input: ScaleUpInput): ScaleUpPlan {
  const { profile, pools, daemonSets } = input;
  if (input.pending.length === 0) return { result: "NotNeeded", infos: [], triggered: [], remaining: [] };
  const sim = new ClusterSimulation(profile, input.nodes);
  // Nodes already asked for count as if they were there (the upcoming nodes).
  for (const view of pools) {
    for (let i = 0; i < Math.max(0, view.target - view.registered); i++) {
      const node = poolTemplateNode(view.pool, 1000 + i);
      sim.addNode(node, daemonPodsFor(node, daemonSets));
    }
  }
  const unschedulable: Pod[] = [];
  const placer = new PodPlacer(sim);
  for (const pod of input.pending) if (placer.place(pod) === undefined) unschedulable.push(pod);
  if (unschedulable.length === 0) return { result: "NotNeeded", infos: [], triggered: [], remaining: [] };

  const reasonsByPod = new Map<Pod, string[][]>(unschedulable.map((p) => [p, []]));
  const schedulableSomewhere = new Set<Pod>();
  const options: Option[] = [];
  for (const view of [...pools].sort((a, b) => a.name.localeCompare(b.name))) {
    if (view.target >= view.maxSize) {
      for (const pod of unschedulable) reasonsByPod.get(pod)!.push([MAX_LIMIT_REACHED]);
      continue;
    }
    const option = computeOption(profile, sim, view, unschedulable, daemonSets, reasonsByPod, schedulableSomewhere);
    if (option.nodeCount > 0 && option.pods.length > 0) options.push(option);
  }
  const remaining = unschedulable
    .filter((p) => !schedulableSomewhere.has(p))
    .map((pod) => ({ pod, reasons: reasonsMessage(reasonsByPod.get(pod)!) }));
  const best = leastWaste(options);
  if (!best) return { result: "NoOptionsAvailable", infos: [], triggered: [], remaining };
  const infos = [{ pool: best.view.name, currentSize: best.view.target, newSize: best.view.target + best.nodeCount, maxSize: best.view.maxSize }];
  return { result: "Successful", infos, triggered: best.pods, remaining };
}

/** SchedulablePodGroups then the binpacking estimate, for one pool. */
function computeOption(
  profile: Profile,
  sim: ClusterSimulation,
  view: PoolView,
  pods: readonly Pod[],
  daemonSets: readonly DaemonSet[],
  reasonsByPod: Map<Pod, string[][]>,
  schedulableSomewhere: Set<Pod>,
): Option {
  const template = poolTemplateNode(view.pool, 0);
  const daemonPods = daemonPodsFor(template, daemonSets);
  const check = new ClusterSimulation(profile, sim.nodes());
  const checkNode = check.addNode(template, daemonPods);
  const verdicts = new Map<string, readonly string[] | null>();
  const fitting: Pod[] = [];
  for (const pod of pods) {
    const key = equivalenceKey(pod);
    let verdict = key !== undefined ? verdicts.get(key) : undefined;
    if (verdict === undefined) {
      verdict = check.checkPredicates(pod, checkNode)?.reasons ?? null;
      if (key !== undefined) verdicts.set(key, verdict);
    }
    if (verdict === null) {
      fitting.push(pod);
      schedulableSomewhere.add(pod);
    } else {
      reasonsByPod.get(pod)!.push([...verdict]);
    }
  }
  if (fitting.length === 0) return { view, template, nodeCount: 0, pods: [] };

  // Binpacking: biggest pods first, each on the first new node it fits, a new node when none.
  const alloc = nodeAllocatable(template);
  const size = (p: Pod): number => {
    const r = podResources(p).requests;
    return (alloc.milliCPU > 0 ? r.milliCPU / alloc.milliCPU : 0) + (alloc.memory > 0 ? r.memory / alloc.memory : 0);
  };
  const ordered = [...fitting].sort((a, b) => size(b) - size(a));
  const estimate = new ClusterSimulation(profile, sim.nodes());
  const limit = view.maxSize - view.target;
  const newNodes: string[] = [];
  const placed: Pod[] = [];
  // A node that refused a pod refuses the pods alike that come after it (it only fills up).
  const refused = new Map<string, Set<string>>();
  for (const pod of ordered) {
    const key = equivalenceKey(pod);
    const skip = key !== undefined ? (refused.get(key) ?? new Set<string>()) : new Set<string>();
    if (key !== undefined) refused.set(key, skip);
    let target = newNodes.find((n) => {
      if (skip.has(n)) return false;
      if (estimate.checkPredicates(pod, n) === null) return true;
      skip.add(n);
      return false;
    });
    if (target === undefined && newNodes.length < limit) {
      const node = poolTemplateNode(view.pool, newNodes.length + 1);
      const name = estimate.addNode(node, daemonPodsFor(node, daemonSets));
      newNodes.push(name);
      if (estimate.checkPredicates(pod, name) === null) target = name;
    }
    if (target === undefined) continue;
    estimate.addPod(pod, target);
    placed.push(pod);
  }
  return { view, template, nodeCount: newNodes.length, pods: placed };
}

/** The least-waste expander: the least idle CPU plus idle memory share after the scale-up; the first pool on a tie. */
function leastWaste(options: readonly Option[]): Option | undefined {
  let best: Option | undefined;
  let bestScore = Infinity;
  for (const o of options) {
    const alloc = nodeAllocatable(o.template);
    let cpu = 0;
    let memory = 0;
    for (const p of o.pods) {
      const r = podResources(p).requests;
      cpu += r.milliCPU;
      memory += r.memory;
    }
    const availCPU = alloc.milliCPU * o.nodeCount;
    const availMemory = alloc.memory * o.nodeCount;
    const score = (availCPU > 0 ? (availCPU - cpu) / availCPU : 0) + (availMemory > 0 ? (availMemory - memory) / availMemory : 0);
    if (score < bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/** ReasonsMessage: each reason with the number of pools that gave it, most frequent first. */
function reasonsMessage(perPool: readonly string[][]): string {
  const counts = new Map<string, number>();
  for (const reasons of perPool) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([r, n]) => `${n} ${r}`)
    .join(", ");
}
