/**
 * The VerticalPodAutoscaler updater: once a minute of virtual time, for each VPA in
 * Recreate (or Auto) mode, it evicts the pods whose requests fall outside the
 * recommendation's [lowerBound, upperBound] (or differ by 10 % after 12 h), through the
 * Eviction API so that PodDisruptionBudgets hold, and only while enough of their
 * controller's replicas stay alive (--min-replicas 2, --eviction-tolerance 0.5). Their
 * controller recreates them and the admission webhook gives them the new requests.
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { kindForObject, RegistryError, resourceOf } from "../api/registry.js";
import { controlledResources, effectiveUpdateMode, type RecommendedContainerResources, type VerticalPodAutoscaler } from "../api/verticalpodautoscaler.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { bytes, cpuMillis } from "../quantity.js";
import type { WatchEvent } from "../store.js";
import { controllerRefOf, ControllerEvents } from "./controller-utils.js";
import { VPA_RESOURCE } from "./vpa-recommender.js";
import { vpaPods, vpaTarget } from "./vpa-target.js";

/** --updater-interval. */
export const UPDATER_INTERVAL_MS = 60_000;
/** The updater runs half a minute after the recommender, on fresh recommendations. */
const UPDATER_OFFSET_MS = 30_000;
const DEFAULT_MIN_REPLICAS = 2;
const EVICTION_TOLERANCE = 0.5;
const POD_UPDATE_THRESHOLD = 0.1;
const POD_LIFETIME_UPDATE_THRESHOLD_MS = 12 * 3600_000;

interface Candidate {
  pod: Pod;
  outsideRange: boolean;
  diff: number;
}

/** Per controller of pods: how many it wants, how many run, how many this loop evicted. */
interface GroupStats {
  configured: number;
  running: number;
  evicted: number;
}

/** Evicts pods whose requests the recommendation has left behind. */
export class VpaUpdaterReconciler implements Reconciler {
  readonly name = "vpa-updater";
  readonly watches = [{ resource: VPA_RESOURCE, keys: (ev: WatchEvent) => [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] }];
  private readonly events: ControllerEvents;
  /** key → the minute last run, so that a change to the VPA does not run the loop twice a minute. */
  private readonly lastRun = new Map<string, number>();

  constructor(private readonly ctx: EngineContext) {
    this.events = new ControllerEvents(ctx, "vpa-updater");
  }

  *initialKeys(): Iterable<string> {
    this.lastRun.clear();
    for (const o of this.ctx.api.list(VPA_RESOURCE)) yield objectKey(o.metadata.namespace, o.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(VPA_RESOURCE, namespace, name);
    if (!obj) {
      this.lastRun.delete(key);
      return;
    }
    const now = this.ctx.clock.now();
    const slot = Math.floor((now - UPDATER_OFFSET_MS) / UPDATER_INTERVAL_MS);
    const next = (slot + 1) * UPDATER_INTERVAL_MS + UPDATER_OFFSET_MS;
    if (this.lastRun.get(key) === slot) return { requeueAfter: next - now };
    this.lastRun.set(key, slot);
    const vpa = asKind<VerticalPodAutoscaler>(obj);
    if (effectiveUpdateMode(vpa) === "Recreate") this.update(obj, vpa, now);
    return { requeueAfter: next - now };
  }

  private update(obj: KubeObject, vpa: VerticalPodAutoscaler, now: number): void {
    const recs = vpa.status?.recommendation?.containerRecommendations ?? [];
    if (recs.length === 0) return;
    const target = vpaTarget(this.ctx.api, vpa);
    if ("error" in target) return;
    const ns = obj.metadata.namespace ?? "";
    const pods = vpaPods(this.ctx.api, ns, target);
    const groups = this.groupStats(ns, pods, vpa.spec?.updatePolicy?.minReplicas ?? DEFAULT_MIN_REPLICAS);
    const candidates = pods
      .map((pod) => priorityOf(pod, recs, vpa, now))
      .filter((c): c is Candidate => c !== undefined)
      .sort((a, b) => (a.outsideRange !== b.outsideRange ? (a.outsideRange ? -1 : 1) : b.diff - a.diff));
    for (const c of candidates) {
      const group = groups.get(controllerRefOf(c.pod)?.uid ?? "");
      if (!group || !canEvict(c.pod, group)) continue;
      const podName = c.pod.metadata?.name ?? "";
      try {
        this.ctx.api.evict(ns, podName);
      } catch (e) {
        // A budget that allows no disruption now (429) or a pod already gone: the next loop tries again.
        if (isApiError(e)) continue;
        throw e;
      }
      if (c.pod.status?.phase !== "Pending") group.evicted++;
      this.events.record(c.pod as unknown as KubeObject, "Normal", "EvictedByVPA", "Pod was evicted by VPA Updater to apply resource recommendation.");
      this.events.record(obj, "Normal", "EvictedPod", `VPA Updater evicted Pod ${podName} to apply resource recommendation.`);
    }
  }

  /** The replication groups of the pods, skipping controllers with fewer replicas than required. */
  private groupStats(namespace: string, pods: readonly Pod[], minReplicas: number): Map<string, GroupStats> {
    const out = new Map<string, GroupStats>();
    for (const pod of pods) {
      const ref = controllerRefOf(pod);
      if (!ref) continue;
      let g = out.get(ref.uid);
      if (!g) {
        let configured = 0;
        try {
          const owner = this.ctx.api.tryGet(resourceOf(kindForObject(ref.apiVersion, ref.kind)), namespace, ref.name);
          configured = (owner?.spec as { replicas?: number } | undefined)?.replicas ?? (owner ? 1 : 0);
        } catch (e) {
          if (!(e instanceof RegistryError)) throw e;
        }
        g = { configured, running: 0, evicted: 0 };
        out.set(ref.uid, g);
      }
      if (pod.status?.phase === "Running") g.running++;
    }
    for (const [uid, g] of out) if (g.configured < minReplicas) out.delete(uid);
    return out;
  }
}

/** CanEvict: enough replicas stay alive (a pending pod may always go). */
function canEvict(pod: Pod, g: GroupStats): boolean {
  if (pod.status?.phase === "Pending") return true;
  const tolerance = Math.trunc(g.configured * EVICTION_TOLERANCE);
  const shouldBeAlive = g.configured - tolerance;
  if (g.running - g.evicted > shouldBeAlive) return true;
  return g.running === g.configured && tolerance === 0 && g.evicted === 0;
}

function measure(resource: string): (q: string) => number {
  return resource === "cpu" ? cpuMillis : bytes;
}

/**
 * The update priority of a pod: outside the recommended range, or (after 12 h) more
 * than 10 % away from the target; undefined when it should be left alone.
 */
function priorityOf(pod: Pod, recs: readonly RecommendedContainerResources[], vpa: VerticalPodAutoscaler, now: number): Candidate | undefined {
  if (pod.status?.phase !== "Running" && pod.status?.phase !== "Pending") return undefined;
  let outsideRange = false;
  const totalRequest: Record<string, number> = {};
  const totalTarget: Record<string, number> = {};
  for (const c of pod.spec?.containers ?? []) {
    const rec = recs.find((r) => r.containerName === c.name);
    if (!rec) continue;
    for (const resource of controlledResources(vpa, c.name)) {
      const target = rec.target[resource];
      if (target === undefined) continue;
      const m = measure(resource);
      const request = requestOf(c, resource);
      totalRequest[resource] = (totalRequest[resource] ?? 0) + (request ?? 0);
      totalTarget[resource] = (totalTarget[resource] ?? 0) + m(target);
      const lower = rec.lowerBound?.[resource];
      const upper = rec.upperBound?.[resource];
      if (request === undefined) continue;
      if ((lower !== undefined && request < m(lower)) || (upper !== undefined && request > m(upper))) outsideRange = true;
    }
  }
  let diff = 0;
  for (const [resource, request] of Object.entries(totalRequest)) {
    const target = totalTarget[resource] ?? 0;
    if (request === 0) continue;
    diff += Math.abs(target - request) / request;
  }
  const started = parseTime(pod.status?.startTime ?? undefined);
  const longLived = !Number.isNaN(started) && now - started > POD_LIFETIME_UPDATE_THRESHOLD_MS;
  if (outsideRange || (longLived && diff > POD_UPDATE_THRESHOLD)) return { pod, outsideRange, diff };
  return undefined;
}

function requestOf(c: Container, resource: string): number | undefined {
  const q = c.resources?.requests?.[resource];
  return q === undefined ? undefined : measure(resource)(q);
}
