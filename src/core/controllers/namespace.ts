import { asKind } from "../api/object.js";
import { KINDS, resourceOf } from "../api/registry.js";
import type { EngineContext } from "../engine/context.js";
import type { Reconciler, ReconcileResult } from "../engine/reconciler.js";
import type { Namespace } from "kubernetes-types/core/v1";

/** While content is still terminating (pods on their grace period), look again this often. */
const RECHECK_MS = 1000;

/**
 * The namespace controller: a Namespace marked for deletion is Terminating; everything
 * in it is deleted, and once it is empty the `kubernetes` finalizer is removed so the
 * Namespace itself goes.
 */
export class NamespaceReconciler implements Reconciler {
  readonly name = "namespace-controller";
  readonly watches = [{ resource: "namespaces", keys: (ev: { object: { metadata: { name?: string } } }) => [ev.object.metadata.name!] }];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const ns of this.ctx.api.list("namespaces")) if (ns.metadata.deletionTimestamp) yield ns.metadata.name!;
  }

  reconcile(name: string): ReconcileResult | void {
    const obj = this.ctx.api.tryGet("namespaces", "", name);
    if (!obj || !obj.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const kind of KINDS) {
      if (!kind.namespaced) continue;
      const resource = resourceOf(kind);
      for (const o of this.ctx.api.list(resource, { namespace: name })) {
        remaining++;
        if (!o.metadata.deletionTimestamp) this.ctx.api.delete(resource, name, o.metadata.name!);
      }
    }
    if (remaining > 0) return { requeueAfter: RECHECK_MS };
    const ns = asKind<Namespace>(obj);
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== "kubernetes");
    this.ctx.api.update({ ...obj, spec: { ...ns.spec, finalizers } });
  }
}
