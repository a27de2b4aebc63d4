/**
 * What the workload controllers share, after kube-controller-manager's
 * pkg/controller/controller_utils.go: the pod-template hash, controller references,
 * pod readiness and availability, pods from templates, and int-or-percent values.
 */
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import type { LabelSelector, OwnerReference } from "kubernetes-types/meta/v1";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext, EventType } from "../engine/context.js";
import { objectKey } from "../engine/reconciler.js";
import { fromLabelSelector, matches, type Selector } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";

/** The label that tells a Deployment's ReplicaSets (and their pods) apart. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** The label DaemonSet and StatefulSet pods carry: the ControllerRevision they were made from. */
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";

/** kube-controller-manager creates at most this many pods per sync (burstReplicas). */
export const BURST_REPLICAS = 500;

const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** apimachinery's rand.SafeEncodeString: each byte mapped onto consonants and digits that spell no words. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` and then `extra`. */
export function fnv32a(text: string, extra: readonly number[] = []): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, "utf8");
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  for (const b of extra) {
    h ^= b & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted, so that equal objects hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

/**
 * controller.ComputeHash: FNV-1a over the pod template (here its canonical JSON, where
 * Kubernetes hashes Go's printed struct), then the collision count as 8 little-endian
 * bytes, rendered with SafeEncodeString: `75675f5897`.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  const extra: number[] = [];
  if (collisionCount !== undefined && collisionCount !== null) {
    const n = collisionCount >>> 0;
    extra.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff, 0, 0, 0, 0);
  }
  return safeEncodeString(String(fnv32a(canonicalJson(template), extra)));
}

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerRefOf(obj: { metadata?: { ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** A controller reference to `owner`, blocking its foreground deletion (metav1.NewControllerRef). */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata?.deletionTimestamp;
}

/** Neither Succeeded nor Failed (it may be terminating). */
export function isPodNonTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed";
}

/** The pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** When the pod last became Ready (epoch ms), NaN when it is not. */
export function podReadySince(pod: Pod): number {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === "Ready" && x.status === "True");
  return c ? parseTime(c.lastTransitionTime ?? undefined) : NaN;
}

/** Ready for at least `minReadySeconds` at `now` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** A structured selector compiled; an invalid one selects nothing. */
export function selectorOf(selector: LabelSelector | undefined): Selector | undefined {
  try {
    const s = fromLabelSelector(selector);
    return s.length === 0 ? undefined : s;
  } catch {
    return undefined;
  }
}

/**
 * controller.GetPodFromTemplate: labels, annotations and spec from the template, named
 * `<generateName><5 random chars>` by the API, owned by `controllerRef`.
 */
export function podFromTemplate(template: PodTemplateSpec | undefined, namespace: string, generateName: string, controllerRef: OwnerReference): KubeObject {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName,
      namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template?.spec ?? {}),
  };
}

/**
 * intstr.GetScaledValueFromIntOrPercent: a number as it is, `25%` of `total` rounded up
 * or down.
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const m = /^(\d+)%$/.exec(value);
    if (m) {
      const v = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(v) : Math.floor(v);
    }
    const n = Number(value);
    if (value.trim() !== "" && Number.isInteger(n)) return n;
  }
  return 0;
}

/** client-go's event spam filter: a burst of 25 events per object and reason, then one per 5 minutes. */
export class EventSpamFilter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly burst = 25,
    private readonly refillMs = 5 * 60_000,
  ) {}

  /** True when an event about `uid` with `reason` may be recorded at `now`. */
  allow(uid: string, reason: string, now: number): boolean {
    const key = `${uid}/${reason}`;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    const refill = Math.floor((now - b.at) / this.refillMs);
    if (refill > 0) {
      b.tokens = Math.min(this.burst, b.tokens + refill);
      b.at += refill * this.refillMs;
    }
    this.buckets.set(key, b);
    if (b.tokens <= 0) return false;
    b.tokens--;
    if (this.buckets.size > 10_000) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return true;
  }
}

/** A controller's event recorder behind client-go's spam filter (see {@link EventSpamFilter}). */
export class ControllerEvents {
  private readonly spam = new EventSpamFilter();
  constructor(
    private readonly ctx: EngineContext,
    private readonly component: string,
  ) {}

  record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    if (this.spam.allow(obj.metadata.uid ?? "", reason, this.ctx.clock.now())) {
      this.ctx.events.record(obj, type, reason, message, { component: this.component });
    }
  }
}

/**
 * The owners a pod change concerns, for a controller of `kind` whose objects live in
 * `resource`: its controller when it has one; when it is an orphan, every object of
 * that kind in its namespace whose selector matches it (a candidate to adopt it).
 */
export function ownersOfPod(api: Api, ev: WatchEvent, kind: string, resource: string, selector: (owner: KubeObject) => LabelSelector | undefined): string[] {
  const ns = ev.object.metadata.namespace ?? "";
  const ref = controllerRefOf(ev.object);
  if (ref?.kind === kind) return [objectKey(ns, ref.name)];
  if (ref || ev.type === "DELETED") return [];
  const keys: string[] = [];
  for (const owner of api.list(resource, { namespace: ns })) {
    const sel = selectorOf(selector(owner));
    if (sel && matches(sel, ev.object.metadata.labels)) keys.push(objectKey(ns, owner.metadata.name!));
  }
  return keys;
}

/**
 * Writes a controller's computed status when it differs from the stored one. The object
 * may have gone, or moved on, since it was read: the next reconcile will see that.
 */
export function writeStatusIfChanged(api: Api, obj: KubeObject, status: unknown): void {
  if (JSON.stringify(status) === JSON.stringify(obj.status ?? {})) return;
  try {
    api.updateStatus({ ...obj, status });
  } catch (e) {
    if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
  }
}
