import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { nodeAllocatable, podResources, type PodResources, type Resources } from "./resources.js";

/**
 * What the scheduler knows about one node: the Node itself and the pods assigned or
 * assumed onto it, with their requests summed. Plugins read it; only the cache changes it.
 */
export interface NodeInfo {
  /** `node.metadata.name`. */
  readonly name: string;
  readonly node: Node;
  /** Non-terminal pods bound or assumed to this node. */
  readonly pods: readonly Pod[];
  /** Sum of the pods' effective requests; `pods` is their number. */
  readonly requested: Readonly<Resources>;
  /** As `requested`, with kube-scheduler's defaults for containers that request nothing (scoring only). */
  readonly nonZeroRequested: Readonly<Resources>;
  /** `status.allocatable` (falling back to `status.capacity`). */
  readonly allocatable: Readonly<Resources>;
  /** Every name of every image the node reports in `status.images`. */
  readonly imageNames: ReadonlySet<string>;
  /** `spec.taints`, empty when there are none. */
  readonly taints: readonly Taint[];
  /** How many of `pods` have any pod affinity or anti-affinity term (kube's PodsWithAffinity). */
  readonly podsWithAffinity: number;
  /** How many of `pods` have required pod anti-affinity terms (kube's PodsWithRequiredAntiAffinity). */
  readonly podsWithRequiredAntiAffinity: number;
}

/** One pod as the cache accounts for it. */
export interface PodEntry {
  /** `namespace/name`. */
  readonly key: string;
  readonly pod: Pod;
  readonly nodeName: string;
  readonly resources: PodResources;
  /** True while the scheduler has placed the pod but the bind has not been observed. */
  readonly assumed: boolean;
}

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

function imageNamesOf(node: Node): ReadonlySet<string> {
  const names = new Set<string>();
  for (const image of node.status?.images ?? []) for (const n of image.names ?? []) names.add(n);
  return names;
}

/** The cache's own NodeInfo, updated in place as nodes and pods change. */
export class MutableNodeInfo implements NodeInfo {
  readonly name: string;
  node: Node;
  allocatable: Readonly<Resources>;
  imageNames: ReadonlySet<string>;
  taints: readonly Taint[];
  readonly requested: Resources = { milliCPU: 0, memory: 0, pods: 0 };
  readonly nonZeroRequested: Resources = { milliCPU: 0, memory: 0, pods: 0 };
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  private readonly entries = new Map<string, PodEntry>();
  private podList: readonly Pod[] | undefined;

  constructor(node: Node) {
    this.name = node.metadata?.name ?? "";
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.imageNames = imageNamesOf(node);
    this.taints = node.spec?.taints ?? NO_TAINTS;
  }

  /** Replaces the Node object (labels, taints, allocatable may all have changed). */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.imageNames = imageNamesOf(node);
    this.taints = node.spec?.taints ?? NO_TAINTS;
  }

  get pods(): readonly Pod[] {
    if (this.podList === undefined) {
      const list: Pod[] = [];
      for (const e of this.entries.values()) list.push(e.pod);
      this.podList = Object.freeze(list);
    }
    return this.podList;
  }

  /** The entries on this node, for moving them elsewhere. */
  podEntries(): IterableIterator<PodEntry> {
    return this.entries.values();
  }

  addPod(entry: PodEntry): void {
    const previous = this.entries.get(entry.key);
    if (previous !== undefined) this.subtract(previous);
    this.entries.set(entry.key, entry);
    this.add(entry);
    this.podList = undefined;
  }

  removePod(key: string): PodEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.subtract(entry);
    this.podList = undefined;
    return entry;
  }

  private add(entry: PodEntry): void {
    const r = entry.resources;
    this.countAffinity(entry.pod, 1);
    this.requested.milliCPU += r.requests.milliCPU;
    this.requested.memory += r.requests.memory;
    this.requested.pods += 1;
    this.nonZeroRequested.milliCPU += r.nonZeroMilliCPU;
    this.nonZeroRequested.memory += r.nonZeroMemory;
    this.nonZeroRequested.pods += 1;
  }

  private subtract(entry: PodEntry): void {
    const r = entry.resources;
    this.countAffinity(entry.pod, -1);
    this.requested.milliCPU -= r.requests.milliCPU;
    this.requested.memory -= r.requests.memory;
    this.requested.pods -= 1;
    this.nonZeroRequested.milliCPU -= r.nonZeroMilliCPU;
    this.nonZeroRequested.memory -= r.nonZeroMemory;
    this.nonZeroRequested.pods -= 1;
  }

  private countAffinity(pod: Pod, delta: number): void {
    const a = pod.spec?.affinity;
    if (a === undefined || (a.podAffinity === undefined && a.podAntiAffinity === undefined)) return;
    const anti = a.podAntiAffinity;
    if (hasTerms(a.podAffinity) || hasTerms(anti)) this.podsWithAffinity += delta;
    if ((anti?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0) this.podsWithRequiredAntiAffinity += delta;
  }
}

function hasTerms(a: { requiredDuringSchedulingIgnoredDuringExecution?: readonly unknown[]; preferredDuringSchedulingIgnoredDuringExecution?: readonly unknown[] } | undefined): boolean {
  return (a?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 || (a?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}

/**
 * A standalone NodeInfo for a node and the pods on it (as kube's `framework.NewNodeInfo`),
 * for plugin tests and for callers that evaluate one node outside the cache.
 */
export function newNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  const info = new MutableNodeInfo(node);
  for (const pod of pods) {
    const key = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
    info.addPod({ key, pod, nodeName: info.name, resources: podResources(pod), assumed: false });
  }
  return info;
}
