import { ApiError, type FieldError } from "../api/errors.js";
import { deepFreeze, type KubeObject } from "../api/object.js";
import { kindForObject, kindForResource, RegistryError, type KindInfo, resourceOf } from "../api/registry.js";
import { rfc3339 } from "../engine/clock.js";
import type { Clock } from "../engine/clock.js";
import { uuidFrom, type Rng } from "../engine/rand.js";
import { decodingError, strictDecodingError, typeMismatches, unknownFields } from "../api/schema/index.js";
import { checkFieldSelector, matchesFields, parseFieldSelector } from "../labels/field-selector.js";
import { matches, parseSelector, SelectorError } from "../labels/selector.js";
import type { Store, WatchEvent } from "../store.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./admission.js";
import { toStorageVersion } from "../api/conversion.js";
import { applyPatch } from "./patching.js";
import { checkPriorityClassDeletion } from "./priority-admission.js";
import { evictPod } from "./eviction.js";
import type { Api, DeleteOptions, EvictOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from "./types.js";

/** Namespaces Kubernetes refuses to delete. */
const IMMORTAL_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

/** Kinds whose `status` is a subresource: a plain update keeps the stored status. */
const STATUS_SUBRESOURCE = new Set(["Pod", "Node", "Namespace", "Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet", "Job", "CronJob", "Service", "PersistentVolume", "PersistentVolumeClaim", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "VerticalPodAutoscaler", "ResourceQuota", "NodePool"]);

export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  rand: Rng;
  admission: readonly AdmissionPlugin[];
}

/**
 * The cluster's API: every write from every caller goes through here, and so through
 * admission, resourceVersion preconditions and Kubernetes' deletion rules.
 */
export class ApiServer implements Api {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly rand: Rng;
  private readonly admission: readonly AdmissionPlugin[];

  constructor(opts: ApiServerOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.rand = opts.rand;
    this.admission = opts.admission;
  }

  create(raw: KubeObject, opts: WriteOptions = {}): KubeObject {
    const input = toStorageVersion(raw);
    const kind = resolveKind(input);
    const resource = resourceOf(kind);
    checkStrict(input, kind, opts);
    return this.store.transaction(() => {
      let obj = this.normaliseScope(input, kind);
      const meta = { ...obj.metadata };
      if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.rand.suffix(5)}`;
      if (kind.namespaced) this.checkNamespaceOpen(meta.namespace!);
      meta.uid = uuidFrom(this.rand);
      meta.creationTimestamp = rfc3339(this.clock.now());
      delete meta.resourceVersion;
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
      if (obj.spec !== undefined) meta.generation = 1;
      else delete meta.generation;
      obj = { ...obj, metadata: meta };
      // A pod's status is the kubelet's: whatever a manifest carried is dropped (defaulting sets Pending and the QoS class).
      if (kind.kind === "Pod") delete obj.status;
      obj = this.admit(obj, kind, undefined, { dryRun: opts.dryRun === true });
      if (this.store.get(resource, meta.namespace ?? "", meta.name ?? "")) throw ApiError.alreadyExists(resource, meta.name ?? "");
      if (opts.dryRun) return deepFreeze(obj);
      return this.store.create(resource, obj);
    });
  }

  get(resource: string, namespace: string, name: string): KubeObject {
    const obj = this.tryGet(resource, namespace, name);
    if (!obj) throw ApiError.notFound(resource, name);
    return obj;
  }

  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined {
    const kind = kindOfResource(resource);
    return this.store.get(resource, kind.namespaced ? namespace : "", name);
  }

  list(resource: string, opts: ListOptions = {}): KubeObject[] {
    const kind = kindOfResource(resource);
    const filter = compileFilter(kind, opts);
    const all = this.store.list(resource, kind.namespaced ? opts.namespace : undefined);
    return filter ? all.filter(filter) : all;
  }

  update(raw: KubeObject, opts: WriteOptions = {}): KubeObject {
    const input = toStorageVersion(raw);
    const kind = resolveKind(input);
    const resource = resourceOf(kind);
    checkStrict(input, kind, opts);
    return this.store.transaction(() => {
      const obj = this.normaliseScope(input, kind);
      const current = this.get(resource, obj.metadata.namespace ?? "", obj.metadata.name ?? "");
      return this.replace(kind, current, obj, false, opts);
    });
  }

  updateStatus(input: KubeObject): KubeObject {
    const kind = resolveKind(input);
    const resource = resourceOf(kind);
    return this.store.transaction(() => {
      const obj = this.normaliseScope(input, kind);
      const current = this.get(resource, obj.metadata.namespace ?? "", obj.metadata.name ?? "");
      return this.replace(kind, current, { ...current, status: obj.status, metadata: { ...current.metadata, resourceVersion: obj.metadata.resourceVersion } }, true, {});
    });
  }

  patch(resource: string, namespace: string, name: string, patch: unknown, type: PatchType, opts: WriteOptions = {}): KubeObject {
    const kind = kindOfResource(resource);
    return this.store.transaction(() => {
      const current = this.get(resource, namespace, name);
      const patched = applyPatch(current, patch, type);
      checkStrict(patched, kind, opts);
      if (patched.kind !== current.kind || patched.apiVersion !== current.apiVersion) {
        throw ApiError.badRequest(`the patch may not change the kind or apiVersion of ${resource} "${name}"`);
      }
      // A patch is applied to what was just read under the write lock: no conflict is
      // possible, so the precondition is the current version unless the patch set one.
      const withVersion = {
        ...patched,
        metadata: { ...patched.metadata, resourceVersion: patched.metadata.resourceVersion ?? current.metadata.resourceVersion },
      };
      return this.replace(kind, current, withVersion, false, opts);
    });
  }

  delete(resource: string, namespace: string, name: string, opts: DeleteOptions = {}): KubeObject | undefined {
    const kind = kindOfResource(resource);
    const ns = kind.namespaced ? namespace : "";
    return this.store.transaction(() => {
      const current = this.get(resource, ns, name);
      if (kind.kind === "Namespace" && IMMORTAL_NAMESPACES.has(name)) {
        // The NamespaceLifecycle admission plugin's rule.
        throw new ApiError("Forbidden", `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      }
      checkPriorityClassDeletion(kind, name);
      if (opts.preconditionResourceVersion !== undefined && current.metadata.resourceVersion !== opts.preconditionResourceVersion) {
        throw ApiError.conflict(resource, name);
      }
      const grace = this.gracePeriodFor(kind, current, opts);
      const finalizers = gcFinalizers(current.metadata.finalizers ?? [], opts.propagationPolicy);
      const finalizersChanged = finalizers !== (current.metadata.finalizers ?? []);
      const nsFinalizers = kind.kind === "Namespace" ? (((current.spec as { finalizers?: string[] })?.finalizers) ?? []) : [];
      if (finalizers.length === 0 && nsFinalizers.length === 0 && grace === 0) {
        if (opts.dryRun) return current;
        return this.store.delete(resource, ns, name);
      }
      // Graceful: mark for deletion; the kubelet, a finalizer's owner or the namespace
      // controller completes it.
      if (current.metadata.deletionTimestamp) {
        // A second delete may only shorten the grace period (kubectl delete --grace-period=0 --force).
        const remaining = current.metadata.deletionGracePeriodSeconds ?? 0;
        if (grace >= remaining && !finalizersChanged) return current;
      }
      if (opts.dryRun) return current;
      const meta = {
        ...current.metadata,
        deletionTimestamp: current.metadata.deletionTimestamp ?? rfc3339(this.clock.now() + grace * 1000),
        deletionGracePeriodSeconds: Math.min(grace, current.metadata.deletionGracePeriodSeconds ?? Infinity),
        finalizers: [...finalizers],
      };
      if (finalizers.length === 0) delete (meta as { finalizers?: string[] }).finalizers;
      if (grace < (current.metadata.deletionGracePeriodSeconds ?? Infinity)) {
        meta.deletionTimestamp = rfc3339(this.clock.now() + grace * 1000);
      }
      let next: KubeObject = { ...current, metadata: meta };
      if (kind.kind === "Namespace") next = { ...next, status: { ...(current.status as object), phase: "Terminating" } };
      return this.store.update(resource, next, current.metadata.resourceVersion);
    });
  }

  evict(namespace: string, name: string, opts: EvictOptions = {}): void {
    // One transaction: the budget check, its spend and the delete commit together.
    this.store.transaction(() => evictPod(this, this.clock, namespace, name, opts));
  }

  bind(namespace: string, name: string, nodeName: string): KubeObject {
    return this.store.transaction(() => {
      const pod = this.get("pods", namespace, name);
      const spec = pod.spec as { nodeName?: string };
      if (spec.nodeName) {
        throw new ApiError("Conflict", `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${spec.nodeName}"`);
      }
      if (pod.metadata.deletionTimestamp) throw new ApiError("Conflict", `pod ${name} is being deleted, cannot be assigned to a host`);
      const status = (pod.status ?? {}) as { conditions?: { type: string }[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
      conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: rfc3339(this.clock.now()) } as { type: string });
      const bound = { ...pod, spec: { ...(pod.spec as object), nodeName }, status: { ...status, conditions } };
      return this.store.update("pods", bound, pod.metadata.resourceVersion);
    });
  }

  watch(resource: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void): () => void {
    const kind = kindOfResource(resource);
    const filter = compileFilter(kind, opts);
    const wanted = (ev: WatchEvent) =>
      ev.resource === resource &&
      (opts.namespace === undefined || !kind.namespaced || ev.object.metadata.namespace === opts.namespace) &&
      (!filter || filter(ev.object));
    let seen = opts.resourceVersion ?? this.store.currentResourceVersion();
    if (opts.resourceVersion !== undefined) {
      for (const ev of this.store.changesSince(opts.resourceVersion)) {
        seen = ev.resourceVersion;
        if (wanted(ev)) onEvent(ev);
      }
    }
    return this.store.subscribe((events) => {
      for (const ev of events) {
        if (ev.resourceVersion <= seen) continue;
        seen = ev.resourceVersion;
        if (wanted(ev)) onEvent(ev);
      }
    });
  }

  // ---- internals ---------------------------------------------------------------

  /**
   * Writes `next` over `current` after admission. Keeps identity fields, keeps the
   * status (unless `statusOnly`), bumps generation when the spec changes, and
   * completes a deletion whose last finalizer was just removed.
   */
  private replace(kind: KindInfo, current: KubeObject, next: KubeObject, statusOnly: boolean, opts: WriteOptions): KubeObject {
    const resource = resourceOf(kind);
    const expected = next.metadata.resourceVersion;
    if (expected !== undefined && expected !== "" && expected !== current.metadata.resourceVersion) {
      throw ApiError.conflict(resource, current.metadata.name ?? "");
    }
    const meta = {
      ...next.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      deletionTimestamp: current.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds,
      generation: current.metadata.generation,
      resourceVersion: current.metadata.resourceVersion,
    };
    if (next.metadata.name !== current.metadata.name || (next.metadata.namespace ?? "") !== (current.metadata.namespace ?? "")) {
      throw ApiError.invalid(qualifiedKind(kind), current.metadata.name ?? "", [
        { type: "Invalid value", field: "metadata.name", value: next.metadata.name, detail: "field is immutable" },
      ]);
    }
    for (const k of ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] as const) {
      if (meta[k] === undefined) delete meta[k];
    }
    let obj: KubeObject = { ...next, metadata: meta };
    if (!statusOnly && STATUS_SUBRESOURCE.has(kind.kind)) {
      obj = { ...obj, status: current.status };
      if (current.status === undefined) delete obj.status;
    }
    if (statusOnly) obj = { ...current, status: next.status, metadata: current.metadata };
    else obj = this.admit(obj, kind, current, { dryRun: opts.dryRun === true });
    if (!statusOnly && JSON.stringify(obj.spec) !== JSON.stringify(current.spec) && current.metadata.generation !== undefined) {
      obj = { ...obj, metadata: { ...obj.metadata, generation: current.metadata.generation + 1 } };
    }
    if (opts.dryRun) return deepFreeze(obj);
    // Nothing changed: Kubernetes does not write (or bump resourceVersion) for a no-op update.
    // A status write compares the status only: the rest is the stored object's.
    if (statusOnly ? sameJson(obj.status, current.status) : sameJson(obj, current)) return current;
    if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0 && this.finalizedNow(kind, obj, current)) {
      return this.store.delete(resource, current.metadata.namespace ?? "", current.metadata.name ?? "");
    }
    return this.store.update(resource, obj, current.metadata.resourceVersion);
  }

  /**
   * An object marked for deletion goes once its last finalizer is removed; pods and
   * namespaces have their own completers (the kubelet and the namespace controller).
   */
  private finalizedNow(kind: KindInfo, obj: KubeObject, current: KubeObject): boolean {
    // A pod goes when its kubelet has confirmed (grace period 0) and its last finalizer is removed.
    if (kind.kind === "Pod") return (current.metadata.finalizers ?? []).length > 0 && (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    if (kind.kind === "Namespace") return ((obj.spec as { finalizers?: string[] })?.finalizers ?? []).length === 0;
    return (current.metadata.finalizers ?? []).length > 0;
  }

  private admit(obj: KubeObject, kind: KindInfo, old: KubeObject | undefined, attrs: AdmissionAttributes): KubeObject {
    let out = obj;
    for (const p of this.admission) if (p.mutate) out = p.mutate(out, kind, old);
    const errors: FieldError[] = [];
    for (const p of this.admission) if (p.validate) errors.push(...p.validate(out, kind, old));
    if (errors.length > 0) throw ApiError.invalid(qualifiedKind(kind), out.metadata.name ?? out.metadata.generateName ?? "", errors);
    for (const p of this.admission) p.validateAdmission?.(out, kind, old, attrs);
    return out;
  }

  private normaliseScope(obj: KubeObject, kind: KindInfo): KubeObject {
    if (!obj.metadata || typeof obj.metadata !== "object") throw ApiError.badRequest("Object 'metadata' is missing");
    if (kind.namespaced) {
      if (!obj.metadata.namespace) return { ...obj, metadata: { ...obj.metadata, namespace: "default" } };
      return obj;
    }
    if (obj.metadata.namespace === undefined) return obj;
    const meta = { ...obj.metadata };
    delete meta.namespace;
    return { ...obj, metadata: meta };
  }

  private checkNamespaceOpen(namespace: string): void {
    const ns = this.store.get("namespaces", "", namespace);
    if (!ns) throw ApiError.notFound("namespaces", namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new ApiError("Forbidden", `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** Pods bound to a node get their grace period (the kubelet finishes them); everything else goes at once. */
  private gracePeriodFor(kind: KindInfo, obj: KubeObject, opts: DeleteOptions): number {
    if (kind.kind !== "Pod") return 0;
    const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    if (!spec?.nodeName || phase === "Succeeded" || phase === "Failed") return 0;
    const g = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  }
}

/**
 * The garbage collector's finalizers for a delete with a propagation policy
 * (deletionFinalizersForGarbageCollection): Orphan adds `orphan`, Foreground adds
 * `foregroundDeletion`, each removing the other; Background removes both. Without a
 * policy the object's own finalizers stand. Returns `current` itself when unchanged.
 */
function gcFinalizers(current: readonly string[], policy: DeleteOptions["propagationPolicy"]): readonly string[] {
  if (policy === undefined) return current;
  const others = current.filter((f) => f !== "orphan" && f !== "foregroundDeletion");
  const next = policy === "Orphan" ? [...others, "orphan"] : policy === "Foreground" ? [...others, "foregroundDeletion"] : others;
  return next.length === current.length && next.every((f, i) => f === current[i]) ? current : next;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Decoding as the API server does it: a value of the wrong JSON type is refused
 * whatever the caller (Go's decoder cannot hold it), and with strict field validation
 * (kubectl's default) so are unknown fields.
 */
function checkStrict(obj: KubeObject, kind: KindInfo, opts: WriteOptions): void {
  const wrongType = typeMismatches(obj, kind)[0];
  // The causes carry the field paths, so that a manifest's error names the line.
  if (wrongType) throw new ApiError("BadRequest", decodingError(kind, wrongType), [{ type: "FieldValueTypeInvalid", field: wrongType.path }]);
  if (opts.fieldValidation !== "Strict") return;
  const unknown = unknownFields(obj, kind);
  if (unknown.length > 0) {
    throw new ApiError("BadRequest", strictDecodingError(kind, unknown), unknown.map((field) => ({ type: "FieldValueUnknown", field })));
  }
}

function resolveKind(obj: KubeObject): KindInfo {
  try {
    return kindForObject(obj.apiVersion, obj.kind);
  } catch (e) {
    if (e instanceof RegistryError) throw new ApiError("NotFound", e.message);
    throw e;
  }
}

function kindOfResource(resource: string): KindInfo {
  const k = kindForResource(resource);
  if (!k) throw new ApiError("NotFound", `the server could not find the requested resource (${resource})`);
  return k;
}

function compileFilter(kind: KindInfo, opts: ListOptions): ((o: KubeObject) => boolean) | undefined {
  try {
    const labels = opts.labelSelector ? parseSelector(opts.labelSelector) : [];
    const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : [];
    checkFieldSelector(kind.kind, fields);
    if (labels.length === 0 && fields.length === 0) return undefined;
    return (o) => matches(labels, o.metadata.labels) && matchesFields(fields, o);
  } catch (e) {
    if (e instanceof SelectorError) throw ApiError.badRequest(e.message);
    throw e;
  }
}

/** `Deployment.apps`, `Pod`: how the API server names a kind in an Invalid status (schema.GroupKind's String()). */
function qualifiedKind(kind: { kind: string; group: string }): string {
  return kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
}
