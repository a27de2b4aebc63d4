import type { Node, Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { NODEPOOL_LABEL, NODEPOOL_RESOURCE, provisioningDelayMs, targetSize, type NodePool, type NodePoolStatus, type ProvisioningNode } from "../api/nodepool.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import type { Reconciler, ReconcileResult } from "../engine/reconciler.js";
import { poolNodeObject } from "../nodes/nodepool-node.js";
import type { WatchEvent } from "../store.js";
import { ControllerEvents, writeStatusIfChanged } from "./controller-utils.js";
import { TO_BE_DELETED_TAINT } from "./cluster-autoscaler-taints.js";

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The nodes of each pool (by their `kdeck.dev/nodepool` label) and whether each is
 * Ready, kept from the watch stream and rebuilt when the engine starts. The pool
 * controller and the cluster autoscaler share it.
 */
export class PoolNodeIndex {
  private readonly byPool = new Map<string, Set<string>>();
  private readonly poolOf = new Map<string, string>();
  private readonly ready = new Map<string, boolean>();

  clear(): void {
    this.byPool.clear();
    this.poolOf.clear();
    this.ready.clear();
  }

  /** Records a change and returns the pools it concerns: a node joining, leaving, or turning Ready or not. */
  observe(ev: WatchEvent): string[] {
    const name = ev.object.metadata.name ?? "";
    const before = this.poolOf.get(name);
    const wasReady = this.ready.get(name);
    const pool = ev.type === "DELETED" ? undefined : ev.object.metadata.labels?.[NODEPOOL_LABEL];
    if (before !== undefined && before !== pool) {
      const set = this.byPool.get(before);
      set?.delete(name);
      if (set?.size === 0) this.byPool.delete(before);
    }
    if (pool === undefined) {
      this.poolOf.delete(name);
      this.ready.delete(name);
      return before !== undefined ? [before] : [];
    }
    const isReady = nodeIsReady(asKind<Node>(ev.object));
    this.poolOf.set(name, pool);
    this.ready.set(name, isReady);
    let set = this.byPool.get(pool);
    if (!set) this.byPool.set(pool, (set = new Set()));
    set.add(name);
    const changed = before !== pool || wasReady !== isReady;
    return changed ? (before !== undefined && before !== pool ? [before, pool] : [pool]) : [];
  }

  /** Names of the registered nodes of `pool`. */
  nodesOf(pool: string): ReadonlySet<string> {
    return this.byPool.get(pool) ?? EMPTY;
  }

  /** The pool a node belongs to, if any. */
  poolOfNode(node: string): string | undefined {
    return this.poolOf.get(node);
  }
}

/** The node's Ready condition is True. */
export function nodeIsReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/**
 * The node pool controller, in the role a cloud's instance group manager plays: it
 * holds each pool at its target size (the desired size the cluster autoscaler sets,
 * within minSize and maxSize). A missing node is asked for at once and registers,
 * Ready, `provisioningDelay` later, named `<pool>-<5 random characters>` and labelled
 * `kdeck.dev/nodepool=<pool>`; a pool above its target cancels the newest requests,
 * then removes nodes (those the autoscaler marked first, then the emptiest, newest).
 * Deleting a pool deletes its nodes through their owner references.
 */
export class NodePoolReconciler implements Reconciler {
  readonly name = "nodepool-controller";
  readonly watches;
  private readonly events: ControllerEvents;

  constructor(
    private readonly ctx: EngineContext,
    readonly nodes: PoolNodeIndex = new PoolNodeIndex(),
  ) {
    this.events = new ControllerEvents(ctx, "nodepool-controller");
    this.watches = [
      { resource: NODEPOOL_RESOURCE, keys: (ev: WatchEvent) => [ev.object.metadata.name ?? ""] },
      { resource: "nodes", keys: (ev: WatchEvent) => this.nodes.observe(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.nodes.clear();
    for (const n of this.ctx.api.list("nodes")) this.nodes.observe({ type: "ADDED", resource: "nodes", object: n, resourceVersion: 0 });
    for (const p of this.ctx.api.list(NODEPOOL_RESOURCE)) yield p.metadata.name ?? "";
  }

  reconcile(name: string): ReconcileResult | void {
    const obj = this.ctx.api.tryGet(NODEPOOL_RESOURCE, "", name);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const pool = asKind<NodePool>(obj);
    const now = this.ctx.clock.now();
    const target = targetSize(pool);
    const nodes = [...this.nodes.nodesOf(name)].map((n) => this.ctx.api.tryGet("nodes", "", n)).filter((n): n is KubeObject => n !== undefined);
    const registered = new Set(nodes.map((n) => n.metadata.name ?? ""));
    let provisioning = (pool.status?.provisioning ?? []).filter((p) => !registered.has(p.name));

    // Above target: the newest requests go first, then registered nodes.
    let count = nodes.length + provisioning.length;
    if (count > target && provisioning.length > 0) {
      const keep = Math.max(0, provisioning.length - (count - target));
      provisioning = provisioning.slice(0, keep);
      count = nodes.length + provisioning.length;
    }
    if (count > target) {
      for (const node of this.removalOrder(nodes).slice(0, count - target)) this.deleteNode(obj, node, registered);
    }
    for (; count < target; count++) provisioning = [...provisioning, this.request(obj, registered, provisioning, now)];

    // Requests whose delay has passed register as Ready nodes.
    const delay = provisioningDelayMs(pool);
    let requeue: number | undefined;
    const waiting: ProvisioningNode[] = [];
    for (const p of provisioning) {
      const due = parseTime(p.requestTime) + delay;
      if (Number.isNaN(due) || due <= now) {
        if (this.register(obj, pool, p.name)) registered.add(p.name);
        continue;
      }
      waiting.push(p);
      requeue = Math.min(requeue ?? Infinity, due - now);
    }
    this.writeStatus(name, target, registered, waiting);
    return requeue === undefined ? undefined : { requeueAfter: requeue };
  }

  /** Nodes in the order a shrinking pool gives them up: marked for deletion, not Ready, emptiest, newest. */
  private removalOrder(nodes: readonly KubeObject[]): KubeObject[] {
    const podCount = new Map<string, number>();
    for (const p of this.ctx.api.list("pods")) {
      const nodeName = asKind<Pod>(p).spec?.nodeName;
      if (nodeName) podCount.set(nodeName, (podCount.get(nodeName) ?? 0) + 1);
    }
    const rank = (n: KubeObject): [number, number, number, number] => {
      const node = asKind<Node>(n);
      const marked = (node.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT) ? 0 : 1;
      return [marked, nodeIsReady(node) ? 1 : 0, podCount.get(n.metadata.name ?? "") ?? 0, -parseTime(n.metadata.creationTimestamp)];
    };
    return [...nodes].sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
    });
  }

  private deleteNode(pool: KubeObject, node: KubeObject, registered: Set<string>): void {
    const name = node.metadata.name ?? "";
    try {
      this.ctx.api.delete("nodes", "", name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
    registered.delete(name);
    this.events.record(pool, "Normal", "SuccessfulDelete", `Deleted node: ${name}`);
  }

  /** Asks for one more node under a fresh name. */
  private request(pool: KubeObject, registered: ReadonlySet<string>, provisioning: readonly ProvisioningNode[], now: number): ProvisioningNode {
    const poolName = pool.metadata.name ?? "";
    let name: string;
    do {
      name = `${poolName}-${this.ctx.rand.suffix(5)}`;
    } while (registered.has(name) || provisioning.some((p) => p.name === name) || this.ctx.api.tryGet("nodes", "", name));
    this.events.record(pool, "Normal", "ProvisioningNode", `Provisioning node: ${name}`);
    return { name, requestTime: rfc3339(now) };
  }

  /** Creates the node; false when a node of that name exists outside the pool. */
  private register(obj: KubeObject, pool: NodePool, name: string): boolean {
    try {
      this.ctx.api.create(poolNodeObject(pool, name));
    } catch (e) {
      if (isApiError(e, "AlreadyExists")) return this.nodes.poolOfNode(name) === pool.metadata?.name;
      throw e;
    }
    this.events.record(obj, "Normal", "SuccessfulCreate", `Created node: ${name}`);
    return true;
  }

  private writeStatus(name: string, target: number, registered: ReadonlySet<string>, provisioning: readonly ProvisioningNode[]): void {
    // Re-read: creating and deleting nodes above may have led the cluster autoscaler's fields to change.
    const obj = this.ctx.api.tryGet(NODEPOOL_RESOURCE, "", name);
    if (!obj) return;
    const pool = asKind<NodePool>(obj);
    let ready = 0;
    for (const n of registered) {
      const node = this.ctx.api.tryGet("nodes", "", n);
      if (node && nodeIsReady(asKind<Node>(node))) ready++;
    }
    const previous = pool.status ?? {};
    const unneeded = (previous.unneededNodes ?? []).filter((u) => registered.has(u.name));
    const status: NodePoolStatus = {
      desiredSize: target,
      currentSize: registered.size,
      readyNodes: ready,
      ...(provisioning.length > 0 ? { provisioning: [...provisioning] } : {}),
      ...(unneeded.length > 0 ? { unneededNodes: unneeded } : {}),
      ...(previous.lastScaleUpTime ? { lastScaleUpTime: previous.lastScaleUpTime } : {}),
      ...(previous.lastScaleDownTime ? { lastScaleDownTime: previous.lastScaleDownTime } : {}),
      ...(obj.metadata.generation !== undefined ? { observedGeneration: obj.metadata.generation } : {}),
    };
    writeStatusIfChanged(this.ctx.api, obj, status);
  }
}

