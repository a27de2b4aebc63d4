/**
 * `:map`: every node a box (name, zone, cordoned or not, CPU and memory bars) filled
 * with one glyph per pod coloured by its status, so that a drain, a rollout or a node
 * failure can be watched as it happens. Pods no node holds yet get a box of their own.
 */
import type { KubeObject } from "../../client/cluster.js";
import { bar, usageTone } from "./bars.js";
import { nodeFacts, podFacts } from "./facts.js";
import { fitLine, type Line, type Segment } from "./segments.js";
import { podStatusTone } from "./tone.js";

export const POD_GLYPH = "●";
const MIN_INNER = 18;
const MAX_INNER = 34;

interface Box {
  title: string;
  lines: Line[];
}

function podGlyphs(pods: readonly KubeObject[], inner: number): Line[] {
  const rows: Line[] = [];
  let row: Segment[] = [];
  for (const p of pods) {
    const f = podFacts(p);
    const terminating = p.metadata.deletionTimestamp !== undefined;
    row.push({ text: POD_GLYPH, tone: terminating ? "terminating" : podStatusTone(f.reason, f.ready) });
    if (row.length === inner) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0 || rows.length === 0) rows.push(row.length > 0 ? row : [{ text: "no pods", tone: "dim" }]);
  return rows;
}

function nodeBox(node: KubeObject, pods: readonly KubeObject[], inner: number): Box {
  const f = nodeFacts(node);
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    const pf = podFacts(p);
    if (!pf.active) continue;
    cpu += pf.cpuMilli;
    mem += pf.memBytes;
  }
  const cpuF = f.cpuMilli > 0 ? cpu / f.cpuMilli : NaN;
  const memF = f.memBytes > 0 ? mem / f.memBytes : NaN;
  const barW = inner - 4;
  const state: Segment = !f.ready ? { text: "NotReady", tone: "error", bold: true } : f.cordoned ? { text: "cordoned", tone: "warn", bold: true } : { text: "Ready", tone: "ok" };
  return {
    title: f.name,
    lines: [
      [{ text: `${f.zone || "-"} `, tone: "dim" }, state, { text: ` ${pods.length}`, tone: "dim" }],
      [{ text: "cpu ", tone: "dim" }, { text: bar(cpuF, barW), tone: usageTone(cpuF) }],
      [{ text: "mem ", tone: "dim" }, { text: bar(memF, barW), tone: usageTone(memF) }],
      ...podGlyphs(pods, inner),
    ],
  };
}

/** Lays boxes out in rows that fit `width`, every box of a row as tall as the tallest. */
function arrange(boxes: readonly Box[], width: number, inner: number, highlightTitle: (t: string) => boolean): Line[] {
  const boxWidth = inner + 4;
  const perRow = Math.max(1, Math.floor((width + 1) / (boxWidth + 1)));
  const out: Line[] = [];
  for (let i = 0; i < boxes.length; i += perRow) {
    const row = boxes.slice(i, i + perRow);
    const height = Math.max(...row.map((b) => b.lines.length));
    const top: Line = [];
    const bottom: Line = [];
    const middle: Line[] = Array.from({ length: height }, () => []);
    row.forEach((b, j) => {
      const gap: Segment[] = j > 0 ? [{ text: " " }] : [];
      const title = b.title.length > inner ? b.title.slice(0, inner - 1) + "…" : b.title;
      const edge = highlightTitle(b.title) ? "warn" : "dim";
      top.push(...gap, { text: "╭ ", tone: edge }, { text: title, bold: true }, { text: ` ${"─".repeat(Math.max(0, inner - title.length))}╮`, tone: edge });
      for (let k = 0; k < height; k++) {
        middle[k]!.push(...gap, { text: "│ ", tone: edge }, ...fitLine(b.lines[k] ?? [], inner, true), { text: " │", tone: edge });
      }
      bottom.push(...gap, { text: `╰${"─".repeat(inner + 2)}╯`, tone: edge });
    });
    out.push(top, ...middle, bottom);
  }
  return out;
}

/** The whole map as lines of `width` cells; the caller shows a window of them. */
export function mapLines(nodes: readonly KubeObject[], pods: readonly KubeObject[], width: number): Line[] {
  const byNode = new Map<string, KubeObject[]>();
  const unscheduled: KubeObject[] = [];
  for (const p of pods) {
    const node = podFacts(p).node;
    if (!node) {
      if (podFacts(p).active) unscheduled.push(p);
      continue;
    }
    let list = byNode.get(node);
    if (!list) byNode.set(node, (list = []));
    list.push(p);
  }
  // As many boxes per row as fit at the narrowest (no more than there are), widened to fill the row.
  const count = nodes.length + (unscheduled.length > 0 ? 1 : 0);
  const perRow = Math.max(1, Math.min(count, Math.floor((width + 1) / (MIN_INNER + 5))));
  const inner = Math.max(8, Math.min(MAX_INNER, Math.floor((width + 1) / perRow) - 5));
  const boxes: Box[] = nodes.map((n) => nodeBox(n, byNode.get(n.metadata.name ?? "") ?? [], inner));
  const cordoned = new Set(nodes.filter((n) => nodeFacts(n).cordoned || !nodeFacts(n).ready).map((n) => n.metadata.name ?? ""));
  if (unscheduled.length > 0) boxes.push({ title: "unscheduled", lines: [[{ text: `${unscheduled.length} pending`, tone: "warn" }], ...podGlyphs(unscheduled, inner)] });
  const legend: Line = [
    { text: " " },
    { text: POD_GLYPH, tone: "ok" },
    { text: " running  " },
    { text: POD_GLYPH, tone: "warn" },
    { text: " pending/not ready  " },
    { text: POD_GLYPH, tone: "error" },
    { text: " failing  " },
    { text: POD_GLYPH, tone: "terminating" },
    { text: " terminating  " },
    { text: POD_GLYPH, tone: "dim" },
    { text: " completed" },
  ];
  return [fitLine(legend, width), ...arrange(boxes, width, inner, (t) => cordoned.has(t)).map((l) => fitLine(l, width))];
}
