/**
 * The garbage collector (kube-controller-manager's garbagecollector), as a reconciler
 * over every kind: it follows ownerReferences in both directions and
 *
 * - deletes an object whose owners are all gone (background propagation: the owner
 *   went first, its dependents follow);
 * - for an owner deleted in the foreground (`foregroundDeletion` finalizer), deletes its
 *   dependents first and removes the finalizer once no dependent with
 *   `blockOwnerDeletion` is left;
 * - for an owner deleted with orphan propagation (`orphan` finalizer), removes its
 *   ownerReferences from every dependent, then the finalizer.
 *
 * Its graph (uids to objects, owners to dependents) lives in memory, maintained from
 * the watch stream and rebuilt from the store when the engine starts.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import { KINDS, kindForObject, resourceOf, RegistryError, type KindInfo } from "../api/registry.js";
import type { EngineContext } from "../engine/context.js";
import type { Reconciler, ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";
/** Kinds that are never anyone's dependents worth watching (and would only cost time). */
const UNWATCHED = new Set(["events"]);

/** Where an object lives: its resource, namespace and name, and its uid. */
interface Node {
  ref: string;
  resource: string;
  namespace: string;
  name: string;
  uid: string;
  /** Owner uids, in the object's order. */
  owners: string[];
  ownersJson: string;
}

function refOf(resource: string, namespace: string, name: string): string {
  return `${resource}|${namespace}|${name}`;
}

function splitRef(ref: string): { resource: string; namespace: string; name: string } {
  const [resource, namespace, name] = ref.split("|") as [string, string, string];
  return { resource, namespace, name };
}

export class GarbageCollectorReconciler implements Reconciler {
  readonly name = "garbage-collector";
  readonly watches;
  private readonly byRef = new Map<string, Node>();
  private readonly byUid = new Map<string, string>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly ctx: EngineContext) {
    this.watches = KINDS.filter((k) => !UNWATCHED.has(resourceOf(k))).map((k) => ({
      resource: resourceOf(k),
      keys: (ev: WatchEvent) => this.observe(ev),
    }));
  }

  *initialKeys(): Iterable<string> {
    this.byRef.clear();
    this.byUid.clear();
    this.dependents.clear();
    const all: KubeObject[] = [];
    for (const k of KINDS) {
      const resource = resourceOf(k);
      if (UNWATCHED.has(resource)) continue;
      for (const o of this.ctx.api.list(resource)) {
        this.track(resource, o);
        all.push(o);
      }
    }
    for (const o of all) {
      const node = this.byRef.get(this.refFor(o));
      if (!node) continue;
      if (this.isGCDeleting(o) || node.owners.some((uid) => !this.byUid.has(uid))) yield node.ref;
    }
  }

  reconcile(ref: string): ReconcileResult | void {
    const { resource, namespace, name } = splitRef(ref);
    const obj = this.ctx.api.tryGet(resource, namespace, name);
    if (!obj) return;
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && finalizers.includes(ORPHAN)) {
      this.orphanDependents(obj);
      return;
    }
    if (obj.metadata.deletionTimestamp && finalizers.includes(FOREGROUND)) {
      this.processDeletingDependents(obj);
    }
    if ((obj.metadata.ownerReferences ?? []).length > 0) this.attemptToDelete(obj);
  }

  // ---- the graph -----------------------------------------------------------------------

  private refFor(obj: KubeObject): string {
    return refOf(this.resourceOfObject(obj) ?? "", obj.metadata.namespace ?? "", obj.metadata.name ?? "");
  }

  private resourceOfObject(obj: KubeObject): string | undefined {
    try {
      return resourceOf(kindForObject(obj.apiVersion, obj.kind));
    } catch (e) {
      if (e instanceof RegistryError) return undefined;
      throw e;
    }
  }

  /** Records an object; returns its node and the previous one. */
  private track(resource: string, obj: KubeObject): { node: Node; before: Node | undefined } {
    const ref = refOf(resource, obj.metadata.namespace ?? "", obj.metadata.name ?? "");
    const before = this.byRef.get(ref);
    const owners = (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
    const node: Node = {
      ref,
      resource,
      namespace: obj.metadata.namespace ?? "",
      name: obj.metadata.name ?? "",
      uid: obj.metadata.uid ?? "",
      owners,
      ownersJson: JSON.stringify(obj.metadata.ownerReferences ?? []),
    };
    if (before) this.unlink(before);
    this.byRef.set(ref, node);
    if (node.uid) this.byUid.set(node.uid, ref);
    for (const o of owners) {
      let set = this.dependents.get(o);
      if (!set) this.dependents.set(o, (set = new Set()));
      set.add(ref);
    }
    return { node, before };
  }

  private unlink(node: Node): void {
    if (this.byUid.get(node.uid) === node.ref) this.byUid.delete(node.uid);
    for (const o of node.owners) {
      const set = this.dependents.get(o);
      set?.delete(node.ref);
      if (set && set.size === 0) this.dependents.delete(o);
    }
  }

  /** Keeps the graph current and says whom a change concerns. */
  private observe(ev: WatchEvent): string[] {
    const obj = ev.object;
    if (ev.type === "DELETED") {
      const ref = refOf(ev.resource, obj.metadata.namespace ?? "", obj.metadata.name ?? "");
      const node = this.byRef.get(ref);
      if (!node) return [];
      this.unlink(node);
      this.byRef.delete(ref);
      // Its dependents lost an owner; its owners (if deleting in the foreground) lost a dependent.
      return [...(this.dependents.get(node.uid) ?? []), ...this.ownerRefs(node.owners)];
    }
    const { node, before } = this.track(ev.resource, obj);
    const keys: string[] = [];
    if (this.isGCDeleting(obj)) keys.push(node.ref);
    if (node.owners.length > 0 && (!before || before.ownersJson !== node.ownersJson || before.uid !== node.uid)) keys.push(node.ref);
    if (before && before.ownersJson !== node.ownersJson) keys.push(...this.ownerRefs(before.owners));
    // An owner recreated under the same name is a different owner: its namesake's dependents are dangling.
    if (!before && (this.dependents.get(node.uid)?.size ?? 0) > 0) keys.push(...this.dependents.get(node.uid)!);
    return keys;
  }

  private ownerRefs(uids: readonly string[]): string[] {
    const out: string[] = [];
    for (const uid of uids) {
      const ref = this.byUid.get(uid);
      if (ref) out.push(ref);
    }
    return out;
  }

  private isGCDeleting(obj: KubeObject): boolean {
    const f = obj.metadata.finalizers ?? [];
    return obj.metadata.deletionTimestamp !== undefined && (f.includes(ORPHAN) || f.includes(FOREGROUND));
  }

  // ---- the three duties ------------------------------------------------------------------

  /** Removes the owner's references from each dependent, then the `orphan` finalizer. */
  private orphanDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid ?? "";
    for (const ref of [...(this.dependents.get(uid) ?? [])]) {
      const { resource, namespace, name } = splitRef(ref);
      const dep = this.ctx.api.tryGet(resource, namespace, name);
      if (!dep) continue;
      this.setOwnerReferences(dep, (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
    }
    this.removeFinalizer(owner, ORPHAN);
  }

  /** Foreground: deletes blocking dependents; removes `foregroundDeletion` once none is left. */
  private processDeletingDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid ?? "";
    const blocking: KubeObject[] = [];
    for (const ref of this.dependents.get(uid) ?? []) {
      const { resource, namespace, name } = splitRef(ref);
      const dep = this.ctx.api.tryGet(resource, namespace, name);
      if (!dep) continue;
      const toOwner = (dep.metadata.ownerReferences ?? []).find((r) => r.uid === uid);
      if (toOwner?.blockOwnerDeletion) blocking.push(dep);
    }
    if (blocking.length === 0) {
      this.removeFinalizer(owner, FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!this.isGCDeleting(dep)) this.attemptToDelete(dep);
  }

  /**
   * attemptToDeleteItem: an object none of whose owners remains is deleted (in the
   * foreground when an owner waits for it and it has dependents of its own); one with
   * a remaining owner only loses its references to owners that are gone.
   */
  private attemptToDelete(obj: KubeObject): void {
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(FOREGROUND)) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = this.ownerOf(obj, ref);
      if (owner === "unknown") solid.push(ref);
      else if (!owner) dangling.push(ref);
      else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length + waiting.length === 0) return;
      const gone = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.setOwnerReferences(obj, (obj.metadata.ownerReferences ?? []).filter((r) => !gone.has(r.uid)));
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    const hasDependents = (this.dependents.get(obj.metadata.uid ?? "")?.size ?? 0) > 0;
    const finalizers = obj.metadata.finalizers ?? [];
    const policy = waiting.length > 0 && hasDependents ? "Foreground" : finalizers.includes(ORPHAN) ? "Orphan" : finalizers.includes(FOREGROUND) ? "Foreground" : "Background";
    const resource = this.resourceOfObject(obj);
    if (!resource) return;
    try {
      this.ctx.api.delete(resource, obj.metadata.namespace ?? "", obj.metadata.name ?? "", { propagationPolicy: policy });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }

  /** The live owner a reference points to: undefined when gone (or replaced), "unknown" for a kind not served. */
  private ownerOf(dependent: KubeObject, ref: OwnerReference): KubeObject | undefined | "unknown" {
    let kind: KindInfo;
    try {
      kind = kindForObject(ref.apiVersion, ref.kind);
    } catch (e) {
      if (e instanceof RegistryError) return "unknown";
      throw e;
    }
    const owner = this.ctx.api.tryGet(resourceOf(kind), kind.namespaced ? (dependent.metadata.namespace ?? "") : "", ref.name);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  private setOwnerReferences(obj: KubeObject, refs: OwnerReference[]): void {
    const meta = { ...obj.metadata, ownerReferences: refs };
    if (refs.length === 0) delete (meta as { ownerReferences?: unknown }).ownerReferences;
    try {
      this.ctx.api.update({ ...obj, metadata: meta });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }

  private removeFinalizer(obj: KubeObject, finalizer: string): void {
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const meta = { ...obj.metadata, finalizers };
    if (finalizers.length === 0) delete (meta as { finalizers?: unknown }).finalizers;
    try {
      this.ctx.api.update({ ...obj, metadata: meta });
    } catch (e) {
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }
}
