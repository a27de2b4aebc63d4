import type { Node, Pod, PodCondition } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { TAINT_NODE_OUT_OF_SERVICE } from "./node-lifecycle-taints.js";
import type { NodePodIndex } from "./node-pod-index.js";

/**
 * PodGC's markFailedAndDeletePod: a pod no kubelet will finish is set Failed (with the
 * condition saying why, if given) and then deleted at once.
 */
export function markFailedAndDeletePod(api: Api, obj: KubeObject, now: number, condition?: Omit<PodCondition, "lastTransitionTime" | "lastProbeTime">): void {
  const pod = asKind<Pod>(obj);
  try {
    const phase = pod.status?.phase;
    if (phase !== "Succeeded" && phase !== "Failed") {
      let conditions = pod.status?.conditions ?? [];
      if (condition && !conditions.some((c) => c.type === condition.type && c.status === condition.status)) {
        const full: PodCondition = { ...condition, lastProbeTime: null as unknown as string, lastTransitionTime: rfc3339(now) };
        conditions = [...conditions.filter((c) => c.type !== condition.type), full];
      }
      api.updateStatus({ ...obj, status: { ...pod.status, phase: "Failed", conditions } });
    }
    api.delete("pods", obj.metadata.namespace ?? "", obj.metadata.name ?? "", { gracePeriodSeconds: 0 });
  } catch (e) {
    if (!isApiError(e, "NotFound")) throw e;
  }
}

/**
 * PodGC's gcTerminating (non-graceful node shutdown): the terminating pods of a node
 * that is not Ready and that an operator tainted `node.kubernetes.io/out-of-service`
 * are force-deleted, so that StatefulSets and volumes can move on. Without that
 * taint, pods deleted on an unreachable node stay Terminating, as in Kubernetes.
 */
export class PodGCTerminatingReconciler implements Reconciler {
  readonly name = "pod-garbage-collector-terminating";
  readonly watches;
  /** Nodes not Ready and out of service. */
  private readonly outOfService = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly pods: NodePodIndex,
  ) {
    this.watches = [
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      {
        resource: "pods",
        keys: (ev: WatchEvent) => {
          const nodeName = asKind<Pod>(ev.object).spec?.nodeName;
          return ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp && nodeName && this.outOfService.has(nodeName) ? [nodeName] : [];
        },
      },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.outOfService.clear();
    for (const obj of this.ctx.api.list("nodes")) {
      if (isOutOfService(asKind<Node>(obj))) {
        this.outOfService.add(obj.metadata.name ?? "");
        yield obj.metadata.name ?? "";
      }
    }
  }

  reconcile(nodeName: string): void {
    const obj = this.ctx.api.tryGet("nodes", "", nodeName);
    if (!obj || !isOutOfService(asKind<Node>(obj))) return;
    for (const key of [...this.pods.podsOn(nodeName)]) {
      const { namespace, name } = splitKey(key);
      const pod = this.ctx.api.tryGet("pods", namespace, name);
      if (pod?.metadata.deletionTimestamp) markFailedAndDeletePod(this.ctx.api, pod, this.ctx.clock.now());
    }
  }

  private onNode(ev: WatchEvent): string[] {
    const name = ev.object.metadata.name ?? "";
    if (ev.type !== "DELETED" && isOutOfService(asKind<Node>(ev.object))) {
      this.outOfService.add(name);
      return [name];
    }
    this.outOfService.delete(name);
    return [];
  }
}

function isOutOfService(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  return !ready && (node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE);
}
