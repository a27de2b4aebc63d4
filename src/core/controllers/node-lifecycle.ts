import type { Node, NodeCondition, Pod, PodCondition } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { kubeletStopped, kubeletStoppedAt } from "../kubelet/node-health.js";
import type { WatchEvent } from "../store.js";
import { desiredNoScheduleTaints, noExecuteTaintsFor, reconcileNodeTaints } from "./node-lifecycle-taints.js";
import type { NodePodIndex } from "./node-pod-index.js";

/**
 * How long a node may go without its kubelet's word before its conditions become
 * Unknown: kube-controller-manager's --node-monitor-grace-period, 50 s since 1.32.
 */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** The same for a node that never posted a Ready condition (--node-startup-grace-period). */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

const COMPONENT = { component: "node-controller" };
/** The conditions the controller turns Unknown on a silent node; NetworkUnavailable is the network plugin's. */
const MONITORED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] as const;

/**
 * kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle),
 * one reconcile per node:
 * - health: a node whose kubelet has not been heard from for the grace period gets
 *   Ready, MemoryPressure, DiskPressure and PIDPressure `Unknown` ("Kubelet stopped
 *   posting node status."), a `NodeNotReady` event, and its pods marked not Ready
 *   (each with a `NodeNotReady` event);
 * - taints: the NoSchedule taints its conditions and cordon call for
 *   (`node.kubernetes.io/unreachable`, `not-ready`, `unschedulable`…) and the NoExecute
 *   `unreachable` or `not-ready` taint the taint eviction controller acts on; both go
 *   when the node is Ready again.
 *
 * kdeck models no node Leases: a running simulated kubelet counts as renewing its Lease
 * all the time, and a stopped one (sim.kdeck.dev/kubelet-stopped) was last heard from
 * when it stopped (the annotation's time), else at its last status heartbeat. So the
 * node goes NotReady exactly the grace period after `kdeck node stop`, whichever
 * process runs the engine, and however often it restarted in between.
 */
export class NodeLifecycleReconciler implements Reconciler {
  readonly name = "node-lifecycle-controller";
  readonly watches;
  /** Nodes whose Ready condition is not True, to notice pods bound to them. */
  private readonly notReady = new Set<string>();
  /** Nodes created, and deleted, since last reconciled: RegisteredNode / RemovingNode events are due. */
  private readonly added = new Set<string>();
  private readonly removed = new Map<string, KubeObject>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly pods: NodePodIndex,
    private readonly gracePeriodMs = NODE_MONITOR_GRACE_PERIOD_MS,
  ) {
    this.watches = [
      { resource: "nodes", keys: (ev: WatchEvent) => this.onNode(ev) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.notReady.clear();
    for (const obj of this.ctx.api.list("nodes")) {
      this.track(asKind<Node>(obj));
      yield obj.metadata.name ?? "";
    }
  }

  reconcile(name: string): ReconcileResult | void {
    const obj = this.ctx.api.tryGet("nodes", "", name);
    if (!obj) {
      this.forget(name);
      return;
    }
    if (this.added.delete(name)) this.nodeEvent(obj, "RegisteredNode", `Registered Node ${name} in Controller`);
    const now = this.ctx.clock.now();
    const health = this.updateHealth(obj, now);
    const node = asKind<Node>(health.node);
    const ready = readyCondition(node);
    if (ready && ready.status !== "True") {
      if (health.becameNotReady) {
        this.ctx.events.record(health.node, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`, COMPONENT);
      }
      this.markPodsNotReady(name, now);
    }
    this.updateTaints(health.node, rfc3339(now));
    if (health.dueAt !== undefined) return { requeueAfter: Math.max(0, health.dueAt - now) };
  }

  /**
   * tryUpdateNodeHealth: past the grace period since the kubelet's last contact, the
   * monitored conditions go Unknown. Returns the node as stored after that, whether
   * Ready just left True, and when the grace period runs out if it has not yet.
   */
  private updateHealth(obj: KubeObject, now: number): { node: KubeObject; becameNotReady: boolean; dueAt?: number } {
    const node = asKind<Node>(obj);
    // A running kubelet renews its Lease every 10 s: it is never silent for the grace period.
    if (!kubeletStopped(node)) return { node: obj, becameNotReady: false };
    const observed = readyCondition(node);
    const stoppedAt = kubeletStoppedAt(node);
    const lastContact = !Number.isNaN(stoppedAt)
      ? stoppedAt
      : observed
        ? parseTime(observed.lastHeartbeatTime ?? undefined)
        : parseTime(node.metadata?.creationTimestamp);
    const grace = observed ? this.gracePeriodMs : NODE_STARTUP_GRACE_PERIOD_MS;
    const expires = (Number.isNaN(lastContact) ? now : lastContact) + grace;
    if (now < expires) return { node: obj, becameNotReady: false, dueAt: expires };

    const at = rfc3339(now);
    const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
    for (const type of MONITORED_CONDITIONS) {
      const i = conditions.findIndex((c) => c.type === type);
      if (i < 0) {
        conditions.push({
          type,
          status: "Unknown",
          reason: "NodeStatusNeverUpdated",
          message: "Kubelet never posted node status.",
          lastHeartbeatTime: node.metadata?.creationTimestamp ?? at,
          lastTransitionTime: at,
        });
      } else if (conditions[i]!.status !== "Unknown") {
        conditions[i] = { ...conditions[i]!, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: at };
      }
    }
    if (readyCondition({ status: { conditions } })?.status === observed?.status) return { node: obj, becameNotReady: false };
    const written = this.ctx.api.updateStatus({ ...obj, status: { ...node.status, conditions } });
    return { node: written, becameNotReady: observed?.status === "True" };
  }

  /**
   * MarkPodsNotReady: every pod on the node whose Ready condition is True gets it False
   * (the kubelet that would say otherwise is not reporting) and a `NodeNotReady` event.
   */
  private markPodsNotReady(nodeName: string, now: number): void {
    for (const key of [...this.pods.podsOn(nodeName)]) {
      const { namespace, name } = splitKey(key);
      const obj = this.ctx.api.tryGet("pods", namespace, name);
      if (!obj) continue;
      const pod = asKind<Pod>(obj);
      const conditions = pod.status?.conditions ?? [];
      const i = conditions.findIndex((c) => c.type === "Ready");
      if (pod.spec?.nodeName !== nodeName || i < 0 || conditions[i]!.status === "False") continue;
      const next: PodCondition[] = conditions.map((c, j) => (j === i ? { ...c, status: "False", lastTransitionTime: rfc3339(now) } : c));
      try {
        this.ctx.api.updateStatus({ ...obj, status: { ...pod.status, conditions: next } });
      } catch (e) {
        if (isApiError(e, "NotFound")) continue;
        throw e;
      }
      this.ctx.events.record(obj, "Warning", "NodeNotReady", "Node is not ready", COMPONENT);
    }
  }

  /** doNoScheduleTaintingPass and the NoExecute taint swap, in one write. */
  private updateTaints(obj: KubeObject, at: string): void {
    const node = asKind<Node>(obj);
    const current = node.spec?.taints ?? [];
    const next = reconcileNodeTaints(current, desiredNoScheduleTaints(node), noExecuteTaintsFor(readyCondition(node)), at);
    if (next === current) return;
    const spec: Node["spec"] = { ...node.spec, taints: [...next] };
    if (next.length === 0) delete spec.taints;
    this.ctx.api.update({ ...obj, spec });
  }

  private nodeEvent(node: KubeObject, reason: string, message: string): void {
    // RecordNodeEvent: "Node <name> event: <message>".
    this.ctx.events.record(node, "Normal", reason, `Node ${node.metadata.name ?? ""} event: ${message}`, COMPONENT);
  }

  private forget(name: string): void {
    this.notReady.delete(name);
    this.added.delete(name);
    const gone = this.removed.get(name);
    this.removed.delete(name);
    if (gone) this.nodeEvent(gone, "RemovingNode", `Removing Node ${name} from Controller`);
  }

  private track(node: Node): void {
    const name = node.metadata?.name ?? "";
    const ready = readyCondition(node);
    if (ready && ready.status !== "True") this.notReady.add(name);
    else this.notReady.delete(name);
  }

  private onNode(ev: WatchEvent): string[] {
    const name = ev.object.metadata.name ?? "";
    if (ev.type === "DELETED") {
      this.added.delete(name);
      this.removed.set(name, ev.object);
      return [name];
    }
    if (ev.type === "ADDED") {
      this.added.add(name);
      this.removed.delete(name);
    }
    this.track(asKind<Node>(ev.object));
    return [name];
  }

  /** processPod: a pod bound to a node that is not Ready is marked not Ready too. */
  private onPod(ev: WatchEvent): string[] {
    if (ev.type === "DELETED" || this.notReady.size === 0) return [];
    const pod = asKind<Pod>(ev.object);
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || !this.notReady.has(nodeName)) return [];
    return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? [nodeName] : [];
  }
}

function readyCondition(node: Pick<Node, "status">): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready");
}
