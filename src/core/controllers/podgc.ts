import type { Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { markFailedAndDeletePod } from "./podgc-terminating.js";

/** kube-controller-manager's PodGC waits this long before deleting a pod whose node is gone. */
const ORPHAN_QUARANTINE_MS = 40_000;

/**
 * The pod garbage collector's orphan rule: a pod bound to a node that no longer exists
 * is set Failed and deleted (forcefully: no kubelet is left to confirm it) after a short quarantine,
 * in case the node was only being re-registered.
 */
export class PodGCReconciler implements Reconciler {
  readonly name = "pod-garbage-collector";
  readonly watches = [
    { resource: "nodes", keys: (ev: WatchEvent) => (ev.type === "DELETED" ? this.podsOn(ev.object.metadata.name!) : []) },
  ];
  /** When each orphan was first seen, so the quarantine survives requeues. */
  private readonly orphanedAt = new Map<string, number>();

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    const nodes = new Set(this.ctx.api.list("nodes").map((n) => n.metadata.name));
    for (const p of this.ctx.api.list("pods")) {
      const nodeName = asKind<Pod>(p).spec?.nodeName;
      if (nodeName && !nodes.has(nodeName)) yield objectKey(p.metadata.namespace, p.metadata.name!);
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("pods", namespace, name);
    const nodeName = obj && asKind<Pod>(obj).spec?.nodeName;
    if (!obj || !nodeName || this.ctx.api.tryGet("nodes", "", nodeName)) {
      this.orphanedAt.delete(key);
      return;
    }
    const now = this.ctx.clock.now();
    const since = this.orphanedAt.get(key) ?? now;
    this.orphanedAt.set(key, since);
    if (now - since < ORPHAN_QUARANTINE_MS) return { requeueAfter: since + ORPHAN_QUARANTINE_MS - now };
    this.orphanedAt.delete(key);
    markFailedAndDeletePod(this.ctx.api, obj, now, { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists" });
  }

  private podsOn(nodeName: string): string[] {
    return this.ctx.api
      .list("pods", { fieldSelector: `spec.nodeName=${nodeName}` })
      .map((p) => objectKey(p.metadata.namespace, p.metadata.name!));
  }
}
