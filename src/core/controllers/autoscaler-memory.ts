/**
 * What the autoscalers remember between syncs (the HPA's recommendations and scale
 * events, the VPA recommender's histograms): kept in the store's metadata, keyed by the
 * object's uid, so that a one-shot kdeck command taking over the engine continues where
 * the last one stopped rather than forgetting a stabilization window. Kubernetes keeps
 * the first in memory and the second in VerticalPodAutoscalerCheckpoint objects.
 */

/** The subset of the store this needs. */
export interface MetaStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

/** JSON state per object uid under one prefix. */
export class AutoscalerMemory<T> {
  constructor(
    private readonly meta: MetaStore | undefined,
    private readonly prefix: string,
  ) {}

  private readonly local = new Map<string, T>();
  /** Object key → uid of the objects read through `readAt`, to forget their state once they are gone. */
  private readonly uids = new Map<string, string>();

  read(uid: string): T | undefined {
    const hit = this.local.get(uid);
    if (hit !== undefined) return hit;
    const raw = this.meta?.getMeta(this.prefix + uid);
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as T;
      this.local.set(uid, parsed);
      return parsed;
    } catch {
      return undefined;
    }
  }

  write(uid: string, state: T): void {
    this.local.set(uid, state);
    this.meta?.setMeta(this.prefix + uid, JSON.stringify(state));
  }

  forget(uid: string): void {
    this.local.delete(uid);
    if (this.meta?.getMeta(this.prefix + uid)) this.meta.setMeta(this.prefix + uid, "");
  }

  /** The state of the object at `key` (`namespace/name`) whose uid is `uid`, remembering that pairing for `forgetAt`. */
  readAt(key: string, uid: string): T | undefined {
    this.uids.set(key, uid);
    return this.read(uid);
  }

  /** Forgets the state of the object last read at `key` (it has been deleted). */
  forgetAt(key: string): void {
    const uid = this.uids.get(key);
    if (uid) this.forget(uid);
    this.uids.delete(key);
  }

  /** Drops what this process cached, so the next read comes from the store (after another process led). */
  reset(): void {
    this.local.clear();
  }
}
