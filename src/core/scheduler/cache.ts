import type { Node, Pod } from "kubernetes-types/core/v1";
import { MutableNodeInfo, type NodeInfo, type PodEntry } from "./node-info.js";
import { podResources } from "./resources.js";

/** Changes remembered for {@link SchedulerCache.changedSince}; a reader further behind starts over. */
const MAX_CHANGE_LOG = 8192;

function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/**
 * The scheduler's view of the cluster: nodes and the pods assigned to them, fed from
 * watch events by the scheduler controller, plus the pods the scheduler has assumed
 * but whose bind it has not yet observed (kube-scheduler's `internalcache`).
 *
 * Pods that name a node the cache does not know (the Node event has not arrived yet, or
 * the node was deleted before its pods) are kept aside and counted as soon as the node
 * appears, so no event order loses a pod's requests.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, MutableNodeInfo>();
  /** Pods on nodes the cache does not hold, by node name. */
  private readonly orphans = new Map<string, Map<string, PodEntry>>();
  /** Every accounted pod, by `namespace/name`. */
  private readonly pods = new Map<string, PodEntry>();
  private list: readonly NodeInfo[] | undefined;
  /** Nodes running pods with pod (anti-)affinity terms, and with required anti-affinity (kube's snapshot lists). */
  private readonly withAffinity = new Set<NodeInfo>();
  private readonly withRequiredAntiAffinity = new Set<NodeInfo>();
  /** Nodes whose object or pods changed, oldest first; `changeBase` is the sequence number of the first. */
  private changeLog: NodeInfo[] = [];
  private changeBase = 0;

  /** Adds or replaces a node. */
  setNode(node: Node): void {
    const name = node.metadata?.name ?? "";
    const existing = this.nodes.get(name);
    if (existing !== undefined) {
      existing.setNode(node);
      this.nodeChanged(existing);
      return;
    }
    const info = new MutableNodeInfo(node);
    const waiting = this.orphans.get(name);
    if (waiting !== undefined) {
      for (const entry of waiting.values()) info.addPod(entry);
      this.orphans.delete(name);
    }
    this.nodes.set(name, info);
    this.nodeChanged(info);
    this.list = undefined;
  }

  /** Removes a node. Its pods stay accounted (they are deleted by their own events) in case it comes back. */
  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (info === undefined) return;
    const entries = [...info.podEntries()];
    if (entries.length > 0) this.orphans.set(name, new Map(entries.map((e) => [e.key, e])));
    this.nodes.delete(name);
    this.withAffinity.delete(info);
    this.withRequiredAntiAffinity.delete(info);
    this.list = undefined;
  }

  /**
   * Adds/replaces an assigned pod (spec.nodeName set). Pods in phase Succeeded/Failed free
   * their resources; unassigned pods are ignored. Keyed by namespace/name.
   */
  setPod(pod: Pod): void {
    const key = podKey(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
    if (isTerminal(pod)) {
      this.removeEntry(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    // An update seen before the bind must not drop the pod the scheduler assumed.
    if (!nodeName) return;
    this.removeEntry(key);
    this.addEntry({ key, pod, nodeName, resources: podResources(pod), assumed: false });
  }

  /** Forgets a pod (deleted, or its assumption abandoned). */
  removePod(namespace: string, name: string): void {
    this.removeEntry(podKey(namespace, name));
  }

  /** Assume a pod onto a node right after deciding (before the bind is observed), as kube-scheduler's assume does. */
  assume(pod: Pod, nodeName: string): void {
    const key = podKey(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
    const resources = podResources(pod);
    const assumed: Pod = Object.freeze({ ...pod, spec: Object.freeze({ ...pod.spec, containers: pod.spec?.containers ?? [], nodeName }) });
    this.removeEntry(key);
    this.addEntry({ key, pod: assumed, nodeName, resources, assumed: true });
  }

  /** Drops an assumed pod whose bind failed (kube-scheduler's ForgetPod). A pod already observed bound stays. */
  forget(namespace: string, name: string): void {
    const key = podKey(namespace, name);
    if (this.pods.get(key)?.assumed) this.removeEntry(key);
  }

  /** True while the pod is assumed and its bind not yet observed. */
  isAssumed(namespace: string, name: string): boolean {
    return this.pods.get(podKey(namespace, name))?.assumed ?? false;
  }

  /** Every node, in the order they were first added. The array is shared: do not keep it past a change. */
  nodeInfos(): readonly NodeInfo[] {
    if (this.list === undefined) this.list = Object.freeze([...this.nodes.values()]);
    return this.list;
  }

  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** The nodes running a pod with any pod affinity or anti-affinity term (`HavePodsWithAffinityList`). */
  havePodsWithAffinity(): Iterable<NodeInfo> {
    return this.withAffinity;
  }

  /** The nodes running a pod with required pod anti-affinity (`HavePodsWithRequiredAntiAffinityList`). */
  havePodsWithRequiredAntiAffinity(): Iterable<NodeInfo> {
    return this.withRequiredAntiAffinity;
  }

  /** The sequence number the next change will get: pass it to {@link changedSince} later. */
  changeSeq(): number {
    return this.changeBase + this.changeLog.length;
  }

  /**
   * The nodes whose object or pods changed since `seq` (a node may repeat), so that
   * plugins keeping per-domain totals update them instead of visiting every node.
   * Undefined when the log no longer reaches back that far: start over then.
   */
  changedSince(seq: number): readonly NodeInfo[] | undefined {
    if (seq < this.changeBase) return undefined;
    return this.changeLog.slice(seq - this.changeBase);
  }

  private nodeChanged(info: NodeInfo): void {
    this.changeLog.push(info);
    if (this.changeLog.length > MAX_CHANGE_LOG) {
      const drop = this.changeLog.length >> 1;
      this.changeLog = this.changeLog.slice(drop);
      this.changeBase += drop;
    }
    if (info.podsWithAffinity > 0) this.withAffinity.add(info);
    else this.withAffinity.delete(info);
    if (info.podsWithRequiredAntiAffinity > 0) this.withRequiredAntiAffinity.add(info);
    else this.withRequiredAntiAffinity.delete(info);
  }

  private addEntry(entry: PodEntry): void {
    this.pods.set(entry.key, entry);
    const info = this.nodes.get(entry.nodeName);
    if (info !== undefined) {
      info.addPod(entry);
      this.nodeChanged(info);
      return;
    }
    let waiting = this.orphans.get(entry.nodeName);
    if (waiting === undefined) {
      waiting = new Map();
      this.orphans.set(entry.nodeName, waiting);
    }
    waiting.set(entry.key, entry);
  }

  private removeEntry(key: string): void {
    const entry = this.pods.get(key);
    if (entry === undefined) return;
    this.pods.delete(key);
    const info = this.nodes.get(entry.nodeName);
    if (info !== undefined) {
      info.removePod(key);
      this.nodeChanged(info);
      return;
    }
    const waiting = this.orphans.get(entry.nodeName);
    if (waiting === undefined) return;
    waiting.delete(key);
    if (waiting.size === 0) this.orphans.delete(entry.nodeName);
  }
}
