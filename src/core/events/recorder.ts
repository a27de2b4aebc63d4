import type { Event } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { parseTime, rfc3339, type Clock } from "../engine/clock.js";
import type { EventRecorder, EventSource, EventType } from "../engine/context.js";
import type { Rng } from "../engine/rand.js";

/**
 * client-go's EventCorrelator keeps this many recent event keys (maxLruCacheEntries):
 * a repeat of an event older than that starts a new Event object instead of counting.
 */
export const EVENT_CACHE_SIZE = 4096;

/** Where an aggregated Event is stored. */
interface CachedEvent {
  namespace: string;
  name: string;
}

/**
 * Records core/v1 Events through the API the way client-go's recorder does: one Event
 * per new (object, type, reason, message, source), named `<object>.<hex>`, in the
 * object's namespace (`default` for cluster-scoped objects); a repeat bumps `count`
 * and `lastTimestamp` of the existing Event instead of creating another.
 *
 * The dedup index is an LRU in memory, filled from the stored Events the first time it
 * is needed, so that a restarted engine keeps counting where the last one stopped.
 * Failures to record (a namespace being deleted, say) are dropped, as client-go does:
 * an event is never worth failing the caller's work.
 */
export class ApiEventRecorder implements EventRecorder {
  private index: Map<string, CachedEvent> | undefined;
  private lastNameMs = NaN;
  private sameMs = 0;

  constructor(
    private readonly api: Api,
    private readonly clock: Clock,
    private readonly rand: Rng,
    private readonly cacheSize = EVENT_CACHE_SIZE,
  ) {}

  record(regarding: KubeObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const involved = involvedObjectOf(regarding, fieldPath);
    const key = aggregationKey(involved, type, reason, message, source);
    const index = this.loadIndex();
    const now = this.clock.now();
    try {
      const cached = index.get(key);
      const existing = cached && this.api.tryGet("events", cached.namespace, cached.name);
      if (cached && existing) {
        const ev = asKind<Event>(existing);
        const next = { ...existing, count: (ev.count ?? 1) + 1, lastTimestamp: rfc3339(now) };
        this.api.update(next);
        this.touch(index, key, cached);
        return;
      }
      const created = this.create(involved, type, reason, message, source, now);
      this.touch(index, key, { namespace: created.metadata.namespace ?? "", name: created.metadata.name ?? "" });
    } catch (err) {
      if (isApiError(err)) return;
      throw err;
    }
  }

  private create(
    involved: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
    now: number,
  ): KubeObject {
    const t = rfc3339(now);
    const namespace = involved.namespace || "default";
    // client-go names an Event after its object and the time in nanoseconds. Virtual
    // time has milliseconds: the sub-millisecond digits count events within the same
    // millisecond, and are drawn only when that name is taken (after a restart).
    if (now !== this.lastNameMs) {
      this.lastNameMs = now;
      this.sameMs = 0;
    }
    for (let attempt = 0; ; attempt++) {
      const sub = attempt === 0 ? this.sameMs++ % 1_000_000 : this.rand.int(1_000_000);
      const nanos = BigInt(now) * 1_000_000n + BigInt(sub);
      const event: KubeObject = {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: `${involved.name}.${nanos.toString(16)}`, namespace },
        involvedObject: involved,
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: t,
        lastTimestamp: t,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? "",
      };
      try {
        return this.api.create(event);
      } catch (err) {
        if (!isApiError(err, "AlreadyExists") || attempt >= 3) throw err;
      }
    }
  }

  /** Marks `key` as most recently used, evicting the least recently used past the cap. */
  private touch(index: Map<string, CachedEvent>, key: string, where: CachedEvent): void {
    index.delete(key);
    index.set(key, where);
    if (index.size > this.cacheSize) {
      const oldest = index.keys().next();
      if (!oldest.done) index.delete(oldest.value);
    }
  }

  private loadIndex(): Map<string, CachedEvent> {
    if (this.index) return this.index;
    const index = new Map<string, CachedEvent>();
    const stored = this.api
      .list("events")
      .map((obj) => asKind<Event>(obj))
      .filter((ev) => ev.involvedObject?.name && ev.reason !== undefined)
      .sort((a, b) => lastSeen(a) - lastSeen(b));
    for (const ev of stored.slice(-this.cacheSize)) {
      const key = aggregationKey(
        ev.involvedObject,
        ev.type ?? "Normal",
        ev.reason ?? "",
        ev.message ?? "",
        { component: ev.source?.component ?? "", host: ev.source?.host },
      );
      index.set(key, { namespace: ev.metadata.namespace ?? "", name: ev.metadata.name ?? "" });
    }
    this.index = index;
    return index;
  }
}

type InvolvedObject = NonNullable<Event["involvedObject"]>;

function involvedObjectOf(obj: KubeObject, fieldPath: string | undefined): InvolvedObject {
  const ref: InvolvedObject = {
    kind: obj.kind,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata.name ?? "",
    uid: obj.metadata.uid ?? "",
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion ?? "",
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** client-go's getEventKey: everything that makes two events "the same" except time and the object's version. */
function aggregationKey(ref: InvolvedObject, type: string, reason: string, message: string, source: EventSource): string {
  return [
    source.component,
    source.host ?? "",
    ref.kind ?? "",
    ref.namespace ?? "",
    ref.name ?? "",
    ref.fieldPath ?? "",
    ref.uid ?? "",
    ref.apiVersion ?? "",
    type,
    reason,
    message,
  ].join("\u0000");
}

function lastSeen(ev: Event): number {
  const t = parseTime(ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp);
  return Number.isNaN(t) ? 0 : t;
}
