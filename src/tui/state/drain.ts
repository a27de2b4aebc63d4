/**
 * The drain from the console, as pure state: the options dialog (kubectl drain's flags
 * as choices), and the progress view fed by the drain service's lines: what each pod
 * is doing, which nodes are done, how it ended, and where the view is scrolled.
 */
import type { DrainEvent, DrainOptions, DrainResult } from "../../client/cluster.js";
import { choice, type DialogState } from "./dialog.js";
import { formatDuration, parseDuration } from "./duration.js";
import type { ListMove } from "./list.js";

export const DRAIN_GRACE_CHOICES = ["pod's default", "0s", "10s", "30s", "60s", "5m"] as const;
export const DRAIN_TIMEOUT_CHOICES = ["none", "30s", "1m", "5m", "15m", "1h"] as const;
const YES_NO = ["yes", "no"] as const;
const NO_YES = ["no", "yes"] as const;

/** The dialog's option labels (also how {@link drainOptionsOf} reads them back). */
export const DrainField = {
  Grace: "grace period",
  Timeout: "timeout",
  IgnoreDaemonSets: "ignore DaemonSets",
  DeleteEmptyDir: "delete emptyDir data",
  Force: "force",
  DisableEviction: "disable eviction",
} as const;

/** `node/a`, `node/a, node/b`, or `4 nodes`. */
export function nodeList(nodes: readonly string[]): string {
  return nodes.length <= 3 ? nodes.map((n) => `node/${n}`).join(", ") : `${nodes.length} nodes`;
}

/**
 * The drain dialog: names the node(s) and offers kubectl drain's options, DaemonSets
 * ignored by default (operators nearly always pass --ignore-daemonsets).
 */
export function drainDialog(nodes: readonly string[]): DialogState {
  const head = nodes.length === 1 ? [`Drain node/${nodes[0]}?`] : [`Drain ${nodes.length} nodes?`, ...nodes.map((n) => `  node/${n}`)];
  return {
    title: "Drain",
    message: [
      ...head,
      `Cordons ${nodes.length === 1 ? "it" : "them"}, then evicts ${nodes.length === 1 ? "its" : "their"} pods, respecting PodDisruptionBudgets unless eviction is disabled.`,
    ],
    fields: [
      { label: DrainField.Grace, choices: DRAIN_GRACE_CHOICES, at: 0 },
      { label: DrainField.Timeout, choices: DRAIN_TIMEOUT_CHOICES, at: 0 },
      { label: DrainField.IgnoreDaemonSets, choices: YES_NO, at: 0 },
      { label: DrainField.DeleteEmptyDir, choices: NO_YES, at: 0 },
      { label: DrainField.Force, choices: NO_YES, at: 0 },
      { label: DrainField.DisableEviction, choices: NO_YES, at: 0 },
    ],
    focus: 0,
    yesLabel: "drain",
    noLabel: "cancel",
    danger: true,
    action: { type: "drain", nodes },
  };
}

/** The options the dialog's choices stand for. */
export function drainOptionsOf(d: DialogState): DrainOptions {
  const grace = choice(d, DrainField.Grace) ?? DRAIN_GRACE_CHOICES[0];
  const timeout = choice(d, DrainField.Timeout) ?? DRAIN_TIMEOUT_CHOICES[0];
  const graceMs = grace === "0s" ? 0 : parseDuration(grace);
  return {
    gracePeriodSeconds: graceMs === undefined ? -1 : Math.round(graceMs / 1000),
    timeoutMs: parseDuration(timeout) ?? 0,
    ignoreDaemonSets: choice(d, DrainField.IgnoreDaemonSets) === "yes",
    deleteEmptyDirData: choice(d, DrainField.DeleteEmptyDir) === "yes",
    force: choice(d, DrainField.Force) === "yes",
    disableEviction: choice(d, DrainField.DisableEviction) === "yes",
  };
}

/** The same drain on the command line (shown atop the progress, for the runbook). */
export function drainCommandLine(nodes: readonly string[], o: DrainOptions): string {
  const flags: string[] = [];
  if (o.ignoreDaemonSets) flags.push("--ignore-daemonsets");
  if (o.deleteEmptyDirData) flags.push("--delete-emptydir-data");
  if (o.force) flags.push("--force");
  if (o.disableEviction) flags.push("--disable-eviction");
  if (o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds >= 0) flags.push(`--grace-period=${o.gracePeriodSeconds}`);
  if (o.timeoutMs) flags.push(`--timeout=${formatDuration(o.timeoutMs)}`);
  return ["kdeck drain", ...nodes, ...flags].join(" ");
}

/** The cancel confirmation of a running drain. */
export function cancelDrainDialog(nodes: readonly string[]): DialogState {
  return {
    title: "Cancel the drain",
    message: [`Stop draining ${nodeList(nodes)}?`, "Pods already evicted stay evicted and the node stays cordoned (u on Nodes uncordons it)."],
    fields: [],
    focus: 0,
    yesLabel: "stop the drain",
    noLabel: "keep draining",
    danger: true,
    action: { type: "cancelDrain" },
  };
}

export type DrainPhase = "running" | "drained" | "failed" | "timedOut" | "cancelled";

/** What a pod on a draining node is doing, by the last line about it. */
export type DrainPodState = "evicting" | "waiting" | "evicted" | "skipped";

/** One line of the progress view: a drain line, or the command it runs. */
export interface DrainLine {
  kind: DrainEvent["kind"] | "command";
  text: string;
  /** Virtual time, epoch ms. */
  at: number;
}

export interface DrainViewState {
  /** Which drain this is: lines of an older one are ignored. */
  id: number;
  nodes: readonly string[];
  lines: readonly DrainLine[];
  /** Pods by `namespace/name`. */
  pods: Readonly<Record<string, DrainPodState>>;
  /** Nodes whose turn is over (drained, or refused and left), in order: the next one is being drained. */
  finished: readonly string[];
  drained: readonly string[];
  /** Nodes left undrained (refused, failed or timed out). */
  pending: readonly string[];
  phase: DrainPhase;
  /** Cancel was asked for and the drain has not stopped yet. */
  cancelling: boolean;
  /** Why it failed, in one line (the drain's last error line, or the engine's message). */
  reason?: string;
  startedAt: number;
  endedAt?: number;
  /** First stream row shown when not following. */
  scroll: number;
  /** Keep the newest line in view. */
  follow: boolean;
}

/** Lines the view keeps; the oldest go first (a long wait on a budget repeats two lines every 5s a pod). */
export const DRAIN_LINES_KEPT = 5000;

export function newDrainView(id: number, nodes: readonly string[], command: string, at: number): DrainViewState {
  return { id, nodes, lines: [{ kind: "command", text: `$ ${command}`, at }], pods: {}, drained: [], finished: [], pending: [], phase: "running", cancelling: false, startedAt: at, scroll: 0, follow: true };
}

function addLines(lines: readonly DrainLine[], more: readonly DrainLine[]): readonly DrainLine[] {
  const all = [...lines, ...more];
  return all.length > DRAIN_LINES_KEPT ? all.slice(all.length - DRAIN_LINES_KEPT) : all;
}

const POD_STATE: Partial<Record<DrainEvent["kind"], DrainPodState>> = { evicting: "evicting", retry: "waiting", evicted: "evicted", skipped: "skipped" };

/** One line from the drain service: kept (multi-line texts split), and what it says about its pod and node. */
export function drainEvent(s: DrainViewState, ev: DrainEvent): DrainViewState {
  const lines = addLines(
    s.lines,
    ev.text.split("\n").map((text) => ({ kind: ev.kind, text, at: ev.at })),
  );
  const podState = POD_STATE[ev.kind];
  const pods = ev.pod && podState ? { ...s.pods, [`${ev.pod.namespace}/${ev.pod.name}`]: podState } : s.pods;
  const drained = ev.kind === "drained" && ev.node && !s.drained.includes(ev.node) ? [...s.drained, ev.node] : s.drained;
  const over = ev.node !== undefined && (ev.kind === "drained" || (ev.kind === "error" && ev.text.startsWith("error: unable to drain node")));
  const finished = over && !s.finished.includes(ev.node!) ? [...s.finished, ev.node!] : s.finished;
  return { ...s, lines, pods, drained, finished };
}

/** The last error line the drain printed: kubectl's final summary of why it failed. */
function lastError(lines: readonly DrainLine[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if ((l.kind === "error" || l.kind === "timeout") && l.text.trim() !== "" && !l.text.startsWith("There are pending nodes") && !/^ \S+$/.test(l.text)) return l.text.replace(/^error: /, "");
  }
  return undefined;
}

/** How the drain ended. */
export function drainEnded(s: DrainViewState, result: DrainResult, at: number): DrainViewState {
  const timedOut = s.lines.some((l) => l.kind === "timeout") || s.lines.some((l) => /global timeout reached|timed out waiting/.test(l.text));
  const phase: DrainPhase = result.cancelled ? "cancelled" : result.pending.length > 0 ? (timedOut ? "timedOut" : "failed") : "drained";
  const reason = phase === "failed" || phase === "timedOut" ? lastError(s.lines) : undefined;
  return { ...s, phase, cancelling: false, drained: result.drained, pending: result.pending, endedAt: at, ...(reason ? { reason } : {}) };
}

/** The drain could not run (a node is gone): the engine's message. */
export function drainFailed(s: DrainViewState, message: string, at: number): DrainViewState {
  return { ...s, phase: "failed", cancelling: false, pending: s.nodes.filter((n) => !s.drained.includes(n)), reason: message, endedAt: at, lines: addLines(s.lines, [{ kind: "error", text: message, at }]) };
}

export function drainCancelling(s: DrainViewState): DrainViewState {
  return s.phase === "running" ? { ...s, cancelling: true } : s;
}

/** Pods in each state. */
export function drainCounts(s: DrainViewState): Record<DrainPodState, number> {
  const out: Record<DrainPodState, number> = { evicting: 0, waiting: 0, evicted: 0, skipped: 0 };
  for (const v of Object.values(s.pods)) out[v]++;
  return out;
}

/** The one-line summary: `draining node/x: 3 evicted, 1 waiting on a PodDisruptionBudget`, then how it ended. */
export function drainStatus(s: DrainViewState): { text: string; tone: "info" | "ok" | "warn" | "error" } {
  const n = drainCounts(s);
  const evicted = `${n.evicted} ${s.lines.some((l) => l.kind === "evicted" && l.text.endsWith(" deleted")) ? "deleted" : "evicted"}`;
  switch (s.phase) {
    case "running": {
      if (s.cancelling) return { text: `stopping the drain of ${nodeList(s.nodes)}…`, tone: "warn" };
      const next = s.nodes.findIndex((n) => !s.finished.includes(n));
      const at = next < 0 ? s.nodes.length - 1 : next;
      const node = s.nodes[at] ?? "";
      const which = s.nodes.length > 1 ? ` (${at + 1} of ${s.nodes.length})` : "";
      const parts = [evicted];
      if (n.evicting > 0) parts.push(`${n.evicting} terminating`);
      if (n.waiting > 0) parts.push(`${n.waiting} waiting on a PodDisruptionBudget`);
      return { text: `draining node/${node}${which}: ${parts.join(", ")}`, tone: n.waiting > 0 ? "warn" : "info" };
    }
    case "drained":
      return { text: `${nodeList(s.drained)} drained`, tone: "ok" };
    case "cancelled":
      return { text: `drain of ${nodeList(s.nodes)} stopped after ${evicted}; ${s.nodes.length === 1 ? "the node stays" : "the nodes stay"} cordoned (u uncordons)`, tone: "warn" };
    case "failed":
    case "timedOut": {
      const done = s.drained.length > 0 ? `${nodeList(s.drained)} drained; ` : "";
      const how = s.phase === "timedOut" ? "timed out" : "not drained";
      return { text: `${done}${nodeList(s.pending.length > 0 ? s.pending : s.nodes)} ${how}${s.reason ? `: ${s.reason}` : ""}`, tone: "error" };
    }
  }
}

/** The first row of the stream shown when it has `total` rows and `height` fit. */
export function drainWindowStart(s: DrainViewState, total: number, height: number): number {
  const max = Math.max(0, total - height);
  return s.follow ? max : Math.min(s.scroll, max);
}

/** Scrolls the stream of `total` rows; reaching the bottom follows new lines again. */
export function scrollDrain(s: DrainViewState, move: ListMove, total: number, height: number): DrainViewState {
  const max = Math.max(0, total - height);
  const from = drainWindowStart(s, total, height);
  const page = Math.max(1, height - 1);
  const next = { up: from - 1, down: from + 1, pageUp: from - page, pageDown: from + page, top: 0, bottom: max }[move];
  const scroll = Math.min(Math.max(0, next), max);
  return { ...s, scroll, follow: scroll >= max };
}
