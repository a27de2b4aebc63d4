import type { KubeObject } from "../api/object.js";
import type { WatchEvent } from "../store.js";

/**
 * The one write path of the cluster, whatever the caller (CLI, console, controllers,
 * kubelets): defaulting, validation, then the store. Mirrors the Kubernetes API
 * server's verbs. Reads return deep-frozen objects.
 */
export interface Api {
  /** Creates an object; fills uid, creationTimestamp, generation, generateName suffixes. */
  create(obj: KubeObject, opts?: WriteOptions): KubeObject;
  get(resource: string, namespace: string, name: string): KubeObject;
  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined;
  list(resource: string, opts?: ListOptions): KubeObject[];
  /**
   * Replaces an object. `metadata.resourceVersion`, when set, is a precondition: a
   * stale one is a Conflict. Status is kept from the stored object (use updateStatus).
   */
  update(obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** The status subresource: changes only `status`; never bumps generation. */
  updateStatus(obj: KubeObject): KubeObject;
  patch(resource: string, namespace: string, name: string, patch: unknown, type: PatchType, opts?: WriteOptions): KubeObject;
  /**
   * Deletes with Kubernetes' semantics: an object with finalizers, or a pod on a node
   * with a grace period, gets a deletionTimestamp and stays until its finalizers are
   * gone or its kubelet confirms (a delete with grace period 0 by the kubelet).
   */
  delete(resource: string, namespace: string, name: string, opts?: DeleteOptions): KubeObject | undefined;
  /**
   * The pods/binding subresource: assigns a pending pod to a node (spec.nodeName) and
   * sets PodScheduled=True. Fails with Conflict when the pod is already bound.
   */
  bind(namespace: string, name: string, nodeName: string): KubeObject;
  /**
   * The pods/eviction subresource: deletes the pod gracefully unless that would take a
   * PodDisruptionBudget below its budget. Throws TooManyRequests (429, "Cannot evict pod
   * as it would violate the pod's disruption budget.") when no disruption is allowed,
   * InternalError (500) when more than one budget covers the pod, NotFound when the pod
   * is gone. A finished, Pending or terminating pod is deleted without a budget check.
   */
  evict(namespace: string, name: string, opts?: EvictOptions): void;
  /** In-process watch: changes after `resourceVersion` (or from now), delivered after commit. */
  watch(resource: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void): () => void;
}

export type PatchType = "strategic" | "merge" | "json";

export interface WriteOptions {
  /** Run admission and return the result without storing it. */
  dryRun?: boolean;
  /** Who wrote it, for managedFields-like bookkeeping and events. */
  fieldManager?: string;
  /**
   * `Strict` refuses fields the kind's schema does not have, as kubectl asks by default
   * (`--validate=strict`). Controllers write typed objects and skip the check.
   */
  fieldValidation?: "Strict" | "Ignore";
}

export interface ListOptions {
  namespace?: string;
  /** kubectl `-l` syntax. */
  labelSelector?: string;
  /** kubectl `--field-selector` syntax. */
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  /** Start after this version; omitted: only changes from now. */
  resourceVersion?: number;
}

/** Options of an eviction (the DeleteOptions an Eviction object carries). */
export interface EvictOptions {
  /** Overrides the pod's terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** Check everything, spend and delete nothing. */
  dryRun?: boolean;
  /** Fails with Conflict unless the pod's stored resourceVersion matches. */
  preconditionResourceVersion?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  /** Fails with Conflict unless the stored resourceVersion matches. */
  preconditionResourceVersion?: string;
  dryRun?: boolean;
}
