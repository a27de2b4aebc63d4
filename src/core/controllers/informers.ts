/**
 * The workload controllers' shared informer caches (client-go's SharedInformerFactory):
 * indexes of pods and ReplicaSets by their controller's uid and of orphans by namespace,
 * kept current from the watch stream and rebuilt from the store when the engine starts.
 * They let a controller find its children in time proportional to their number, never
 * by listing the cluster.
 *
 * The cache is itself registered as a reconciler that never reconciles: it sees each
 * change first (it is registered before the controllers), so a controller's `keys()`
 * and `reconcile()` always find it current.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { controllerRefOf, isPodActive, isPodNonTerminal, isPodReady } from "./controller-utils.js";

/** What the index keeps of one object: where it is, who controls it, its labels. */
export interface IndexedObject {
  key: string;
  namespace: string;
  name: string;
  /** The controller's uid, undefined for an orphan. */
  owner: string | undefined;
  labels: Readonly<Record<string, string>> | undefined;
  /** The object as last seen (frozen: the store holds the same one). */
  object: KubeObject;
}

/** Objects of one resource by controller uid, and orphans by namespace. */
export class OwnershipIndex<E extends IndexedObject = IndexedObject> {
  protected readonly entries = new Map<string, E>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly orphans = new Map<string, Set<string>>();
  private readonly orphanVersions = new Map<string, number>();
  /** The entry a key had before the change being routed right now (for old-owner lookups). */
  private previous: { key: string; entry: E | undefined } | undefined;

  constructor(private readonly toEntry: (obj: KubeObject, key: string) => E) {}

  clear(): void {
    this.entries.clear();
    this.byOwner.clear();
    this.orphans.clear();
    this.orphanVersions.clear();
    this.previous = undefined;
  }

  observe(ev: WatchEvent): void {
    const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
    this.previous = { key, entry: this.entries.get(key) };
    if (ev.type === "DELETED") this.remove(key);
    else this.set(key, this.toEntry(ev.object, key));
  }

  /** The entry `key` had before the change now being routed, if that change concerned `key`. */
  previousEntry(key: string): E | undefined {
    return this.previous?.key === key ? this.previous.entry : this.entries.get(key);
  }

  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  /** Keys of the objects `uid` controls. */
  owned(uid: string): ReadonlySet<string> {
    return this.byOwner.get(uid) ?? EMPTY;
  }

  /** Keys of the objects without a controller in `namespace`. */
  orphansIn(namespace: string): ReadonlySet<string> {
    return this.orphans.get(namespace) ?? EMPTY;
  }

  /** Changes whenever the orphans of `namespace` (or their labels) change. */
  orphanVersion(namespace: string): number {
    return this.orphanVersions.get(namespace) ?? 0;
  }

  protected set(key: string, entry: E): void {
    const old = this.entries.get(key);
    if (old) this.unlink(old);
    this.entries.set(key, entry);
    this.link(entry);
    // A controller cares about orphans that appear, go, or change labels; not about their status.
    const orphanChanged = old ? !old.owner !== !entry.owner || (!entry.owner && !sameLabels(old.labels, entry.labels)) : !entry.owner;
    if (orphanChanged) this.bumpOrphans(entry.namespace);
  }

  protected remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.unlink(old);
    this.entries.delete(key);
    if (!old.owner) this.bumpOrphans(old.namespace);
  }

  protected link(e: E): void {
    if (e.owner) addTo(this.byOwner, e.owner, e.key);
    else addTo(this.orphans, e.namespace, e.key);
  }

  protected unlink(e: E): void {
    if (e.owner) removeFrom(this.byOwner, e.owner, e.key);
    else removeFrom(this.orphans, e.namespace, e.key);
  }

  private bumpOrphans(namespace: string): void {
    this.orphanVersions.set(namespace, this.orphanVersion(namespace) + 1);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(map: Map<string, Set<string>>, k: string, v: string): void {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom(map: Map<string, Set<string>>, k: string, v: string): void {
  const s = map.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) map.delete(k);
}

/** A pod as the ReplicaSet controller counts it. */
export interface PodEntry extends IndexedObject {
  nodeName: string | undefined;
  /** Not finished and not being deleted. */
  active: boolean;
  /** Not Succeeded or Failed (maybe terminating): Recreate waits for these. */
  nonTerminal: boolean;
  ready: boolean;
  /** Its labels include every label of its controller's pod template. */
  fullyLabeled: boolean;
}

/** Counts over the pods one controller owns, kept as pods change. */
export interface OwnerCounts {
  total: number;
  nonTerminal: number;
  active: number;
  /** Active and Ready. */
  ready: number;
  /** Active and fully labeled. */
  fullyLabeled: number;
}

/**
 * Pods by controller, with per-controller counts kept up to date as pods change, so that
 * a ReplicaSet of 10,000 pods computes its status in constant time.
 */
export class PodIndex extends OwnershipIndex<PodEntry> {
  private readonly counts = new Map<string, OwnerCounts>();
  /** Per controller, its active pods per node. */
  private readonly onNode = new Map<string, Map<string, number>>();
  /** Each controller's template labels (as the controller last registered them). */
  private readonly templateLabels = new Map<string, { json: string; labels: Readonly<Record<string, string>> }>();
  /** Controllers one of whose pods changed labels since they last looked. */
  private readonly relabelled = new Set<string>();

  constructor() {
    super((obj, key) => this.entryOf(obj, key));
  }

  override clear(): void {
    super.clear();
    this.counts.clear();
    this.onNode.clear();
    this.templateLabels.clear();
    this.relabelled.clear();
  }

  /** How many active pods of controller `uid` are on `nodeName` ("" for unscheduled). */
  activeOnNode(uid: string, nodeName: string): number {
    return this.onNode.get(uid)?.get(nodeName) ?? 0;
  }

  countsFor(uid: string): OwnerCounts {
    return this.counts.get(uid) ?? { total: 0, nonTerminal: 0, active: 0, ready: 0, fullyLabeled: 0 };
  }

  /**
   * Registers the labels of a controller's pod template, against which its pods are
   * counted as fully labeled; re-counts its pods when they changed.
   */
  setTemplateLabels(uid: string, labels: Readonly<Record<string, string>> | undefined): void {
    const json = JSON.stringify(labels ?? {});
    if (this.templateLabels.get(uid)?.json === json) return;
    this.templateLabels.set(uid, { json, labels: labels ?? {} });
    for (const key of [...this.owned(uid)]) {
      const e = this.entries.get(key);
      if (e) this.set(key, { ...e, fullyLabeled: this.isFullyLabeled(uid, e.labels) });
    }
  }

  /** Forgets what was registered for a controller that is gone. */
  forgetOwner(uid: string): void {
    this.templateLabels.delete(uid);
    this.relabelled.delete(uid);
  }

  /** True (once) when a pod of `uid` changed its labels since the last call. */
  takeRelabelled(uid: string): boolean {
    return this.relabelled.delete(uid);
  }

  override observe(ev: WatchEvent): void {
    const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
    const before = this.entries.get(key);
    super.observe(ev);
    const after = this.entries.get(key);
    if (before?.owner && after?.owner === before.owner && !sameLabels(before.labels, after.labels)) this.relabelled.add(before.owner);
  }

  protected override link(e: PodEntry): void {
    super.link(e);
    if (e.owner) this.add(e.owner, e, 1);
  }

  protected override unlink(e: PodEntry): void {
    super.unlink(e);
    if (e.owner) this.add(e.owner, e, -1);
  }

  private add(uid: string, e: PodEntry, sign: 1 | -1): void {
    const c = this.counts.get(uid) ?? { total: 0, nonTerminal: 0, active: 0, ready: 0, fullyLabeled: 0 };
    c.total += sign;
    if (e.nonTerminal) c.nonTerminal += sign;
    if (e.active) {
      c.active += sign;
      let nodes = this.onNode.get(uid);
      if (!nodes) this.onNode.set(uid, (nodes = new Map()));
      const node = e.nodeName ?? "";
      const n = (nodes.get(node) ?? 0) + sign;
      if (n === 0) nodes.delete(node);
      else nodes.set(node, n);
      if (nodes.size === 0) this.onNode.delete(uid);
      if (e.ready) c.ready += sign;
      if (e.fullyLabeled) c.fullyLabeled += sign;
    }
    if (c.total === 0) this.counts.delete(uid);
    else this.counts.set(uid, c);
  }

  private entryOf(obj: KubeObject, key: string): PodEntry {
    const pod = asKind<Pod>(obj);
    const owner = controllerRefOf(pod)?.uid;
    const labels = pod.metadata?.labels;
    return {
      key,
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      owner,
      labels,
      object: obj,
      nodeName: pod.spec?.nodeName,
      active: isPodActive(pod),
      nonTerminal: isPodNonTerminal(pod),
      ready: isPodReady(pod),
      fullyLabeled: owner ? this.isFullyLabeled(owner, labels) : false,
    };
  }

  private isFullyLabeled(uid: string, labels: Readonly<Record<string, string>> | undefined): boolean {
    const t = this.templateLabels.get(uid);
    if (!t) return false;
    for (const [k, v] of Object.entries(t.labels)) if (labels?.[k] !== v) return false;
    return true;
  }
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => a![k] === b?.[k]);
}

/** Indexes of pods and ReplicaSets, shared by the workload controllers. */
export class SharedInformers implements Reconciler {
  readonly name = "shared-informers";
  readonly pods = new PodIndex();
  readonly replicaSets = new OwnershipIndex((obj, key) => ({
    key,
    namespace: obj.metadata.namespace ?? "",
    name: obj.metadata.name ?? "",
    owner: controllerRefOf(obj)?.uid,
    labels: obj.metadata.labels,
    object: obj,
  }));
  readonly watches = [
    { resource: "pods", keys: (ev: WatchEvent) => this.track(this.pods, ev) },
    { resource: "replicasets.apps", keys: (ev: WatchEvent) => this.track(this.replicaSets, ev) },
  ];

  constructor(private readonly ctx: EngineContext) {}

  /** Rebuilds the caches from the store; it queues nothing. */
  initialKeys(): Iterable<string> {
    this.pods.clear();
    this.replicaSets.clear();
    for (const p of this.ctx.api.list("pods")) this.pods.observe({ type: "ADDED", resource: "pods", object: p, resourceVersion: 0 });
    for (const rs of this.ctx.api.list("replicasets.apps")) {
      this.replicaSets.observe({ type: "ADDED", resource: "replicasets.apps", object: rs, resourceVersion: 0 });
    }
    return [];
  }

  reconcile(): void {
    // Nothing to do: the caches follow the watch stream.
  }

  private track(index: OwnershipIndex, ev: WatchEvent): string[] {
    index.observe(ev);
    return [];
  }
}
