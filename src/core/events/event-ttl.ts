import type { Event } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { parseTime, type Clock } from "../engine/clock.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

/** kube-apiserver's default `--event-ttl`: an Event lives one hour after it was last seen. */
export const EVENT_TTL_MS = 60 * 60_000;

/**
 * Expires Events the way kube-apiserver's `--event-ttl` does (there, an etcd lease):
 * each Event is deleted one TTL of virtual time after its `lastTimestamp`. A repeat
 * that bumps `lastTimestamp` pushes the expiry back, since the change requeues it.
 */
export class EventTTLReconciler implements Reconciler {
  readonly name = "event-ttl";
  readonly watches = [{ resource: "events", keys: (ev: WatchEvent) => (ev.type === "DELETED" ? [] : [keyOf(ev.object.metadata)]) }];

  constructor(
    private readonly api: Api,
    private readonly clock: Clock,
    private readonly ttlMs = EVENT_TTL_MS,
  ) {}

  *initialKeys(): Iterable<string> {
    for (const ev of this.api.list("events")) yield keyOf(ev.metadata);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.api.tryGet("events", namespace, name);
    if (!obj) return;
    const expiry = lastSeen(asKind<Event>(obj)) + this.ttlMs;
    const now = this.clock.now();
    if (expiry > now) return { requeueAfter: expiry - now };
    try {
      this.api.delete("events", namespace, name, { preconditionResourceVersion: obj.metadata.resourceVersion });
    } catch (err) {
      // Gone already, or refreshed since it was read: the refresh requeued it.
      if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
    }
  }
}

function keyOf(meta: { namespace?: string; name?: string }): string {
  return objectKey(meta.namespace, meta.name ?? "");
}

/** When an Event was last seen: `lastTimestamp`, else `eventTime` (events.k8s.io style), else its creation. */
function lastSeen(ev: Event): number {
  for (const t of [ev.lastTimestamp, ev.eventTime, ev.metadata.creationTimestamp]) {
    const ms = parseTime(t ?? undefined);
    if (!Number.isNaN(ms)) return ms;
  }
  return 0;
}
