/**
 * kdeck's cluster autoscaler: kubernetes/autoscaler's cluster-autoscaler over NodePools
 * instead of a cloud's node groups. Every scan-interval (10 s of virtual time) while any
 * pool exists, one loop (StaticAutoscaler.RunOnce):
 *
 * - carries on with the node removals under way (nodes tainted ToBeDeletedByClusterAutoscaler);
 * - scale-up: pods the scheduler marked Unschedulable that fit a new node of some pool
 *   grow the pool that wastes least (TriggeredScaleUp on them; NotTriggerScaleUp, with
 *   the pools' reasons, on those no pool can take, at most every 5 minutes per pod);
 *   a loop that scaled up does nothing else;
 * - scale-down: pool nodes below half their allocatable CPU and memory whose pods can
 *   all move are unneeded (since when is kept in the pool's status, so it survives a
 *   restart); one unneeded for 10 minutes (20 if not Ready), 10 minutes after the last
 *   scale-up, is removed, never taking its pool below minSize: empty nodes up to 10 at
 *   a time, otherwise one drain at a time;
 * - writes its summary to kube-system/cluster-autoscaler-status.
 *
 * Only pool nodes are ever removed. The loop keeps its own copy of the scheduler's
 * node snapshot, built when the first pool appears and dropped with the last.
 */
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { ConfigMap, Node, Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { NODEPOOL_RESOURCE, targetSize, type NodePool, type NodePoolStatus } from "../api/nodepool.js";
import { asKind } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { PDB_RESOURCE, pdbCoversPod, pdbsServed } from "../disruption/index.js";
import { SchedulerCache } from "../scheduler/cache.js";
import { defaultPlugins } from "../scheduler/plugins/default-plugins.js";
import { Profile } from "../scheduler/profile.js";
import type { WatchEvent } from "../store.js";
import { ScaleDownActuator } from "./cluster-autoscaler-actuation.js";
import { excludedFromScaleDown, findUnneeded, isDaemonOrMirrorPod, type NodeToRemove, type ScaleDownCandidates } from "./cluster-autoscaler-scaledown.js";
import { formatScaleUpInfos, planScaleUp, type PoolView, type ScaleUpPlan } from "./cluster-autoscaler-scaleup.js";
import { statusBody, statusConfigMap, TransitionTimes, writeStatusConfigMap, type GroupStatus } from "./cluster-autoscaler-status.js";
import { toBeDeletedTaint } from "./cluster-autoscaler-taints.js";
import { writeStatusIfChanged } from "./controller-utils.js";
import { nodeIsReady, type PoolNodeIndex } from "./nodepool.js";

/** scan-interval. */
export const SCAN_INTERVAL_MS = 10_000;
/** scale-down-unneeded-time. */
export const SCALE_DOWN_UNNEEDED_TIME_MS = 10 * 60_000;
/** scale-down-unready-time. */
export const SCALE_DOWN_UNREADY_TIME_MS = 20 * 60_000;
/** scale-down-delay-after-add. */
export const SCALE_DOWN_DELAY_AFTER_ADD_MS = 10 * 60_000;
/** scale-down-delay-after-failure. */
export const SCALE_DOWN_DELAY_AFTER_FAILURE_MS = 3 * 60_000;
/** max-empty-bulk-delete. */
const MAX_EMPTY_BULK_DELETE = 10;
/** expendable-pods-priority-cutoff: pods below it never trigger a scale-up. */
const EXPENDABLE_PODS_PRIORITY_CUTOFF = -10;
/** CA records a repeated event at most this often (its default without --record-duplicated-events). */
const DUPLICATE_EVENT_WINDOW_MS = 5 * 60_000;
const LOOP_KEY = "loop";
const SOURCE = { component: "cluster-autoscaler" };

function isUnschedulable(pod: Pod): boolean {
  if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
}

export class ClusterAutoscalerReconciler implements Reconciler {
  readonly name = "cluster-autoscaler";
  readonly watches;
  /** Its own copy of the scheduler's view; only while pools exist. */
  private cache: SchedulerCache | undefined;
  private readonly unschedulable = new Set<string>();
  private readonly profile = new Profile(defaultPlugins());
  private times = new TransitionTimes();
  private readonly notTriggered = new Map<string, { message: string; at: number }>();
  private readonly actuator: ScaleDownActuator;
  private lastDeleteAt = -Infinity;
  private lastFailureAt = -Infinity;

  constructor(
    private readonly ctx: EngineContext,
    private readonly poolNodes: PoolNodeIndex,
  ) {
    this.actuator = new ScaleDownActuator(ctx);
    this.watches = [
      { resource: NODEPOOL_RESOURCE, keys: (ev: WatchEvent) => (ev.type === "ADDED" ? [LOOP_KEY] : []) },
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.cache = undefined;
    this.unschedulable.clear();
    const summary = statusConfigMap(this.ctx.api);
    this.times = TransitionTimes.fromSummary(summary ? (asKind<ConfigMap>(summary).data?.status ?? "") : "");
    for (const p of this.ctx.api.list("pods")) if (isUnschedulable(asKind<Pod>(p))) this.unschedulable.add(objectKey(p.metadata.namespace, p.metadata.name ?? ""));
    if (this.ctx.api.list(NODEPOOL_RESOURCE).length > 0) yield LOOP_KEY;
  }

  reconcile(): ReconcileResult | void {
    const pools = this.ctx.api
      .list(NODEPOOL_RESOURCE)
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => asKind<NodePool>(p));
    if (pools.length === 0) {
      this.cache = undefined;
      return;
    }
    const cache = this.ensureCache();
    const now = this.ctx.clock.now();
    if (!statusConfigMap(this.ctx.api)) writeStatusConfigMap(this.ctx.api, "", now);
    const views = pools.map((pool) => this.viewOf(pool));
    const draining = this.continueDeletions(views);

    const plan = planScaleUp({ profile: this.profile, nodes: cache.nodeInfos(), pools: views, pending: this.pendingPods(), daemonSets: this.daemonSets() });
    if (plan.result === "Successful") {
      this.executeScaleUp(plan, now);
      this.writeSummary(now, undefined);
      return { requeueAfter: SCAN_INTERVAL_MS };
    }
    if (plan.result === "NoOptionsAvailable") this.recordNotTriggered(plan, now);

    const previouslyUnneeded = new Set(pools.flatMap((p) => (p.status?.unneededNodes ?? []).map((u) => u.name)));
    const found = findUnneeded({ profile: this.profile, nodes: cache.nodeInfos(), candidates: this.candidates(views), pdbsFor: this.pdbLookup(), previouslyUnneeded });
    const since = this.trackUnneeded(pools, found.unneeded, now);
    if (draining === 0 && !this.inCooldown(pools, now)) this.scaleDown(views, found.unneeded, since, now);
    this.writeSummary(now, found);
    return { requeueAfter: SCAN_INTERVAL_MS };
  }

  // ---- inputs ---------------------------------------------------------------------

  private ensureCache(): SchedulerCache {
    if (this.cache) return this.cache;
    const cache = new SchedulerCache();
    for (const n of this.ctx.api.list("nodes")) cache.setNode(asKind<Node>(n));
    for (const p of this.ctx.api.list("pods")) cache.setPod(asKind<Pod>(p));
    this.cache = cache;
    return cache;
  }

  private onNode(ev: WatchEvent): string[] {
    if (!this.cache) return [];
    if (ev.type === "DELETED") this.cache.removeNode(ev.object.metadata.name ?? "");
    else this.cache.setNode(asKind<Node>(ev.object));
    return [];
  }

  private onPod(ev: WatchEvent): string[] {
    const pod = asKind<Pod>(ev.object);
    const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
    if (ev.type !== "DELETED" && isUnschedulable(pod)) this.unschedulable.add(key);
    else this.unschedulable.delete(key);
    if (this.cache) {
      if (ev.type === "DELETED") this.cache.removePod(ev.object.metadata.namespace ?? "", ev.object.metadata.name ?? "");
      else this.cache.setPod(pod);
    }
    return [];
  }

  private viewOf(pool: NodePool): PoolView {
    const name = pool.metadata?.name ?? "";
    return { pool, name, target: targetSize(pool), registered: this.poolNodes.nodesOf(name).size, maxSize: Math.max(pool.spec.minSize, pool.spec.maxSize) };
  }

  /** Unschedulable pods that may trigger a scale-up, oldest first. */
  private pendingPods(): Pod[] {
    const pods: Pod[] = [];
    for (const key of this.unschedulable) {
      const { namespace, name } = splitKey(key);
      const obj = this.ctx.api.tryGet("pods", namespace, name);
      if (!obj) continue;
      const pod = asKind<Pod>(obj);
      // Expendable pods and pods waiting for a preemption do not ask for nodes.
      if ((pod.spec?.priority ?? 0) < EXPENDABLE_PODS_PRIORITY_CUTOFF || pod.status?.nominatedNodeName) continue;
      pods.push(pod);
    }
    return pods.sort((a, b) => parseTime(a.metadata?.creationTimestamp) - parseTime(b.metadata?.creationTimestamp) || objectKey(a.metadata?.namespace, a.metadata?.name ?? "").localeCompare(objectKey(b.metadata?.namespace, b.metadata?.name ?? "")));
  }

  private daemonSets(): DaemonSet[] {
    return this.ctx.api.list("daemonsets.apps").map((d) => asKind<DaemonSet>(d));
  }

  /** Pool nodes the autoscaler may consider removing. */
  private candidates(views: readonly PoolView[]): { node: string; pool: string }[] {
    const out: { node: string; pool: string }[] = [];
    for (const v of views) {
      for (const node of this.poolNodes.nodesOf(v.name)) {
        const obj = this.ctx.api.tryGet("nodes", "", node);
        if (obj && !excludedFromScaleDown(asKind<Node>(obj))) out.push({ node, pool: v.name });
      }
    }
    return out;
  }

  /** The budgets covering a pod, each namespace's budgets read once per loop. */
  private pdbLookup(): (pod: Pod) => PodDisruptionBudget[] {
    const byNamespace = new Map<string, PodDisruptionBudget[]>();
    return (pod) => {
      if (!pdbsServed()) return [];
      const ns = pod.metadata?.namespace ?? "";
      let pdbs = byNamespace.get(ns);
      if (!pdbs) byNamespace.set(ns, (pdbs = this.ctx.api.list(PDB_RESOURCE, { namespace: ns }).map((o) => asKind<PodDisruptionBudget>(o))));
      return pdbs.filter((pdb) => pdbCoversPod(pdb, pod));
    };
  }

  // ---- scale-up -------------------------------------------------------------------

  private executeScaleUp(plan: ScaleUpPlan, now: number): void {
    for (const info of plan.infos) {
      const obj = this.ctx.api.tryGet(NODEPOOL_RESOURCE, "", info.pool);
      if (!obj) continue;
      const pool = asKind<NodePool>(obj);
      const status: NodePoolStatus = { ...pool.status, desiredSize: info.newSize, lastScaleUpTime: rfc3339(now) };
      writeStatusIfChanged(this.ctx.api, obj, status);
      const cm = statusConfigMap(this.ctx.api);
      const sizes = `${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`;
      if (cm) {
        this.ctx.events.record(cm, "Normal", "ScaledUpGroup", `Scale-up: setting group ${info.pool} size to ${sizes}`, SOURCE);
        this.ctx.events.record(cm, "Normal", "ScaledUpGroup", `Scale-up: group ${info.pool} size set to ${sizes}`, SOURCE);
      }
      this.ctx.events.record(obj, "Normal", "ScaledUpGroup", `Scale-up: group ${info.pool} size set to ${sizes}`, SOURCE);
    }
    const message = `pod triggered scale-up: ${formatScaleUpInfos(plan.infos)}`;
    for (const pod of plan.triggered) {
      const obj = this.ctx.api.tryGet("pods", pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
      if (obj) this.ctx.events.record(obj, "Normal", "TriggeredScaleUp", message, SOURCE);
    }
  }

  private recordNotTriggered(plan: ScaleUpPlan, now: number): void {
    const pending = new Set(plan.remaining.map((r) => r.pod.metadata?.uid ?? ""));
    for (const uid of this.notTriggered.keys()) if (!pending.has(uid)) this.notTriggered.delete(uid);
    for (const { pod, reasons } of plan.remaining) {
      const uid = pod.metadata?.uid ?? "";
      const message = `pod didn't trigger scale-up: ${reasons}`;
      const last = this.notTriggered.get(uid);
      if (last && last.message === message && now - last.at < DUPLICATE_EVENT_WINDOW_MS) continue;
      const obj = this.ctx.api.tryGet("pods", pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
      if (!obj) continue;
      this.notTriggered.set(uid, { message, at: now });
      this.ctx.events.record(obj, "Normal", "NotTriggerScaleUp", message, SOURCE);
    }
  }

  // ---- scale-down -----------------------------------------------------------------

  /** Carries on with removals under way; returns how many non-empty nodes are still draining. */
  private continueDeletions(views: readonly PoolView[]): number {
    let draining = 0;
    for (const v of views) {
      for (const name of [...this.poolNodes.nodesOf(v.name)]) {
        const obj = this.ctx.api.tryGet("nodes", "", name);
        if (!obj || !toBeDeletedTaint(asKind<Node>(obj))) continue;
        const remaining = (this.cache?.nodeInfo(name)?.pods ?? []).filter((p) => !isDaemonOrMirrorPod(p));
        const outcome = this.actuator.continueDeletion(obj, v.name, remaining);
        if (outcome === "draining") draining++;
        else if (outcome === "deleted") this.lastDeleteAt = this.ctx.clock.now();
        else this.lastFailureAt = this.ctx.clock.now();
      }
    }
    return draining;
  }

  /** Records in each pool's status since when its nodes are unneeded; returns those times by node. */
  private trackUnneeded(pools: readonly NodePool[], unneeded: readonly NodeToRemove[], now: number): Map<string, number> {
    const since = new Map<string, number>();
    for (const pool of pools) {
      const name = pool.metadata?.name ?? "";
      const before = new Map((pool.status?.unneededNodes ?? []).map((u) => [u.name, u.since]));
      const list = unneeded
        .filter((u) => u.pool === name)
        .map((u) => ({ name: u.node, since: before.get(u.node) ?? rfc3339(now) }))
        .sort((a, b) => a.name.localeCompare(b.name));
      for (const u of list) since.set(u.name, parseTime(u.since));
      const obj = this.ctx.api.tryGet(NODEPOOL_RESOURCE, "", name);
      if (!obj) continue;
      const status: NodePoolStatus = { ...asKind<NodePool>(obj).status };
      if (list.length > 0) status.unneededNodes = list;
      else delete status.unneededNodes;
      writeStatusIfChanged(this.ctx.api, obj, status);
    }
    return since;
  }

  /** isScaleDownInCooldown: too soon after a scale-up, a deletion or a failure. */
  private inCooldown(pools: readonly NodePool[], now: number): boolean {
    const lastScaleUp = Math.max(-Infinity, ...pools.map((p) => parseTime(p.status?.lastScaleUpTime ?? undefined)).filter((t) => !Number.isNaN(t)));
    return now < lastScaleUp + SCALE_DOWN_DELAY_AFTER_ADD_MS || now < this.lastDeleteAt + SCAN_INTERVAL_MS || now < this.lastFailureAt + SCALE_DOWN_DELAY_AFTER_FAILURE_MS;
  }

  /** Removes the nodes unneeded long enough: empty ones in bulk, else one, never below a pool's minimum. */
  private scaleDown(views: readonly PoolView[], unneeded: readonly NodeToRemove[], since: ReadonlyMap<string, number>, now: number): void {
    const room = new Map(views.map((v) => [v.name, v.registered - v.pool.spec.minSize]));
    const ready = (name: string): boolean => {
      const obj = this.ctx.api.tryGet("nodes", "", name);
      return obj !== undefined && nodeIsReady(asKind<Node>(obj));
    };
    const due = unneeded.filter((u) => {
      const t = since.get(u.node) ?? now;
      return now >= t + (ready(u.node) ? SCALE_DOWN_UNNEEDED_TIME_MS : SCALE_DOWN_UNREADY_TIME_MS);
    });
    const take = (u: NodeToRemove): boolean => {
      const left = room.get(u.pool) ?? 0;
      if (left <= 0) return false;
      room.set(u.pool, left - 1);
      return true;
    };
    let emptied = 0;
    for (const u of due.filter((d) => d.pods.length === 0)) {
      if (emptied >= MAX_EMPTY_BULK_DELETE) break;
      if (!take(u)) continue;
      emptied++;
      if (this.actuator.start(u.node, u.pool, [], "") === "deleted") this.lastDeleteAt = now;
    }
    if (emptied > 0) return;
    const next = due.find((d) => d.pods.length > 0 && take(d));
    if (!next) return;
    const pods = next.pods.map((p) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`).join(",");
    const util = `{cpu: ${next.utilization.cpu.toFixed(3)}, memory: ${next.utilization.memory.toFixed(3)}}`;
    const outcome = this.actuator.start(next.node, next.pool, next.pods, `Scale-down: removing node ${next.node}, utilization: ${util}, pods to reschedule: ${pods}`);
    if (outcome === "aborted") this.lastFailureAt = now;
  }

  // ---- status ---------------------------------------------------------------------

  private writeSummary(now: number, found: ScaleDownCandidates | undefined): void {
    const cache = this.cache;
    if (!cache) return;
    let ready = 0;
    let registered = 0;
    for (const info of cache.nodeInfos()) {
      registered++;
      if (nodeIsReady(info.node)) ready++;
    }
    const pools = this.ctx.api.list(NODEPOOL_RESOURCE).map((p) => asKind<NodePool>(p));
    const groups = pools.map((pool) => this.groupStatus(pool, found));
    const cluster: GroupStatus = {
      ready,
      registered,
      scaleUpInProgress: groups.some((g) => g.scaleUpInProgress),
      candidates: groups.reduce((n, g) => n + g.candidates, 0),
    };
    writeStatusConfigMap(this.ctx.api, statusBody({ cluster, groups }, this.times, now), now);
  }

  private groupStatus(pool: NodePool, found: ScaleDownCandidates | undefined): { name: string } & GroupStatus {
    const name = pool.metadata?.name ?? "";
    const nodes = [...this.poolNodes.nodesOf(name)].sort();
    const ready = nodes.filter((n) => {
      const info = this.cache?.nodeInfo(n);
      return info !== undefined && nodeIsReady(info.node);
    }).length;
    const unneeded = (pool.status?.unneededNodes ?? []).map((u) => ({ node: u.name, since: parseTime(u.since) }));
    const unremovable = new Map<string, string>();
    for (const n of nodes) {
      const reason = found?.unremovable.get(n);
      if (reason !== undefined) unremovable.set(n, reason);
    }
    return {
      name,
      ready,
      registered: nodes.length,
      target: targetSize(pool),
      minSize: pool.spec.minSize,
      maxSize: pool.spec.maxSize,
      scaleUpInProgress: targetSize(pool) > ready,
      candidates: unneeded.length,
      unneeded,
      unremovable,
    };
  }
}
