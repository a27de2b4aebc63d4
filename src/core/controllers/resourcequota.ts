/**
 * The resource quota controller (kube-controller-manager's resourcequota package):
 * keeps each quota's `status.hard` equal to its spec and `status.used` equal to what
 * the namespace's objects use. Admission charges new usage as objects are written; this
 * controller gives usage back (replenishment) when objects go away or stop counting —
 * a pod that finished, a terminating pod past its grace period — and recalculates
 * every quota every five minutes, as `--resource-quota-sync-period` does.
 */
import type { Pod, ResourceQuota } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { KINDS, resourceOf } from "../api/registry.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult, type WatchSpec } from "../engine/reconciler.js";
import { evaluatorsForNames } from "../quota/evaluators.js";
import { podCountsForQuota } from "../quota/pod-usage.js";
import { equalLists, formatResourceList, parseResourceList } from "../quota/resources.js";
import type { WatchEvent } from "../store.js";
import { writeStatusIfChanged } from "./controller-utils.js";
import { calculateUsage } from "./resourcequota-usage.js";

/** The quota controller's full recalculation period (kube-controller-manager's default). */
export const QUOTA_RESYNC_MS = 5 * 60_000;

const QUOTAS = "resourcequotas";

/** Recalculates quota usage; one key per ResourceQuota. */
export class ResourceQuotaReconciler implements Reconciler {
  readonly name = "resourcequota-controller";
  readonly watches: readonly WatchSpec[];
  /** Per namespace, each quota's name and the store resources its hard limits make it count. */
  private readonly index = new Map<string, Map<string, ReadonlySet<string>>>();

  constructor(private readonly ctx: EngineContext) {
    const counted = KINDS.filter((k) => k.namespaced).map((k) => resourceOf(k));
    this.watches = counted.map((resource) => ({
      resource,
      keys: (ev: WatchEvent) => (resource === QUOTAS ? this.onQuota(ev) : this.onObject(resource, ev)),
    }));
  }

  *initialKeys(): Iterable<string> {
    this.index.clear();
    for (const q of this.ctx.api.list(QUOTAS)) {
      this.remember(q);
      yield objectKey(q.metadata.namespace, q.metadata.name!);
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(QUOTAS, namespace, name);
    if (!obj) return;
    this.remember(obj);
    const rq = asKind<ResourceQuota>(obj);
    const hard = parseResourceList(rq.spec?.hard);
    const now = this.ctx.clock.now();
    const { used, nextChange } = calculateUsage(this.ctx.api, rq, [...hard.keys()], now);
    // Equal quantities written differently (`1000m`, `1`) are no change.
    if (!equalLists(parseResourceList(rq.status?.hard), hard) || !equalLists(parseResourceList(rq.status?.used), used) || rq.status?.used === undefined) {
      writeStatusIfChanged(this.ctx.api, obj, { hard: formatResourceList(hard), used: formatResourceList(used) });
    }
    // A terminating pod stops counting just after its grace period ends.
    const wait = nextChange !== undefined ? Math.min(QUOTA_RESYNC_MS, nextChange - now + 1) : QUOTA_RESYNC_MS;
    return { requeueAfter: Math.max(1, wait) };
  }

  /** Indexes what a quota counts, so that object changes reach only the quotas concerned. */
  private remember(quota: KubeObject): void {
    const ns = quota.metadata.namespace ?? "";
    const names = Object.keys(asKind<ResourceQuota>(quota).spec?.hard ?? {});
    const resources = new Set(evaluatorsForNames(names).map((e) => e.resource));
    let quotas = this.index.get(ns);
    if (!quotas) this.index.set(ns, (quotas = new Map()));
    quotas.set(quota.metadata.name!, resources);
  }

  private forget(quota: KubeObject): void {
    const ns = quota.metadata.namespace ?? "";
    const quotas = this.index.get(ns);
    quotas?.delete(quota.metadata.name!);
    if (quotas?.size === 0) this.index.delete(ns);
  }

  /** The namespace's quotas that count `resource`. */
  private quotasCounting(ns: string, resource: string): string[] {
    const quotas = this.index.get(ns);
    if (!quotas) return [];
    const keys: string[] = [];
    for (const [name, resources] of quotas) if (resources.has(resource)) keys.push(objectKey(ns, name));
    return keys;
  }

  /**
   * A quota is synced when its spec asks for what its status does not show yet (a new
   * quota, changed hard limits); its own status writes are not a reason. Quotas that
   * count quotas are told when one goes.
   */
  private onQuota(ev: WatchEvent): string[] {
    const q = ev.object;
    const ns = q.metadata.namespace ?? "";
    if (ev.type === "DELETED") {
      this.forget(q);
      return this.quotasCounting(ns, QUOTAS);
    }
    this.remember(q);
    const rq = asKind<ResourceQuota>(q);
    const hard = parseResourceList(rq.spec?.hard);
    const used = rq.status?.used ?? {};
    const names = [...hard.keys()];
    // Names no evaluator accounts for never get a usage; they are no reason to sync again.
    const tracked = evaluatorsForNames(names).flatMap((e) => e.matchingResources(names));
    const synced = equalLists(parseResourceList(rq.status?.hard), hard) && tracked.every((k) => k in used);
    return synced ? [] : [objectKey(ns, q.metadata.name!)];
  }

  /**
   * Replenishment: usage goes down when an object is deleted, when a pod stops counting
   * (finished, or terminating) and when a Service or claim changes; everything that
   * adds usage was charged by admission already.
   */
  private onObject(resource: string, ev: WatchEvent): string[] {
    const ns = ev.object.metadata.namespace ?? "";
    if (!this.index.has(ns)) return [];
    if (ev.type !== "DELETED") {
      if (resource === "pods") {
        const pod = asKind<Pod>(ev.object);
        if (!pod.metadata?.deletionTimestamp && podCountsForQuota(pod, this.ctx.clock.now())) return [];
      } else if (resource !== "services" && resource !== "persistentvolumeclaims") {
        return [];
      } else if (ev.type === "ADDED") {
        return [];
      }
    }
    return this.quotasCounting(ns, resource);
  }
}
