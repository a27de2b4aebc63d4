import type { WatchEvent } from "../store.js";

/**
 * A level-triggered reconciler (controller-runtime's shape): `reconcile(key)` re-reads
 * what it needs, is idempotent, never branches on "create vs update", and may ask to be
 * called again after a delay of virtual time.
 */
export interface Reconciler {
  /** Shown in logs and benchmarks: `scheduler`, `kubelet`, `replicaset-controller`. */
  readonly name: string;
  /**
   * The changes that concern this reconciler, and the keys they enqueue. A key is
   * usually `namespace/name` of the reconciled object; a change to a child returns its
   * owner's key. Returning no keys ignores the change.
   */
  readonly watches: readonly WatchSpec[];
  reconcile(key: string): ReconcileResult | void;
  /** Every key this reconciler should look at after the engine starts (a resync). */
  initialKeys(): Iterable<string>;
  /**
   * When set, ready keys are reconciled highest priority first, in arrival order among
   * equals (kube-scheduler's activeQ); read once per key as it becomes ready.
   */
  queuePriority?(key: string): number;
}

export interface WatchSpec {
  /** Store resource key: `pods`, `nodes`, `deployments.apps`. */
  resource: string;
  keys(event: WatchEvent): Iterable<string>;
}

export interface ReconcileResult {
  /** Call again after this many virtual milliseconds. */
  requeueAfter?: number;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
