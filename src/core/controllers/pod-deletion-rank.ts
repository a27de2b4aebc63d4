/**
 * Which pods a ReplicaSet deletes first when it scales down: kube-controller-manager's
 * ActivePodsWithRanks ordering, with logarithmic scale-down (on by default since 1.22).
 */
import type { Pod } from "kubernetes-types/core/v1";
import { parseTime } from "../engine/clock.js";
import { isPodReady, podReadySince } from "./controller-utils.js";

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

function deletionCost(pod: Pod): number {
  const v = Number(pod.metadata?.annotations?.[DELETION_COST] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const cs of pod.status?.containerStatuses ?? []) max = Math.max(max, cs.restartCount ?? 0);
  return max;
}

/** floor(log2(ns since t)), -1 for a time not in the past. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** `a` should go before `b`; NaN times count as "zero" (unset), which sort first. */
function afterOrZero(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a);
  return a > b;
}

/** What the comparison reads of a pod, computed once per (immutable) pod object. */
interface RankBase {
  pod: Pod;
  assigned: boolean;
  nodeName: string;
  phase: number;
  ready: boolean;
  cost: number;
  readySince: number;
  restarts: number;
  created: number;
  uid: string;
}

const bases = new WeakMap<Pod, RankBase>();

function baseOf(pod: Pod): RankBase {
  let base = bases.get(pod);
  if (!base) {
    const ready = isPodReady(pod);
    base = {
      pod,
      assigned: (pod.spec?.nodeName ?? "") !== "",
      nodeName: pod.spec?.nodeName ?? "",
      phase: PHASE_ORDINAL[pod.status?.phase ?? ""] ?? 0,
      ready,
      cost: deletionCost(pod),
      readySince: ready ? podReadySince(pod) : NaN,
      restarts: maxRestarts(pod),
      created: parseTime(pod.metadata?.creationTimestamp ?? undefined),
      uid: pod.metadata?.uid ?? "",
    };
    bases.set(pod, base);
  }
  return base;
}

/** Compares two candidates (with their "doubled up" ranks): negative when `a` should be deleted before `b`. */
function compare(a: RankBase, rankA: number, b: RankBase, rankB: number, now: number): number {
  // 1. Unassigned before assigned.
  if (a.nodeName !== b.nodeName && (!a.assigned || !b.assigned)) return a.assigned ? 1 : -1;
  // 2. Pending before Unknown before Running.
  if (a.phase !== b.phase) return a.phase - b.phase;
  // 3. Not ready before ready.
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  // 4. Lower deletion cost first.
  if (a.cost !== b.cost) return a.cost - b.cost;
  // 5. More ready siblings on the same node first.
  if (rankA !== rankB) return rankB - rankA;
  // 6. Ready for less time first (in logarithmic buckets).
  if (a.ready && b.ready && a.readySince !== b.readySince && !(Number.isNaN(a.readySince) && Number.isNaN(b.readySince))) {
    if (Number.isNaN(a.readySince) || Number.isNaN(b.readySince)) return afterOrZero(a.readySince, b.readySince) ? -1 : 1;
    const diff = logRank(a.readySince, now) - logRank(b.readySince, now);
    return diff !== 0 ? diff : uidOrder(a, b);
  }
  // 7. More restarts first.
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  // 8. Newer first (in logarithmic buckets).
  if (a.created !== b.created) {
    if (Number.isNaN(a.created) || Number.isNaN(b.created)) return afterOrZero(a.created, b.created) ? -1 : 1;
    const diff = logRank(a.created, now) - logRank(b.created, now);
    return diff !== 0 ? diff : uidOrder(a, b);
  }
  return 0;
}

function uidOrder(a: RankBase, b: RankBase): number {
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/**
 * getPodsToDelete: the `diff` pods to delete first, by the ranking above. `onNode`
 * counts the active pods of the ReplicaSet and its siblings (same Deployment) on a node:
 * a node with more of them ranks its pods earlier, spreading what remains. Only the
 * `diff` best are ordered (a bounded heap), so a small scale-down of a large
 * ReplicaSet costs little more than a pass over its pods.
 */
export function podsToDelete(candidates: readonly Pod[], onNode: (nodeName: string) => number, diff: number, now: number): Pod[] {
  if (diff >= candidates.length) return [...candidates];
  if (diff <= 0) return [];
  const heapBase: RankBase[] = [];
  const heapRank: number[] = [];
  // A max-heap of the `diff` best so far: its root is the worst of them.
  const worse = (i: number, j: number): boolean => compare(heapBase[i]!, heapRank[i]!, heapBase[j]!, heapRank[j]!, now) > 0;
  const swap = (i: number, j: number): void => {
    const b = heapBase[i]!;
    heapBase[i] = heapBase[j]!;
    heapBase[j] = b;
    const r = heapRank[i]!;
    heapRank[i] = heapRank[j]!;
    heapRank[j] = r;
  };
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(i, p)) break;
      swap(i, p);
      i = p;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapBase.length && worse(l, m)) m = l;
      if (r < heapBase.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const pod of candidates) {
    const base = baseOf(pod);
    const rank = onNode(base.nodeName);
    if (heapBase.length < diff) {
      heapBase.push(base);
      heapRank.push(rank);
      up(heapBase.length - 1);
    } else if (compare(base, rank, heapBase[0]!, heapRank[0]!, now) < 0) {
      heapBase[0] = base;
      heapRank[0] = rank;
      down(0);
    }
  }
  const order = heapBase.map((_, i) => i).sort((i, j) => compare(heapBase[i]!, heapRank[i]!, heapBase[j]!, heapRank[j]!, now));
  return order.map((i) => heapBase[i]!.pod);
}
