import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { podPriority } from "../../api/priority.js";
import type { CycleState } from "../cycle-state.js";
import { fitErrorMessage } from "../fit-error.js";
import { Status } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { cloneNodeInfo } from "../nominated-pods.js";
import type { FrameworkHandle, PostFilterPlugin, PostFilterResult } from "../post-filter.js";
import { pickOneNodeForPreemption, type Candidate } from "./candidates.js";
import { budgetViews } from "./pdb-violation.js";
import { NO_VICTIMS_FOUND, selectVictimsOnNode } from "./victims.js";

/** What preemption reads besides the node snapshot. */
export interface PreemptionDeps {
  /** Every PodDisruptionBudget of the cluster (none when it serves no such kind). */
  pdbs(): readonly PodDisruptionBudget[];
  /** Virtual now, epoch ms: the start time of victims that have not started. */
  now(): number;
}

/** DefaultPreemptionArgs' defaults: dry-run at least this share of the nodes where preemption may help… */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
/** …and at least this many. */
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** The reason every node where removing pods cannot help reports. */
export const PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
/** The reason of a preemptor whose policy forbids preempting. */
export const NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never.";
/** The reason of a preemptor still waiting for its last victims to go. */
export const NOT_ELIGIBLE_TERMINATING = "not eligible due to a terminating pod on the nominated node.";

const NO_VICTIMS = new Status("UnschedulableAndUnresolvable", NO_VICTIMS_FOUND);

/** How many candidates to dry-run before choosing (`calculateNumCandidates`). */
export function calculateNumCandidates(numNodes: number): number {
  const n = Math.max(Math.floor((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE);
  return Math.min(n, numNodes);
}

/** True while a pod is being deleted because the scheduler preempted it. */
export function podTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  const c = pod.status?.conditions?.find((x) => x.type === "DisruptionTarget");
  return c?.status === "True" && c.reason === "PreemptionByScheduler";
}

/**
 * kube-scheduler's DefaultPreemption PostFilter: when no node fits a pod, find the
 * nodes where evicting pods of lower priority would make it fit, choose the victims on
 * each as few and as unimportant as possible (sparing PodDisruptionBudgets where it
 * can), pick the node that costs least, and nominate the pod to it. The caller evicts
 * the victims; this plugin only decides.
 */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = "DefaultPreemption";

  constructor(private readonly deps: PreemptionDeps) {}

  postFilter(state: CycleState, pod: Pod, statuses: ReadonlyMap<string, Status>, handle: FrameworkHandle): PostFilterResult {
    const r = this.preempt(state, pod, statuses, handle);
    const msg = r.status.message();
    return msg ? { ...r, status: new Status(r.status.code, `preemption: ${msg}`) } : r;
  }

  private preempt(state: CycleState, pod: Pod, statuses: ReadonlyMap<string, Status>, handle: FrameworkHandle): PostFilterResult {
    const notEligible = this.podEligibleToPreemptOthers(pod, statuses, handle);
    if (notEligible !== undefined) return { status: new Status("Unschedulable", notEligible) };
    const all = handle.nodeInfos();
    const { candidates, nodeStatuses, errors } = this.findCandidates(state, pod, all, statuses, handle);
    if (candidates.length === 0) {
      if (errors.length > 0) return { status: new Status("Error", errors.join(", ")) };
      const reasons = all.map((n) => nodeStatuses.get(n.name)?.reasons ?? [PREEMPTION_NOT_HELPFUL]);
      // No candidate: any earlier nomination is cleared.
      return { status: new Status("Unschedulable", fitErrorMessage(all.length, reasons)), nominatedNodeName: "" };
    }
    const best = pickOneNodeForPreemption(candidates, this.deps.now())!;
    return { status: new Status("Success"), nominatedNodeName: best.nodeName, victims: best.victims.pods };
  }

  /**
   * Why the pod may not preempt now, or undefined when it may: its policy is Never, or
   * it already preempted and its victims on the nominated node are still terminating.
   */
  private podEligibleToPreemptOthers(pod: Pod, statuses: ReadonlyMap<string, Status>, handle: FrameworkHandle): string | undefined {
    if (pod.spec?.preemptionPolicy === "Never") return NOT_ELIGIBLE_NEVER;
    const nominated = pod.status?.nominatedNodeName;
    if (!nominated) return undefined;
    // The nominated node can no longer take the pod whatever goes: preempt elsewhere.
    if ((statuses.get(nominated)?.code ?? "UnschedulableAndUnresolvable") === "UnschedulableAndUnresolvable") return undefined;
    const info = handle.nodeInfo(nominated);
    const priority = podPriority(pod);
    if (info?.pods.some((p) => podPriority(p) < priority && podTerminatingByPreemption(p))) return NOT_ELIGIBLE_TERMINATING;
    return undefined;
  }

  /**
   * Dry-runs preemption on the nodes whose filters failed in a way removing pods could
   * fix (code Unschedulable, not UnschedulableAndUnresolvable), from a random offset,
   * until enough candidates are found (one not breaking a budget among them).
   */
  private findCandidates(
    state: CycleState,
    pod: Pod,
    all: readonly NodeInfo[],
    statuses: ReadonlyMap<string, Status>,
    handle: FrameworkHandle,
  ): { candidates: Candidate[]; nodeStatuses: Map<string, Status>; errors: string[] } {
    const nodeStatuses = new Map<string, Status>();
    const errors: string[] = [];
    const potential = all.filter((n) => statuses.get(n.name)?.code === "Unschedulable");
    if (potential.length === 0) return { candidates: [], nodeStatuses, errors };
    const budgets = budgetViews(this.deps.pdbs());
    const now = this.deps.now();
    const n = potential.length;
    const offset = Math.min(n - 1, Math.floor(handle.rand() * n));
    const wanted = calculateNumCandidates(n);
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const priority = podPriority(pod);
    for (let i = 0; i < n; i++) {
      const info = potential[(offset + i) % n]!;
      // Most nodes of a busy cluster hold nothing to preempt: say so before copying them.
      if (!info.pods.some((p) => podPriority(p) < priority)) {
        nodeStatuses.set(info.name, NO_VICTIMS);
        continue;
      }
      const r = selectVictimsOnNode(state.clone(), pod, cloneNodeInfo(info), budgets, handle, now);
      if (r instanceof Status) {
        if (r.code === "Error") errors.push(r.message());
        nodeStatuses.set(info.name, r);
        continue;
      }
      if (r.pods.length === 0) {
        const msg = `expected at least one victim pod on node "${info.name}"`;
        errors.push(msg);
        nodeStatuses.set(info.name, new Status("Error", msg));
        continue;
      }
      const list = r.numPDBViolations === 0 ? nonViolating : violating;
      if (list.length < wanted) list.push({ nodeName: info.name, victims: r });
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    }
    return { candidates: [...nonViolating, ...violating], nodeStatuses, errors };
  }
}
