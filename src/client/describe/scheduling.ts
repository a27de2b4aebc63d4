/**
 * What the scheduler says of each node for one pod: `kdeck explain-schedule`'s tables
 * and the Node Verdicts section `describe pod` adds for a pod that waits for a node.
 */
import type { ScheduleExplanation } from "../../core/scheduler/explain-pod.js";
import type { FilterVerdict, NodeVerdict } from "../../core/scheduler/explain.js";
import { GET_TABWRITER, TabWriter } from "../output/tabwriter.js";
import { escapeTerminal, LEVEL_0, LEVEL_1, type PrefixWriter } from "./prefix-writer.js";

/** Nodes listed in describe before the rest are counted instead. */
export const DESCRIBE_NODE_LIMIT = 20;

function isRejection(f: FilterVerdict): boolean {
  return f.code === "Unschedulable" || f.code === "UnschedulableAndUnresolvable";
}

/** `Plugin: reason, reason` for each filter that rejected the node. */
function rejections(v: NodeVerdict): string[] {
  return v.filters.filter(isRejection).map((f) => `${f.plugin}: ${f.reasons.join(", ")}`);
}

function byName(a: NodeVerdict, b: NodeVerdict): number {
  return a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0;
}

/** Feasible nodes first, best score first; then the rejected ones by name. */
export function rankVerdicts(nodes: readonly NodeVerdict[]): NodeVerdict[] {
  const feasible = nodes.filter((v) => v.feasible).sort((a, b) => b.totalScore - a.totalScore || byName(a, b));
  return [...feasible, ...nodes.filter((v) => !v.feasible).sort(byName)];
}

/** Plugins that ran for no node (their PreFilter or PreScore found nothing to do for this pod). */
function skippedEverywhere(nodes: readonly NodeVerdict[]): { filters: string[]; scores: string[] } {
  const ran = new Set<string>();
  const seen: string[] = [];
  const scoreRan = new Set<string>();
  const scoreSeen: string[] = [];
  for (const v of nodes) {
    for (const f of v.filters) {
      if (!seen.includes(f.plugin)) seen.push(f.plugin);
      if (f.code !== "Skip") ran.add(f.plugin);
    }
    for (const s of v.scores) {
      if (!scoreSeen.includes(s.plugin)) scoreSeen.push(s.plugin);
      if (!s.skipped) scoreRan.add(s.plugin);
    }
  }
  return { filters: seen.filter((p) => !ran.has(p)), scores: scoreSeen.filter((p) => !scoreRan.has(p)) };
}

/** The first line: where the pod is, and whether it fits anywhere now. */
function headline(exp: ScheduleExplanation): string {
  const pod = `Pod ${exp.namespace}/${exp.name}`;
  const fit = exp.nodes.filter((v) => v.feasible).length;
  const total = exp.nodes.length;
  if (exp.boundTo !== undefined) return `${pod} is bound to ${exp.boundTo}. Scheduled again now, it would fit ${fit} of ${total} nodes.`;
  if (exp.message !== undefined) return `${pod} is Pending: ${exp.message}`;
  return `${pod} is Pending; it fits ${fit} of ${total} nodes.`;
}

function verdictCell(v: NodeVerdict): string {
  if (!v.feasible) return rejections(v).join("; ");
  return v.best ? "best" : "fits";
}

/**
 * `kdeck explain-schedule POD`: a headline, one row per node (score and verdict, the best
 * marked), the weighted score of each Score plugin on each feasible node, and with
 * `wide` every Filter plugin's verdict on every node.
 */
export function formatScheduleExplanation(exp: ScheduleExplanation, opts: { wide?: boolean } = {}): string {
  const ranked = rankVerdicts(exp.nodes);
  const skipped = skippedEverywhere(exp.nodes);
  const out: string[] = [escapeTerminal(headline(exp)), ""];

  const summary = new TabWriter(GET_TABWRITER);
  summary.write("NODE\tSCORE\tVERDICT\n");
  for (const v of ranked) summary.write(`${v.nodeName}\t${v.feasible ? String(v.totalScore) : "-"}\t${verdictCell(v)}\n`);
  summary.flush();
  out.push(escapeTerminal(summary.toString()).trimEnd());

  const feasible = ranked.filter((v) => v.feasible);
  const scorePlugins = (feasible[0]?.scores ?? []).filter((s) => !skipped.scores.includes(s.plugin));
  if (feasible.length > 0 && scorePlugins.length > 0) {
    const scores = new TabWriter(GET_TABWRITER);
    scores.write(`NODE\t${scorePlugins.map((s) => `${s.plugin} (x${s.weight})`).join("\t")}\tTOTAL\n`);
    for (const v of feasible) {
      const cells = scorePlugins.map((p) => {
        const s = v.scores.find((x) => x.plugin === p.plugin);
        if (s === undefined || s.skipped) return "-";
        return opts.wide ? `${s.weighted} (${s.raw}->${s.normalized})` : String(s.weighted);
      });
      scores.write(`${v.nodeName}\t${cells.join("\t")}\t${v.totalScore}\n`);
    }
    scores.flush();
    out.push("", `Weighted scores (normalized score 0-100 x weight${opts.wide ? "; raw->normalized in brackets" : ""}):`, scores.toString().trimEnd());
  }

  if (opts.wide && ranked.length > 0) {
    const plugins = (ranked[0]?.filters ?? []).map((f) => f.plugin);
    const filters = new TabWriter(GET_TABWRITER);
    filters.write(`NODE\t${plugins.join("\t")}\n`);
    for (const v of ranked) {
      const cells = plugins.map((p) => {
        const f = v.filters.find((x) => x.plugin === p);
        if (f === undefined) return "-";
        return f.code === "Success" ? "passed" : f.code === "Skip" ? "skipped" : f.code;
      });
      filters.write(`${v.nodeName}\t${cells.join("\t")}\n`);
    }
    filters.flush();
    out.push("", "Filters:", escapeTerminal(filters.toString()).trimEnd());
  }

  const notes: string[] = [];
  if (skipped.filters.length > 0) notes.push(`filters ${skipped.filters.join(", ")}`);
  if (skipped.scores.length > 0) notes.push(`scores ${skipped.scores.join(", ")}`);
  if (notes.length > 0) out.push("", `Nothing to check for this pod (skipped): ${notes.join("; ")}.`);
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * describe pod's Node Verdicts section for a pod no node has taken: why each node
 * rejects it now (every rejecting filter, not only the first), or that it fits.
 */
export function writeNodeVerdicts(w: PrefixWriter, exp: ScheduleExplanation, podRef: string): void {
  if (exp.nodes.length === 0) {
    w.write(LEVEL_0, "Node Verdicts:\t<no nodes>\n");
    return;
  }
  w.flush();
  w.write(LEVEL_0, "Node Verdicts:\n  Node\tVerdict\n");
  w.write(LEVEL_1, "----\t-------\n");
  const ranked = rankVerdicts(exp.nodes);
  for (const v of ranked.slice(0, DESCRIBE_NODE_LIMIT)) {
    const lines = v.feasible ? ["fits now (the scheduler retries the pod)"] : rejections(v);
    lines.forEach((line, i) => w.write(LEVEL_1, `${i === 0 ? v.nodeName : ""}\t${line}\n`));
  }
  const more = ranked.length - DESCRIBE_NODE_LIMIT;
  if (more > 0) w.write(LEVEL_1, `... ${more} more nodes: kdeck explain-schedule ${podRef}\n`);
}
