/**
 * The header: cluster, namespace, virtual time and speed, nodes ready/total, pods
 * running/pending/failed, CPU and memory requested against allocatable as bars, the
 * engine's whereabouts and, when on, watch mode.
 */
import type { EngineStatus, KubeObject } from "../../client/cluster.js";
import { bar, percent, usageTone } from "./bars.js";
import { nodeFacts, podFacts } from "./facts.js";
import type { Line, Segment } from "./segments.js";
import { fitLine } from "./segments.js";

export interface HeaderInput {
  cluster: string;
  /** "" for all namespaces. */
  namespace: string;
  /** Favourite namespaces for `1`–`9`. */
  favourites: readonly string[];
  now: number;
  engine: EngineStatus;
  counts: ClusterCounts;
  /** Watch mode's one-line status, when the console watches a folder. */
  watch?: { text: string; ok: boolean };
}

/** Counts the header shows, also used by the pulse view. */
export interface ClusterCounts {
  nodesReady: number;
  nodes: number;
  running: number;
  pending: number;
  failed: number;
  succeeded: number;
  restarts: number;
  cpuRequested: number;
  cpuAllocatable: number;
  memRequested: number;
  memAllocatable: number;
}

export function clusterCounts(nodes: readonly KubeObject[], pods: readonly KubeObject[]): ClusterCounts {
  const c: ClusterCounts = { nodesReady: 0, nodes: nodes.length, running: 0, pending: 0, failed: 0, succeeded: 0, restarts: 0, cpuRequested: 0, cpuAllocatable: 0, memRequested: 0, memAllocatable: 0 };
  for (const n of nodes) {
    const f = nodeFacts(n);
    if (f.ready) c.nodesReady++;
    c.cpuAllocatable += f.cpuMilli;
    c.memAllocatable += f.memBytes;
  }
  for (const p of pods) {
    const f = podFacts(p);
    c.restarts += f.restarts;
    if (f.phase === "Running") c.running++;
    else if (f.phase === "Pending") c.pending++;
    else if (f.phase === "Failed") c.failed++;
    else if (f.phase === "Succeeded") c.succeeded++;
    if (f.active && f.node) {
      c.cpuRequested += f.cpuMilli;
      c.memRequested += f.memBytes;
    }
  }
  return c;
}

/** `2024-01-01 12:00:05` (UTC): the cluster's virtual time. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** `×1`, `×4`, `×0.5`, `paused`. */
export function formatSpeed(engine: EngineStatus): string {
  if (engine.speed === 0 || (!engine.running && engine.leader)) return "paused";
  if (!engine.running) return "stopped";
  return `×${engine.speed}`;
}

function cores(milli: number): string {
  const c = milli / 1000;
  return c >= 10 ? c.toFixed(0) : c.toFixed(1);
}

function gib(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return g >= 10 ? `${g.toFixed(0)}Gi` : `${g.toFixed(1)}Gi`;
}

function usage(label: string, used: number, total: number, text: string, barWidth: number): Segment[] {
  const f = total > 0 ? used / total : NaN;
  return [{ text: `${label} `, tone: "dim" }, { text: bar(f, barWidth), tone: usageTone(f) }, { text: ` ${percent(f)} ${text}  ` }];
}

/** The header's two lines, cut to `width`. */
export function headerLines(input: HeaderInput, width: number): Line[] {
  const c = input.counts;
  const sep: Segment = { text: " │ ", tone: "dim" };
  const engine: Segment = input.engine.leader
    ? { text: "engine here", tone: "dim" }
    : input.engine.holder
      ? { text: `engine in pid ${input.engine.holder.pid}`, tone: "dim" }
      : { text: "no engine", tone: "warn" };
  const speed = formatSpeed(input.engine);
  const first: Line = [
    { text: " kdeck ", tone: "accent", bold: true, inverse: true },
    { text: ` ${input.cluster}`, bold: true },
    sep,
    { text: "ns " , tone: "dim" },
    { text: input.namespace || "all", tone: "info", bold: true },
    sep,
    { text: formatClock(input.now) },
    { text: ` ${speed}`, tone: speed === "paused" || speed === "stopped" ? "warn" : "ok", bold: true },
    sep,
    engine,
  ];
  if (input.watch) first.push(sep, { text: `watch ${input.watch.text}`, tone: input.watch.ok ? "ok" : "error" });
  if (input.favourites.length > 0 && width >= 120) {
    first.push(sep, { text: "<0>", tone: "accent" }, { text: "all " });
    input.favourites.slice(0, 9).forEach((ns, i) => first.push({ text: `<${i + 1}>`, tone: "accent" }, { text: `${ns} ` }));
  }
  const barWidth = width >= 160 ? 20 : width >= 120 ? 12 : 6;
  const second: Line = [
    { text: " nodes ", tone: "dim" },
    { text: `${c.nodesReady}/${c.nodes}`, tone: c.nodesReady < c.nodes ? "warn" : "ok", bold: true },
    { text: "  pods ", tone: "dim" },
    { text: `${c.running}`, tone: "ok", bold: true },
    { text: " run " },
    { text: `${c.pending}`, tone: c.pending > 0 ? "warn" : "normal", bold: true },
    { text: " pend " },
    { text: `${c.failed}`, tone: c.failed > 0 ? "error" : "normal", bold: true },
    { text: " fail  " },
    ...usage("cpu", c.cpuRequested, c.cpuAllocatable, width >= 120 ? `${cores(c.cpuRequested)}/${cores(c.cpuAllocatable)}` : "", barWidth),
    ...usage("mem", c.memRequested, c.memAllocatable, width >= 120 ? `${gib(c.memRequested)}/${gib(c.memAllocatable)}` : "", barWidth),
  ];
  return [fitLine(first, width), fitLine(second, width)];
}
