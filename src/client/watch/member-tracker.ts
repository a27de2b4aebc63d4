import type { KubeObject } from "../../core/api/object.js";
import { kindForResource, type KindInfo } from "../../core/api/registry.js";
import type { Cluster, WatchEvent } from "../cluster.js";
import { APPLYSET_PART_OF, type ApplySetRef } from "./apply-set.js";
import type { Timers } from "./debouncer.js";
import type { DeclaredObject } from "./folder.js";
import { refFor, refKey } from "./object-ref.js";
import type { RoundEffects, RoundResult } from "./round.js";
import { sameApartFromStatus, syncOf, type Sync } from "./sync.js";

export interface MemberTrackerOptions {
  cluster: Cluster;
  applySet: ApplySetRef;
  timers: Timers;
  /** Delay before changed objects are compared with their manifests (they come in bursts). */
  settleMs: number;
  /** True while a round runs: comparisons wait for its end. */
  busy: () => boolean;
  /** An object went out of sync (it was in sync, or unknown, before). */
  onDrift: (key: string) => void;
  /** Something the status shows changed: an object's sync or its live state. */
  onChange: () => void;
}

/**
 * What the cluster holds of the folder's objects: the live object as last seen (for
 * health) and whether it still matches its manifest (sync). It follows the members
 * through the cluster's watch, tells this watch's own writes from everyone else's by
 * resourceVersion, and compares the others with their manifests, so that a hand edit
 * shows as drift and a kubelet's status update does not.
 */
export class MemberTracker {
  private readonly live = new Map<string, KubeObject>();
  private readonly sync = new Map<string, Sync>();
  /** resourceVersion of the watch's last write per key: its own events are not drift. */
  private readonly written = new Map<string, string | undefined>();
  /** Keys whose apply failed: applied again next round. */
  private readonly failed = new Set<string>();
  private readonly dirty = new Set<string>();
  private declared = new Map<string, DeclaredObject>();
  private readonly watches = new Map<string, () => void>();
  private timer: unknown;
  private stopped = false;

  constructor(private readonly opts: MemberTrackerOptions) {}

  /** The live object as last seen. */
  liveObject(key: string): KubeObject | undefined {
    return this.live.get(key);
  }

  syncOf(key: string): Sync | undefined {
    return this.sync.get(key);
  }

  /** What the next round applies again although its file did not change: drifted and failed objects. */
  reapplyKeys(): Set<string> {
    return new Set([...this.failed, ...[...this.sync].filter(([, s]) => s.state === "out-of-sync").map(([k]) => k)]);
  }

  /** Takes in a round's results and what the folder declares after it; follows the kinds it now declares. */
  afterRound(result: RoundResult, effects: RoundEffects, declared: readonly DeclaredObject[]): void {
    for (const [key, obj] of effects.applied) {
      this.live.set(key, obj);
      this.written.set(key, obj.metadata.resourceVersion);
      this.sync.set(key, { state: "synced" });
      this.failed.delete(key);
      this.dirty.delete(key);
    }
    for (const key of effects.failed) {
      this.failed.add(key);
      const outcome = result.outcomes.find((o) => o.action === "failed" && refKey(o.ref) === key);
      this.sync.set(key, { state: "out-of-sync", reason: outcome?.message ?? "apply failed" });
    }
    this.declared = new Map(declared.map((o) => [o.key, o]));
    for (const key of [...this.live.keys(), ...this.sync.keys(), ...this.failed]) {
      if (this.declared.has(key)) continue;
      this.live.delete(key);
      this.sync.delete(key);
      this.written.delete(key);
      this.failed.delete(key);
    }
    this.follow();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    for (const unwatch of this.watches.values()) unwatch();
    this.watches.clear();
    if (this.timer !== undefined) this.opts.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One cluster watch per kind the folder declares, on the member label. */
  private follow(): void {
    if (this.stopped) return;
    const resources = new Set([...this.declared.values()].map((o) => o.ref.resource));
    for (const [resource, unwatch] of this.watches) {
      if (resources.has(resource)) continue;
      unwatch();
      this.watches.delete(resource);
    }
    for (const resource of resources) {
      if (this.watches.has(resource)) continue;
      const kind = kindForResource(resource);
      if (!kind) continue;
      const labelSelector = `${APPLYSET_PART_OF}=${this.opts.applySet.id}`;
      this.watches.set(resource, this.opts.cluster.watch(resource, { labelSelector }, (ev) => this.onEvent(kind, ev)));
    }
  }

  private onEvent(kind: KindInfo, ev: WatchEvent): void {
    if (this.stopped) return;
    const key = refKey(refFor(kind, ev.object.metadata.namespace ?? "", ev.object.metadata.name ?? ""));
    if (!this.declared.has(key)) return;
    if (ev.type === "DELETED") {
      this.live.delete(key);
      this.written.delete(key);
      this.mark(key, { state: "out-of-sync", reason: "deleted in the cluster" });
      this.opts.onChange();
      return;
    }
    const previous = this.live.get(key);
    this.live.set(key, ev.object);
    if (this.written.get(key) === ev.object.metadata.resourceVersion) {
      this.sync.set(key, { state: "synced" });
    } else if (!previous || !sameApartFromStatus(previous, ev.object)) {
      this.dirty.add(key);
      this.schedule();
    }
    this.opts.onChange();
  }

  /** Compares changed objects with their manifests: outside the watch callback, and never during a round. */
  private schedule(): void {
    if (this.timer !== undefined || this.stopped || this.dirty.size === 0) return;
    this.timer = this.opts.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.opts.busy()) return; // the round's end schedules it again
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const key of keys) {
        const declared = this.declared.get(key);
        if (!declared) continue;
        const live = this.live.get(key);
        if (live && this.written.get(key) === live.metadata.resourceVersion) continue;
        this.mark(key, syncOf(this.opts.cluster, declared, live));
      }
      this.opts.onChange();
    }, this.opts.settleMs);
  }

  private mark(key: string, sync: Sync): void {
    const before = this.sync.get(key);
    this.sync.set(key, sync);
    if (sync.state === "out-of-sync" && before?.state !== "out-of-sync") this.opts.onDrift(key);
  }
}
