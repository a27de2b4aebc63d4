import type { Pod } from "kubernetes-types/core/v1";
import { CycleState } from "./cycle-state.js";
import type { StatusCode } from "./interface.js";
import type { NodeInfo } from "./node-info.js";
import { goList, type Profile } from "./profile.js";

/** One Filter plugin's verdict on one node. */
export interface FilterVerdict {
  readonly plugin: string;
  /** `Success`, a rejection code, or `Skip` when the plugin's PreFilter found nothing to check. */
  readonly code: StatusCode;
  readonly reasons: readonly string[];
}

/** One Score plugin's contribution to one feasible node. */
export interface ScoreVerdict {
  readonly plugin: string;
  readonly weight: number;
  /** True when the plugin's PreScore found nothing to score for this pod. */
  readonly skipped: boolean;
  /** What Score returned. */
  readonly raw: number;
  /** After NormalizeScore over all feasible nodes (0–100). */
  readonly normalized: number;
  /** `normalized × weight`, the share of the total. */
  readonly weighted: number;
}

/** Why the scheduler would or would not place the pod on one node. */
export interface NodeVerdict {
  readonly nodeName: string;
  readonly feasible: boolean;
  /** Every Filter plugin's verdict, in profile order (all of them, not only the first rejection). */
  readonly filters: readonly FilterVerdict[];
  /** Every Score plugin's contribution; empty for an infeasible node. */
  readonly scores: readonly ScoreVerdict[];
  /** Sum of the weighted scores; 0 for an infeasible node. */
  readonly totalScore: number;
  /** True for the feasible nodes sharing the highest total: the scheduler picks one of them at random. */
  readonly best: boolean;
}

interface Draft {
  nodeName: string;
  feasible: boolean;
  filters: FilterVerdict[];
  scores: ScoreVerdict[];
  totalScore: number;
  best: boolean;
}

/**
 * Evaluates every node for the pod without sampling and without changing anything: each
 * filter's verdict on each node, and each score over all feasible nodes. Scores are
 * normalised over every feasible node, so on large clusters they can differ slightly from
 * a real cycle, which scores a sample.
 */
export function explainSchedule(profile: Profile, nodes: readonly NodeInfo[], pod: Pod): NodeVerdict[] {
  const state = new CycleState();
  const pre = profile.runPreFilter(state, pod, nodes);
  const drafts: Draft[] = nodes.map((n) => ({ nodeName: n.name, feasible: false, filters: [], scores: [], totalScore: 0, best: false }));
  if (pre.rejection !== undefined) {
    const { plugin, status } = pre.rejection;
    for (const d of drafts) d.filters.push({ plugin, code: status.code, reasons: status.reasons });
    return drafts;
  }
  const active = new Set(pre.filters.map((f) => f.name));
  const feasible: NodeInfo[] = [];
  const feasibleDrafts: Draft[] = [];
  nodes.forEach((node, i) => {
    const d = drafts[i]!;
    if (pre.nodeNames !== undefined && !pre.nodeNames.has(node.name)) {
      const reason = `node(s) didn't satisfy plugin(s) ${goList(pre.narrowedBy)}`;
      d.filters.push({ plugin: pre.narrowedBy.join(","), code: "UnschedulableAndUnresolvable", reasons: [reason] });
      return;
    }
    let ok = true;
    for (const f of profile.filterPlugins) {
      if (!active.has(f.name)) {
        d.filters.push({ plugin: f.name, code: "Skip", reasons: [] });
        continue;
      }
      const s = f.filter(state, pod, node);
      if (s === null) {
        d.filters.push({ plugin: f.name, code: "Success", reasons: [] });
      } else {
        d.filters.push({ plugin: f.name, code: s.code, reasons: s.reasons });
        if (s.code !== "Success") ok = false;
      }
    }
    d.feasible = ok;
    if (ok) {
      feasible.push(node);
      feasibleDrafts.push(d);
    }
  });
  if (feasible.length === 0) return drafts;

  const scoring = new Set(profile.runPreScore(state, pod, feasible).map((p) => p.name));
  for (const p of profile.scorePlugins) {
    if (!scoring.has(p.name)) {
      for (const d of feasibleDrafts) d.scores.push({ plugin: p.name, weight: p.weight, skipped: true, raw: 0, normalized: 0, weighted: 0 });
      continue;
    }
    const raw = Float64Array.from(feasible, (n) => p.score(state, pod, n));
    const normalized = Float64Array.from(raw);
    p.normalizeScore?.(state, pod, normalized);
    feasibleDrafts.forEach((d, i) => {
      const weighted = normalized[i]! * p.weight;
      d.scores.push({ plugin: p.name, weight: p.weight, skipped: false, raw: raw[i]!, normalized: normalized[i]!, weighted });
      d.totalScore += weighted;
    });
  }
  const max = Math.max(...feasibleDrafts.map((d) => d.totalScore));
  for (const d of feasibleDrafts) d.best = d.totalScore === max;
  return drafts;
}
