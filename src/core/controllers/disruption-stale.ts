/**
 * The disruption controller's second duty (syncStalePodDisruption): a pod marked
 * `DisruptionTarget=True` by an eviction or a preemption that then was not deleted
 * (the delete failed, a precondition conflicted) has its condition reset to False
 * after two minutes, so it does not read as doomed for ever. Conditions the kubelet
 * sets, and those of finished pods, are left alone.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { DISRUPTION_TARGET, withPodCondition } from "../disruption/index.js";
import type { WatchEvent } from "../store.js";

/** How long a DisruptionTarget condition may stand on a pod that is not being deleted. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** The condition's reason when the kubelet itself is terminating the pod (never stale). */
const TERMINATION_BY_KUBELET = "TerminationByKubelet";

/**
 * nonTerminatingPodHasStaleDisruptionCondition: the virtual time at which the pod's
 * condition becomes stale, or undefined when it has none that can be.
 */
export function staleDisruptionDeadline(pod: Pod): number | undefined {
  if (pod.metadata?.deletionTimestamp) return undefined;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return undefined;
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === DISRUPTION_TARGET);
  if (!cond || cond.status !== "True" || cond.reason === TERMINATION_BY_KUBELET) return undefined;
  const since = parseTime(cond.lastTransitionTime ?? undefined);
  return (Number.isNaN(since) ? 0 : since) + STALE_POD_DISRUPTION_TIMEOUT_MS;
}

/** Resets stale DisruptionTarget conditions on pods. */
export class StalePodDisruptionReconciler implements Reconciler {
  readonly name = "disruption-controller-stale-pods";
  readonly watches = [{ resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) }];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const p of this.ctx.api.list("pods")) {
      if (staleDisruptionDeadline(asKind<Pod>(p)) !== undefined) yield objectKey(p.metadata.namespace, p.metadata.name ?? "");
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    if (!obj) return;
    const pod = asKind<Pod>(obj);
    const deadline = staleDisruptionDeadline(pod);
    if (deadline === undefined) return;
    const now = this.ctx.clock.now();
    if (deadline > now) return { requeueAfter: deadline - now };
    const status = withPodCondition(pod, { type: DISRUPTION_TARGET, status: "False" }, now);
    if (!status) return;
    try {
      this.ctx.api.updateStatus({ ...(obj as KubeObject), status });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
      if (isApiError(e, "Conflict")) return { requeueAfter: 1_000 };
    }
  }

  private onPod(ev: WatchEvent): string[] {
    if (ev.type === "DELETED") return [];
    return staleDisruptionDeadline(asKind<Pod>(ev.object)) === undefined ? [] : [objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "")];
  }
}
