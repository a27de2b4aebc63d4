import type { SnapshotLists } from "../listers.js";
import type { NodeInfo } from "../node-info.js";

/** One node's part in a domain count: its domain (undefined: not counted) and its matching pods. */
export interface NodeShare {
  readonly value: string | undefined;
  readonly count: number;
}

/**
 * Matching pods per domain (topology value) over every node of a snapshot, for one
 * question (selector, namespace, topology key, which nodes count), patched from the
 * cache's change log: a cycle re-reads the nodes that changed since the last one rather
 * than all of them. This is what keeps the system default spreading of Deployment pods
 * (and any zone constraint) from visiting 1,000 nodes for every pod.
 */
export class DomainCounts {
  /** Domain → matching pods, for every domain some counted node is in (0 included). */
  readonly totals = new Map<string, number>();
  private readonly nodesPerDomain = new Map<string, number>();
  private readonly shares = new Map<NodeInfo, NodeShare>();

  constructor(
    readonly nodes: readonly NodeInfo[],
    public seq: number,
    private readonly share: (info: NodeInfo) => NodeShare,
  ) {
    for (const info of nodes) this.apply(info);
  }

  /** How many counted nodes are in the domain. */
  nodesIn(value: string): number {
    return this.nodesPerDomain.get(value) ?? 0;
  }

  /** Re-reads the nodes that changed (repeats are harmless). */
  update(changed: readonly NodeInfo[], seq: number): void {
    for (const info of changed) this.apply(info);
    this.seq = seq;
  }

  private apply(info: NodeInfo): void {
    const next = this.share(info);
    const prev = this.shares.get(info);
    if (prev !== undefined && prev.value === next.value && prev.count === next.count) return;
    if (prev?.value !== undefined) this.add(prev.value, -prev.count, -1);
    if (next.value !== undefined) this.add(next.value, next.count, 1);
    this.shares.set(info, next);
  }

  private add(value: string, count: number, nodes: number): void {
    const n = (this.nodesPerDomain.get(value) ?? 0) + nodes;
    if (n === 0) {
      this.nodesPerDomain.delete(value);
      this.totals.delete(value);
      return;
    }
    this.nodesPerDomain.set(value, n);
    this.totals.set(value, (this.totals.get(value) ?? 0) + count);
  }
}

/** Questions kept; pods of a few templates take turns being scheduled. */
const MAX_QUESTIONS = 32;

/**
 * The domain counts a plugin keeps between cycles, by question. The maps handed out are
 * patched by later calls: read them within the cycle that asked.
 */
export class SpreadCounts {
  private readonly questions = new Map<string, DomainCounts>();

  /**
   * The counts for question `key` over `nodes` (the cache's current list), where
   * `share(info)` depends only on the node and its pods.
   */
  counts(key: string, nodes: readonly NodeInfo[], lists: SnapshotLists, share: (info: NodeInfo) => NodeShare): DomainCounts {
    let q = this.questions.get(key);
    const changed = q !== undefined && q.nodes === nodes ? lists.changedSince(q.seq) : undefined;
    if (q !== undefined && changed !== undefined) {
      q.update(changed, lists.changeSeq());
    } else {
      // First time, nodes came or went, or too long ago: count every node.
      q = new DomainCounts(nodes, lists.changeSeq(), share);
    }
    this.questions.delete(key);
    this.questions.set(key, q);
    if (this.questions.size > MAX_QUESTIONS) this.questions.delete(this.questions.keys().next().value!);
    return q;
  }
}
