import type { EngineContext } from "../engine/context.js";
import type { Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

/** The service account controller: every active namespace has a `default` ServiceAccount. */
export class ServiceAccountReconciler implements Reconciler {
  readonly name = "serviceaccount-controller";
  readonly watches = [
    { resource: "namespaces", keys: (ev: WatchEvent) => (ev.type === "DELETED" ? [] : [ev.object.metadata.name!]) },
    {
      resource: "serviceaccounts",
      keys: (ev: WatchEvent) => (ev.type === "DELETED" && ev.object.metadata.name === "default" ? [ev.object.metadata.namespace!] : []),
    },
  ];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const ns of this.ctx.api.list("namespaces")) yield ns.metadata.name!;
  }

  reconcile(namespace: string): void {
    const ns = this.ctx.api.tryGet("namespaces", "", namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (this.ctx.api.tryGet("serviceaccounts", namespace, "default")) return;
    this.ctx.api.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace } });
  }
}
