import type { Pod } from "kubernetes-types/core/v1";
import { podPriority } from "../../api/priority.js";
import { parseTime } from "../../engine/clock.js";
import type { CycleState } from "../cycle-state.js";
import { Status } from "../interface.js";
import type { MutableNodeInfo } from "../node-info.js";
import { podEntry } from "../nominated-pods.js";
import type { FrameworkHandle } from "../post-filter.js";
import { filterPodsWithPDBViolation, type BudgetView } from "./pdb-violation.js";

/** The reason of a node with no pod of lower priority than the preemptor. */
export const NO_VICTIMS_FOUND = "No preemption victims found for incoming pod";

/** When a pod started, for ordering: `status.startTime`, or now for a pod not started yet (`GetPodStartTime`). */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  if (!t) return now;
  const ms = parseTime(t);
  return Number.isNaN(ms) ? now : ms;
}

/** `util.MoreImportantPod`: higher priority first, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

function byImportance(now: number): (a: Pod, b: Pod) => number {
  return (a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0);
}

/** Pods to preempt on one node, most important first, and how many of them break a budget. */
export interface NodeVictims {
  readonly pods: readonly Pod[];
  readonly numPDBViolations: number;
}

/**
 * DefaultPreemption's SelectVictimsOnNode on a private copy of a node: remove every pod
 * of lower priority than `pod`; if it then fits, add them back one by one, most
 * important first and those whose eviction would break a PodDisruptionBudget before the
 * others, keeping each one the pod still fits with. What could not be added back are the
 * victims. A Status says why the node cannot help.
 */
export function selectVictimsOnNode(
  state: CycleState,
  pod: Pod,
  nodeInfo: MutableNodeInfo,
  budgets: readonly BudgetView[],
  handle: FrameworkHandle,
  now: number,
): NodeVictims | Status {
  const priority = podPriority(pod);
  const potential = nodeInfo.pods.filter((p) => podPriority(p) < priority);
  const remove = (p: Pod): void => {
    nodeInfo.removePod(podEntry(p, nodeInfo.name).key);
    handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
  };
  const add = (p: Pod): void => {
    nodeInfo.addPod(podEntry(p, nodeInfo.name));
    handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
  };
  for (const p of potential) remove(p);
  if (potential.length === 0) return new Status("UnschedulableAndUnresolvable", NO_VICTIMS_FOUND);

  // Not fitting with every lower-priority pod gone: this node cannot help.
  const without = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (without !== null) return without;

  const order = byImportance(now);
  potential.sort(order);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, budgets);
  const victims: Pod[] = [];
  const reprieve = (p: Pod): boolean => {
    add(p);
    const fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo) === null;
    if (!fits) {
      remove(p);
      victims.push(p);
    }
    return fits;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(order);
  return { pods: victims, numPDBViolations };
}
