import type { OwnerReference } from "kubernetes-types/meta/v1";
import type { KubeObject } from "../api/object.js";
import { objectKey } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";

/** The reference to an object's managing controller, if it has one. */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/**
 * Children by the key (`namespace/name`) of the controller that owns them, kept from
 * watch events so that a reconcile touches its own children and not the cluster.
 * Only controller references of one kind count (`Job` in `batch/v1` for pods). It
 * remembers each child's owner, so a child whose owner changes wakes both.
 */
export class OwnerIndex {
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly ownerOf = new Map<string, string>();

  constructor(
    private readonly ownerKind: string,
    private readonly ownerApiVersion: string,
  ) {}

  /** The owner key this index files `obj` under, if any. */
  ownerKey(obj: KubeObject): string | undefined {
    const ref = controllerRefOf(obj);
    if (!ref || ref.kind !== this.ownerKind || ref.apiVersion !== this.ownerApiVersion) return undefined;
    return objectKey(obj.metadata.namespace, ref.name);
  }

  /** Forgets everything, then files each object (the engine's resync). */
  rebuild(objects: Iterable<KubeObject>): void {
    this.byOwner.clear();
    this.ownerOf.clear();
    for (const o of objects) this.set(objectKey(o.metadata.namespace, o.metadata.name!), this.ownerKey(o));
  }

  /** Files a change and returns the owners it concerns: the current one and a previous one. */
  observe(ev: WatchEvent): string[] {
    const childKey = objectKey(ev.object.metadata.namespace, ev.object.metadata.name!);
    const previous = this.ownerOf.get(childKey);
    const current = ev.type === "DELETED" ? undefined : this.ownerKey(ev.object);
    this.set(childKey, current);
    const owners: string[] = [];
    if (current) owners.push(current);
    if (previous && previous !== current) owners.push(previous);
    if (ev.type === "DELETED" && previous === undefined) {
      const owner = this.ownerKey(ev.object);
      if (owner) owners.push(owner);
    }
    return owners;
  }

  /** The keys (`namespace/name`) of the children filed under `ownerKey`. */
  children(ownerKey: string): string[] {
    return [...(this.byOwner.get(ownerKey) ?? [])];
  }

  /** Every owner key some child refers to (owners that may be gone). */
  owners(): string[] {
    return [...this.byOwner.keys()];
  }

  private set(childKey: string, owner: string | undefined): void {
    const previous = this.ownerOf.get(childKey);
    if (previous === owner) return;
    if (previous !== undefined) {
      const set = this.byOwner.get(previous);
      set?.delete(childKey);
      if (set && set.size === 0) this.byOwner.delete(previous);
      this.ownerOf.delete(childKey);
    }
    if (owner !== undefined) {
      let set = this.byOwner.get(owner);
      if (!set) this.byOwner.set(owner, (set = new Set()));
      set.add(childKey);
      this.ownerOf.set(childKey, owner);
    }
  }
}
