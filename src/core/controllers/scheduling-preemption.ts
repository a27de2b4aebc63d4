/**
 * The scheduler's side effects of preemption, after the DefaultPreemption plugin has
 * decided (kube's prepareCandidate and PreemptPod): victims marked DisruptionTarget and
 * deleted gracefully with a `Preempted` event, and lower-priority nominations on the
 * node withdrawn. Also the PodDisruptionBudget lister preemption reads.
 */
import type { Pod, PodCondition } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { isApiError } from "../api/errors.js";
import { asKind } from "../api/object.js";
import { podPriority } from "../api/priority.js";
import { kindForResource } from "../api/registry.js";
import type { Api } from "../apiserver/types.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import type { PodNominator } from "../scheduler/nominator.js";

const PDBS = "poddisruptionbudgets.policy";
const DEFAULT_SCHEDULER = "default-scheduler";

/** Every PodDisruptionBudget, read when preemption needs them; none while the cluster does not serve the kind. */
export function apiPdbLister(api: Api): () => readonly PodDisruptionBudget[] {
  return () => (kindForResource(PDBS) ? api.list(PDBS).map((o) => asKind<PodDisruptionBudget>(o)) : []);
}

function ignoreNotFound(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!isApiError(e, "NotFound")) throw e;
  }
}

/**
 * Preempts one victim for `preemptor` on `nodeName` (kube's PreemptPod): the
 * DisruptionTarget condition (reason PreemptionByScheduler) first, so the pod's owner and
 * its kubelet know why it goes, then a graceful delete and the `Preempted` event.
 * A victim already being deleted is left alone.
 */
function preemptPod(ctx: EngineContext, preemptor: Pod, nodeName: string, victim: Pod): void {
  const ns = victim.metadata?.namespace ?? "";
  const name = victim.metadata?.name ?? "";
  const current = ctx.api.tryGet("pods", ns, name);
  if (!current || current.metadata.deletionTimestamp) return;
  const pod = asKind<Pod>(current);
  const conditions = pod.status?.conditions ?? [];
  const existing = conditions.find((c) => c.type === "DisruptionTarget");
  const condition: PodCondition = {
    type: "DisruptionTarget",
    status: "True",
    lastProbeTime: null as unknown as string,
    lastTransitionTime: existing?.status === "True" ? existing.lastTransitionTime : rfc3339(ctx.clock.now()),
    reason: "PreemptionByScheduler",
    message: `${preemptor.spec?.schedulerName ?? DEFAULT_SCHEDULER}: preempting to accommodate a higher priority pod`,
  };
  ignoreNotFound(() => {
    ctx.api.updateStatus({ ...current, status: { ...pod.status, conditions: [...conditions.filter((c) => c.type !== "DisruptionTarget"), condition] } });
    ctx.api.delete("pods", ns, name);
    ctx.events.record(current, "Normal", "Preempted", `Preempted by pod ${preemptor.metadata?.uid ?? ""} on node ${nodeName}`, { component: DEFAULT_SCHEDULER });
  });
}

/**
 * Carries out a preemption: evicts the victims, then withdraws the nominations of
 * lower-priority pods to the same node (they may no longer fit there, and should look
 * elsewhere rather than wait).
 */
export function preemptVictims(ctx: EngineContext, nominator: PodNominator, preemptor: Pod, nodeName: string, victims: readonly Pod[]): void {
  for (const victim of victims) preemptPod(ctx, preemptor, nodeName, victim);
  const priority = podPriority(preemptor);
  for (const p of [...nominator.nominatedPodsForNode(nodeName)]) {
    if (podPriority(p) >= priority) continue;
    nominator.deleteNominatedPodIfExists(p);
    ignoreNotFound(() => {
      const current = ctx.api.tryGet("pods", p.metadata?.namespace ?? "", p.metadata?.name ?? "");
      const status = current && (asKind<Pod>(current).status ?? {});
      if (!current || !status?.nominatedNodeName) return;
      const next = { ...status };
      delete next.nominatedNodeName;
      ctx.api.updateStatus({ ...current, status: next });
    });
  }
}
