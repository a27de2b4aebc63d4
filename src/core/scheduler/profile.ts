import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "./cycle-state.js";
import {
  isFilterPlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isScorePlugin,
  Status,
  type FilterPlugin,
  type Plugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from "./interface.js";
import type { NodeInfo } from "./node-info.js";

/** A status with the plugin that returned it. */
export interface PluginStatus {
  readonly plugin: string;
  readonly status: Status;
}

/** What the PreFilter extension point decided for one pod. */
export interface PreFilterOutcome {
  /** Set when a PreFilter rejected the pod: no node is filtered. */
  readonly rejection?: PluginStatus;
  /** Set when PreFilters narrowed the nodes worth filtering to these names. */
  readonly nodeNames?: ReadonlySet<string>;
  /** The plugins that narrowed the nodes, sorted (kube's "unschedulable plugins"). */
  readonly narrowedBy: readonly string[];
  /** The Filter plugins to run, in profile order: those whose PreFilter returned Skip are left out. */
  readonly filters: readonly FilterPlugin[];
}

/** Go's `%v` of a string slice: `[A B]`. */
export function goList(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}

function fail(plugin: string, point: string, status: Status): never {
  throw new Error(`running ${point} plugin "${plugin}": ${status.message()}`);
}

/**
 * One scheduling profile: the plugins sorted into extension points, and the rules kube's
 * framework applies when running them (Skip, first rejection wins, result intersection).
 * A plugin returning code Error is a bug, not a verdict: it throws.
 */
export class Profile {
  readonly preFilterPlugins: readonly PreFilterPlugin[];
  readonly filterPlugins: readonly FilterPlugin[];
  readonly preScorePlugins: readonly PreScorePlugin[];
  readonly scorePlugins: readonly ScorePlugin[];

  constructor(readonly plugins: readonly Plugin[]) {
    const names = new Set<string>();
    for (const p of plugins) {
      if (names.has(p.name)) throw new Error(`scheduler plugin "${p.name}" is listed twice`);
      names.add(p.name);
    }
    this.preFilterPlugins = plugins.filter(isPreFilterPlugin);
    this.filterPlugins = plugins.filter(isFilterPlugin);
    this.preScorePlugins = plugins.filter(isPreScorePlugin);
    this.scorePlugins = plugins.filter(isScorePlugin);
  }

  /** True when there is anything to rank nodes by (otherwise the first feasible node wins). */
  hasScoring(): boolean {
    return this.scorePlugins.length > 0;
  }

  runPreFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): PreFilterOutcome {
    let skipped: Set<string> | undefined;
    let resolvable: PluginStatus | undefined;
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    for (const p of this.preFilterPlugins) {
      const r = p.preFilter(state, pod, nodes);
      if (r === null) continue;
      if (r instanceof Status) {
        if (r.code === "Skip") {
          (skipped ??= new Set()).add(p.name);
          continue;
        }
        if (r.code === "Success") continue;
        if (r.code === "UnschedulableAndUnresolvable") return this.rejected({ plugin: p.name, status: r });
        // A resolvable rejection lets the remaining PreFilters run, as preemption needs their state.
        if (r.code === "Unschedulable") {
          resolvable ??= { plugin: p.name, status: r };
          continue;
        }
        fail(p.name, "PreFilter", r);
      }
      narrowedBy.push(p.name);
      nodeNames = nodeNames === undefined ? new Set(r.nodeNames) : new Set([...nodeNames].filter((n) => r.nodeNames.has(n)));
      if (nodeNames.size === 0) {
        const msg =
          narrowedBy.length === 1
            ? `node(s) didn't satisfy plugin ${narrowedBy[0]}`
            : `node(s) didn't satisfy plugin(s) ${goList(narrowedBy)} simultaneously`;
        return this.rejected({ plugin: p.name, status: new Status("UnschedulableAndUnresolvable", msg) });
      }
    }
    const filters = skipped === undefined ? this.filterPlugins : this.filterPlugins.filter((f) => !skipped.has(f.name));
    // Preemption runs this cycle's filters on what-if nodes, so a resolvable rejection keeps them.
    if (resolvable !== undefined) return { rejection: resolvable, narrowedBy: [], filters };
    return { nodeNames, narrowedBy: narrowedBy.sort(), filters };
  }

  /** Runs the filters on one node in order; the first rejection is the node's verdict (null: feasible). */
  runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: Pod, nodeInfo: NodeInfo): PluginStatus | null {
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i]!;
      const s = f.filter(state, pod, nodeInfo);
      if (s === null || s.code === "Success") continue;
      if (!s.isRejected()) fail(f.name, "Filter", s);
      return { plugin: f.name, status: s };
    }
    return null;
  }

  /** Runs every PreScore and returns the Score plugins that still have something to say. */
  runPreScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): readonly ScorePlugin[] {
    let skipped: Set<string> | undefined;
    for (const p of this.preScorePlugins) {
      const s = p.preScore(state, pod, nodes);
      if (s === null || s.code === "Success") continue;
      if (s.code === "Skip") (skipped ??= new Set()).add(p.name);
      else fail(p.name, "PreScore", s);
    }
    return skipped === undefined ? this.scorePlugins : this.scorePlugins.filter((p) => !skipped.has(p.name));
  }

  private rejected(rejection: PluginStatus): PreFilterOutcome {
    return { rejection, narrowedBy: [], filters: [] };
  }
}
