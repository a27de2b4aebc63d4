import { podPriority } from "../../api/priority.js";
import { podStartTime, type NodeVictims } from "./victims.js";

/** A node where the preemptor would fit once its victims are gone. */
export interface Candidate {
  readonly nodeName: string;
  readonly victims: NodeVictims;
}

// Priorities are shifted to be non-negative before summing (kube adds MaxInt32+1), so a
// node with a few negative-priority victims is not preferred over one with fewer.
const PRIORITY_SHIFT = 2 ** 31;

/** The start time of the earliest-started victim among the highest-priority ones (`GetEarliestPodStartTime`). */
function earliestStartOfHighestPriority(v: NodeVictims, now: number): number {
  let maxPriority = -Infinity;
  let earliest = Infinity;
  for (const p of v.pods) {
    const prio = podPriority(p);
    const start = podStartTime(p, now);
    if (prio > maxPriority) {
      maxPriority = prio;
      earliest = start;
    } else if (prio === maxPriority && start < earliest) {
      earliest = start;
    }
  }
  return earliest;
}

/**
 * kube's pickOneNodeForPreemption: among the candidates, the node with the fewest
 * PodDisruptionBudget violations, then the lowest highest-victim priority, the smallest
 * sum of victim priorities, the fewest victims, the latest start of its most important
 * victims, and finally the first one. Victims are listed most important first.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -podPriority(c.victims.pods[0]!),
    (c) => -c.victims.pods.reduce((sum, p) => sum + podPriority(p) + PRIORITY_SHIFT, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfHighestPriority(c.victims, now),
  ];
  let remaining = candidates;
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const score = f(c);
      if (score > best) {
        best = score;
        selected = [c];
      } else if (score === best) {
        selected.push(c);
      }
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}
