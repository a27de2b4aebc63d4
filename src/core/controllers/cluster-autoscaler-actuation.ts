/**
 * Removing a node, as the cluster autoscaler's actuator does (core/scaledown/actuation):
 * taint it `ToBeDeletedByClusterAutoscaler`, evict its pods through the Eviction API
 * (so PodDisruptionBudgets hold), wait for them to go (at most their grace period,
 * capped at max-graceful-termination-sec, plus a headroom), then delete the node and
 * lower its pool's target size. An eviction refused with 429 aborts the removal: the
 * node is untainted and kept.
 */
import type { Node, Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { NODEPOOL_RESOURCE, targetSize, type NodePool } from "../api/nodepool.js";
import { asKind, type KubeObject } from "../api/object.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { cleanToBeDeleted, deletionStartedAt, markToBeDeleted } from "./cluster-autoscaler-taints.js";
import { statusConfigMap } from "./cluster-autoscaler-status.js";
import { writeStatusIfChanged } from "./controller-utils.js";

/** max-graceful-termination-sec. */
export const MAX_GRACEFUL_TERMINATION_SEC = 600;
/** PodEvictionHeadroom: how much longer than the grace period CA waits for evicted pods. */
const POD_EVICTION_HEADROOM_MS = 30_000;
const SOURCE = { component: "cluster-autoscaler" };

export type DrainOutcome = "deleted" | "draining" | "aborted";

export class ScaleDownActuator {
  constructor(private readonly ctx: EngineContext) {}

  /**
   * Starts removing a node: taints it and evicts `pods`. An empty node is deleted at
   * once; otherwise the caller looks again with {@link continueDeletion}.
   */
  start(node: string, pool: string, pods: readonly Pod[], summary: string): DrainOutcome {
    const now = this.ctx.clock.now();
    let obj: KubeObject;
    try {
      obj = markToBeDeleted(this.ctx.api, node, now);
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
      return "aborted";
    }
    this.ctx.events.record(obj, "Normal", "ScaleDown", "marked the node as toBeDeleted/unschedulable", SOURCE);
    const cm = statusConfigMap(this.ctx.api);
    if (pods.length === 0) {
      if (cm) this.ctx.events.record(cm, "Normal", "ScaleDownEmpty", `Scale-down: removing empty node ${node}`, SOURCE);
      this.deleteNode(obj, pool);
      return "deleted";
    }
    if (cm) this.ctx.events.record(cm, "Normal", "ScaleDown", summary, SOURCE);
    return this.evict(obj, pods) ? "draining" : "aborted";
  }

  /**
   * A node being removed: evicts what is still running there (after a restart, say),
   * and deletes the node once `remaining` (its pods other than DaemonSet and mirror
   * pods, terminating ones included) are gone or have had their time.
   */
  continueDeletion(obj: KubeObject, pool: string, remaining: readonly Pod[]): DrainOutcome {
    const now = this.ctx.clock.now();
    const running = remaining.filter((p) => !p.metadata?.deletionTimestamp);
    if (running.length > 0 && !this.evict(obj, running)) return "aborted";
    const started = deletionStartedAt(asKind<Node>(obj));
    const waitedEnough = !Number.isNaN(started) && now >= started + MAX_GRACEFUL_TERMINATION_SEC * 1000 + POD_EVICTION_HEADROOM_MS;
    if (remaining.length > 0 && !waitedEnough) return "draining";
    this.deleteNode(obj, pool);
    return "deleted";
  }

  /** Evicts each pod; false (after untainting the node) when one is refused. */
  private evict(node: KubeObject, pods: readonly Pod[]): boolean {
    for (const pod of pods) {
      const ns = pod.metadata?.namespace ?? "";
      const name = pod.metadata?.name ?? "";
      const current = this.ctx.api.tryGet("pods", ns, name);
      if (!current) continue;
      this.ctx.events.record(current, "Normal", "ScaleDown", "deleting pod for node scale down", SOURCE);
      const grace = Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, MAX_GRACEFUL_TERMINATION_SEC);
      try {
        this.ctx.api.evict(ns, name, { gracePeriodSeconds: grace });
      } catch (e) {
        if (isApiError(e, "NotFound")) continue;
        if (!isApiError(e)) throw e;
        this.abort(node.metadata.name ?? "");
        return false;
      }
    }
    return true;
  }

  private abort(node: string): void {
    cleanToBeDeleted(this.ctx.api, node);
    const obj = this.ctx.api.tryGet("nodes", "", node);
    if (obj) this.ctx.events.record(obj, "Warning", "ScaleDownFailed", "failed to drain the node, aborting ScaleDown", SOURCE);
  }

  /** Deletes the node and lowers its pool's target by one (the cloud's DeleteNodes). */
  private deleteNode(obj: KubeObject, pool: string): void {
    const name = obj.metadata.name ?? "";
    try {
      this.ctx.api.delete("nodes", "", name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
    this.ctx.events.record(obj, "Normal", "ScaleDown", "node removed by cluster autoscaler", SOURCE);
    const poolObj = this.ctx.api.tryGet(NODEPOOL_RESOURCE, "", pool);
    if (!poolObj) return;
    const np = asKind<NodePool>(poolObj);
    const status = {
      ...np.status,
      desiredSize: Math.max(np.spec.minSize, targetSize(np) - 1),
      lastScaleDownTime: rfc3339(this.ctx.clock.now()),
      unneededNodes: (np.status?.unneededNodes ?? []).filter((u) => u.name !== name),
    };
    if (status.unneededNodes.length === 0) delete (status as { unneededNodes?: unknown }).unneededNodes;
    writeStatusIfChanged(this.ctx.api, poolObj, status);
  }
}
