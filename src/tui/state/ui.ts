/**
 * The console's view state and the pure functions that change it: focus, zoom,
 * namespace, the Workloads pane's view with its drill-down stack and history, the
 * panes' lists and filters, overlays, prompts, dialogs and the status line. Nothing
 * here touches the cluster or the terminal.
 */
import type { DialogState } from "./dialog.js";
import type { DrainViewState } from "./drain.js";
import { back as historyBack, current, forward as historyForward, historyOf, visit, type History } from "./history.js";
import { EMPTY_LIST, moveSelection, type ListMove, type ListState } from "./list.js";
import { INITIAL_LOG_VIEW, type LogViewState } from "./log-view.js";
import type { PromptKind, PromptState } from "./prompt.js";

export type PaneId = "nodes" | "workloads" | "events" | "logs";
export type ListPane = "nodes" | "workloads" | "events";
export const PANES: readonly PaneId[] = ["nodes", "workloads", "events", "logs"];

/** The Workloads pane's resource meaning "every workload kind the cluster serves". */
export const WORKLOADS = "workloads";

/** What a drill-down narrowed the Workloads pane to. */
export type Scope =
  | { type: "node"; node: string }
  /** The pods of a workload, by its selector. */
  | { type: "selector"; namespace: string; selector: string; label: string }
  /** The objects a workload owns (a CronJob's Jobs). */
  | { type: "owner"; namespace: string; uid: string; label: string }
  /** The containers of one pod. */
  | { type: "pod"; namespace: string; name: string };

export interface WorkloadsView {
  /** A store resource (`pods`, `configmaps`) or {@link WORKLOADS}. */
  resource: string;
  scope?: Scope;
  /** The raw `/` filter. */
  filter: string;
  list: ListState;
}

export type Overlay =
  | { type: "help"; scroll: number }
  | { type: "text"; mode: "describe" | "yaml"; title: string; lines: readonly string[]; scroll: number; source?: { resource: string; namespace: string; name: string } }
  | { type: "map"; scroll: number }
  /** The progress of the drain in `UiState.drain`. */
  | { type: "drain" }
  | { type: "pulse" };

export interface Status {
  text: string;
  tone: "info" | "error";
  /** Wall-clock ms when it was set: info fades after a few seconds. */
  at: number;
}

interface HistoryEntry {
  resource: string;
  scope?: Scope;
  filter: string;
  namespace: string;
}

export interface UiState {
  focus: PaneId;
  /** Whose selection Events and Logs follow: the list pane last focused of Nodes and Workloads. */
  subject: "nodes" | "workloads";
  zoom: boolean;
  /** "" for all namespaces. */
  namespace: string;
  nodes: { list: ListState; filter: string; marks: readonly string[] };
  workloads: WorkloadsView;
  /** Views the drill-downs left, for `esc`. */
  stack: readonly WorkloadsView[];
  history: History<HistoryEntry>;
  events: { list: ListState; filter: string; followSelection: boolean };
  logs: LogViewState & { filter: string };
  overlay?: Overlay;
  prompt?: PromptState;
  dialog?: DialogState;
  /** The console's drain (running, or the last one until another starts); shown by the `drain` overlay. */
  drain?: DrainViewState;
  status?: Status;
  promptHistory: Readonly<Record<PromptKind, readonly string[]>>;
}

export function initialUi(opts: { namespace?: string; resource?: string } = {}): UiState {
  const namespace = opts.namespace ?? "default";
  const resource = opts.resource ?? WORKLOADS;
  return {
    focus: "nodes",
    subject: "nodes",
    zoom: false,
    namespace,
    nodes: { list: EMPTY_LIST, filter: "", marks: [] },
    workloads: { resource, filter: "", list: EMPTY_LIST },
    stack: [],
    history: historyOf({ resource, filter: "", namespace }),
    events: { list: EMPTY_LIST, filter: "", followSelection: true },
    logs: { ...INITIAL_LOG_VIEW, filter: "" },
    promptHistory: { command: [], filter: [], advance: [], container: [], scale: [], image: [] },
  };
}

// ---- focus -------------------------------------------------------------------------

export function focusPane(s: UiState, pane: PaneId): UiState {
  const subject = pane === "nodes" || pane === "workloads" ? pane : s.subject;
  return { ...s, focus: pane, subject };
}

export function cycleFocus(s: UiState, step: 1 | -1): UiState {
  const i = PANES.indexOf(s.focus);
  return focusPane(s, PANES[(i + step + PANES.length) % PANES.length]!);
}

export function toggleZoom(s: UiState): UiState {
  return { ...s, zoom: !s.zoom };
}

// ---- the Workloads pane's view ---------------------------------------------------------

function entryOf(s: UiState): HistoryEntry {
  return { resource: s.workloads.resource, ...(s.workloads.scope ? { scope: s.workloads.scope } : {}), filter: s.workloads.filter, namespace: s.namespace };
}

function sameEntry(a: HistoryEntry, b: HistoryEntry): boolean {
  return a.resource === b.resource && a.filter === b.filter && a.namespace === b.namespace && JSON.stringify(a.scope) === JSON.stringify(b.scope);
}

function recorded(s: UiState): UiState {
  return { ...s, history: visit(s.history, entryOf(s), sameEntry) };
}

export function setNamespace(s: UiState, namespace: string): UiState {
  if (namespace === s.namespace) return s;
  // A drill-down belongs to its namespace: switching leaves it.
  const base = s.stack[0] ?? s.workloads;
  return recorded({ ...s, namespace, stack: [], workloads: { ...base, scope: undefined, list: EMPTY_LIST } });
}

/** Shows a resource (or every workload kind) in the Workloads pane, leaving any drill-down. */
export function showResource(s: UiState, resource: string, filter = ""): UiState {
  return recorded({ ...s, stack: [], workloads: { resource, filter, list: EMPTY_LIST } });
}

/** Narrows the Workloads pane to `scope`; `esc` comes back. */
export function drill(s: UiState, resource: string, scope: Scope): UiState {
  return recorded({ ...s, stack: [...s.stack, s.workloads], workloads: { resource, scope, filter: "", list: EMPTY_LIST } });
}

/** Leaves the innermost drill-down; false when there is none. */
export function popDrill(s: UiState): UiState | undefined {
  const previous = s.stack[s.stack.length - 1];
  if (!previous) return undefined;
  return recorded({ ...s, stack: s.stack.slice(0, -1), workloads: previous });
}

function fromHistory(s: UiState, history: History<HistoryEntry>): UiState {
  if (history === s.history) return s;
  const e = current(history);
  return { ...s, history, namespace: e.namespace, stack: [], workloads: { resource: e.resource, ...(e.scope ? { scope: e.scope } : {}), filter: e.filter, list: EMPTY_LIST } };
}

export function goBack(s: UiState): UiState {
  return fromHistory(s, historyBack(s.history));
}

export function goForward(s: UiState): UiState {
  return fromHistory(s, historyForward(s.history));
}

// ---- lists and filters -----------------------------------------------------------------

export function listOf(s: UiState, pane: ListPane): ListState {
  return pane === "workloads" ? s.workloads.list : s[pane].list;
}

export function withList(s: UiState, pane: ListPane, list: ListState): UiState {
  if (pane === "workloads") return { ...s, workloads: { ...s.workloads, list } };
  if (pane === "nodes") return { ...s, nodes: { ...s.nodes, list } };
  return { ...s, events: { ...s.events, list } };
}

export function moveList(s: UiState, pane: ListPane, move: ListMove, keys: readonly string[], height: number): UiState {
  return withList(s, pane, moveSelection(listOf(s, pane), move, keys, height));
}

export function filterOf(s: UiState, pane: PaneId): string {
  return pane === "workloads" ? s.workloads.filter : s[pane].filter;
}

export function setFilter(s: UiState, pane: PaneId, filter: string): UiState {
  switch (pane) {
    case "workloads":
      return { ...s, workloads: { ...s.workloads, filter } };
    case "nodes":
      return { ...s, nodes: { ...s.nodes, filter } };
    case "events":
      return { ...s, events: { ...s.events, filter } };
    case "logs":
      return { ...s, logs: { ...s.logs, filter } };
  }
}

export function toggleMark(s: UiState, node: string): UiState {
  const marks = s.nodes.marks.includes(node) ? s.nodes.marks.filter((m) => m !== node) : [...s.nodes.marks, node];
  return { ...s, nodes: { ...s.nodes, marks } };
}

export function clearMarks(s: UiState): UiState {
  return { ...s, nodes: { ...s.nodes, marks: [] } };
}

// ---- overlays, prompts, dialogs, status --------------------------------------------------

export function openOverlay(s: UiState, overlay: Overlay): UiState {
  return { ...s, overlay };
}

export function closeOverlay(s: UiState): UiState {
  return { ...s, overlay: undefined };
}

export function scrollOverlay(s: UiState, move: ListMove, total: number, height: number): UiState {
  const o = s.overlay;
  if (!o || o.type === "pulse" || o.type === "drain") return s;
  const max = Math.max(0, total - height);
  const page = Math.max(1, height - 1);
  const next = { up: o.scroll - 1, down: o.scroll + 1, pageUp: o.scroll - page, pageDown: o.scroll + page, top: 0, bottom: max }[move];
  return { ...s, overlay: { ...o, scroll: Math.min(Math.max(0, next), max) } };
}

export function setPrompt(s: UiState, prompt: PromptState | undefined): UiState {
  return { ...s, prompt };
}

/** Closes the prompt, remembering a submitted entry in its kind's history. */
export function closePrompt(s: UiState, submitted: boolean): UiState {
  const p = s.prompt;
  if (!p) return s;
  let promptHistory = s.promptHistory;
  if (submitted && p.text.trim() !== "") {
    const entries = s.promptHistory[p.kind].filter((e) => e !== p.text);
    promptHistory = { ...s.promptHistory, [p.kind]: [...entries, p.text].slice(-50) };
  }
  return { ...s, prompt: undefined, promptHistory };
}

export function setDialog(s: UiState, dialog: DialogState | undefined): UiState {
  return { ...s, dialog };
}

export function setStatus(s: UiState, text: string, tone: Status["tone"], at: number): UiState {
  return { ...s, status: { text, tone, at } };
}

export function clearStatus(s: UiState): UiState {
  return s.status ? { ...s, status: undefined } : s;
}

export function updateLogs(s: UiState, change: Partial<UiState["logs"]>): UiState {
  return { ...s, logs: { ...s.logs, ...change } };
}
