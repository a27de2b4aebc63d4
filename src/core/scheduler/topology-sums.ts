import type { SnapshotLists } from "./listers.js";
import type { NodeInfo } from "./node-info.js";

/** What one node adds: per topology key, an amount credited to the node's own value of that key. */
export type NodeContribution = readonly (readonly [string, number])[];

/** topology key → topology value → sum. */
export type TopologySumMap = Map<string, Map<string, number>>;

interface Applied {
  readonly contribution: NodeContribution;
  /** The node's values of the contribution's keys when it was added, to take it back exactly. */
  readonly values: readonly string[];
}

/** One question's sums, kept from cycle to cycle. */
class Aggregate {
  readonly applied = new Map<NodeInfo, Applied>();
  readonly sums: TopologySumMap = new Map();

  constructor(
    readonly nodes: readonly NodeInfo[],
    public seq: number,
  ) {}

  change(info: NodeInfo, next: NodeContribution): void {
    const prev = this.applied.get(info);
    if (prev?.contribution === next) return;
    if (prev !== undefined) prev.contribution.forEach(([key, amount], i) => this.add(key, prev.values[i]!, -amount));
    if (next.length === 0) {
      this.applied.delete(info);
      return;
    }
    const labels = info.node.metadata?.labels ?? {};
    const values = next.map(([key]) => labels[key] ?? "");
    next.forEach(([key, amount], i) => this.add(key, values[i]!, amount));
    this.applied.set(info, { contribution: next, values });
  }

  private add(key: string, value: string, amount: number): void {
    let byValue = this.sums.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      this.sums.set(key, byValue);
    }
    byValue.set(value, (byValue.get(value) ?? 0) + amount);
  }
}

/** Questions whose sums are kept; pods of a few templates take turns being scheduled. */
const MAX_AGGREGATES = 4;

/**
 * Sums of per-node contributions per topology pair over all nodes, kept between
 * scheduling cycles: a cycle re-adds only the nodes whose contribution changed (a new
 * array from a per-node memo), so spreading thousands of pods of one template does not
 * rebuild a map of every node's pair for each pod: with the cache's change log, only the
 * nodes that changed since the last cycle are asked at all.
 *
 * The map returned is updated in place by later calls for the same question: read it
 * within the cycle that asked.
 */
export class TopologySums {
  private readonly aggregates = new Map<string, Aggregate>();

  /**
   * The sums for question `key` over `nodes`, where `contribution(info)` returns the same
   * array for a node as long as its answer is unchanged. Undefined when no node contributes.
   */
  sums(key: string, nodes: readonly NodeInfo[], contribution: (info: NodeInfo) => NodeContribution, lists: SnapshotLists): TopologySumMap | undefined {
    let agg = this.aggregates.get(key);
    const seq = lists.changeSeq();
    const changed = agg !== undefined && agg.nodes === nodes ? lists.changedSince(agg.seq) : undefined;
    if (agg === undefined || agg.nodes !== nodes) {
      // A node list of its own (nodes came or went): start over.
      agg = new Aggregate(nodes, seq);
      if (!this.aggregates.has(key) && this.aggregates.size >= MAX_AGGREGATES) this.aggregates.delete(this.aggregates.keys().next().value!);
    }
    this.aggregates.delete(key);
    this.aggregates.set(key, agg);
    const visit = changed ?? nodes;
    for (let i = 0; i < visit.length; i++) {
      const info = visit[i]!;
      agg.change(info, info.pods.length === 0 && !agg.applied.has(info) ? NONE : contribution(info));
    }
    agg.seq = seq;
    return agg.applied.size === 0 ? undefined : agg.sums;
  }
}

const NONE: NodeContribution = Object.freeze([]);
