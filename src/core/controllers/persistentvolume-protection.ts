import type { PersistentVolume, Pod } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from "../apiserver/default-classes.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

/**
 * The PVC protection controller: a claim being deleted keeps its
 * `kubernetes.io/pvc-protection` finalizer while a scheduled pod still names it, and
 * loses it (and so goes) once no such pod is left.
 */
export class PVCProtectionReconciler implements Reconciler {
  readonly name = "pvc-protection-controller";
  readonly watches = [
    {
      resource: "persistentvolumeclaims",
      keys: (ev: WatchEvent) => (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp ? [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`] : []),
    },
    // A claim stays in use until the pod is gone: only a pod's deletion can free it.
    { resource: "pods", keys: (ev: WatchEvent) => (ev.type === "DELETED" ? claimsOf(asKind<Pod>(ev.object)) : []) },
  ];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const c of this.ctx.api.list("persistentvolumeclaims")) if (c.metadata.deletionTimestamp) yield `${c.metadata.namespace}/${c.metadata.name}`;
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("persistentvolumeclaims", namespace, name);
    if (!obj || !obj.metadata.deletionTimestamp || !(obj.metadata.finalizers ?? []).includes(PVC_PROTECTION_FINALIZER)) return;
    const inUse = this.ctx.api
      .list("pods", { namespace })
      .some((p) => {
        const pod = asKind<Pod>(p);
        return Boolean(pod.spec?.nodeName) && (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name);
      });
    if (inUse) return;
    removeFinalizer(this.ctx, obj, PVC_PROTECTION_FINALIZER);
  }
}

/**
 * The PV protection controller: a volume being deleted keeps its
 * `kubernetes.io/pv-protection` finalizer while it is Bound to a claim.
 */
export class PVProtectionReconciler implements Reconciler {
  readonly name = "pv-protection-controller";
  readonly watches = [
    { resource: "persistentvolumes", keys: (ev: WatchEvent) => (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp ? [ev.object.metadata.name!] : []) },
  ];

  constructor(private readonly ctx: EngineContext) {}

  *initialKeys(): Iterable<string> {
    for (const v of this.ctx.api.list("persistentvolumes")) if (v.metadata.deletionTimestamp) yield v.metadata.name!;
  }

  reconcile(name: string): void {
    const obj = this.ctx.api.tryGet("persistentvolumes", "", name);
    if (!obj || !obj.metadata.deletionTimestamp || !(obj.metadata.finalizers ?? []).includes(PV_PROTECTION_FINALIZER)) return;
    if (asKind<PersistentVolume>(obj).status?.phase === "Bound") return;
    removeFinalizer(this.ctx, obj, PV_PROTECTION_FINALIZER);
  }
}

function removeFinalizer(ctx: EngineContext, obj: KubeObject, finalizer: string): void {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  ctx.api.update({ ...obj, metadata: { ...obj.metadata, finalizers } });
}

function claimsOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName) out.push(`${pod.metadata?.namespace}/${v.persistentVolumeClaim.claimName}`);
  return out;
}
