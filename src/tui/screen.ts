/**
 * The whole frame as plain data: header lines, the panes (each a title and its visible
 * lines), an overlay or a dialog, and the footer. Components draw it and nothing else.
 */
import type { Console } from "./console.js";
import { activeView } from "./input.js";
import { boxOf, type Layout, type PaneBox } from "./presenters/layout.js";
import { footerFor } from "./screen-footer.js";
import { headerLines } from "./presenters/header.js";
import { helpLines, helpTitle } from "./presenters/help.js";
import { logWindow } from "./presenters/logs.js";
import { mapLines } from "./presenters/map.js";
import { pulseLines } from "./presenters/pulse.js";
import { drainLines, drainTitle } from "./presenters/drain.js";
import { drainStatus } from "./state/drain.js";
import { fitLine, type Line } from "./presenters/segments.js";
import { tableLines } from "./presenters/table.js";
import { thousands } from "./presenters/text.js";
import { parseFilter } from "./state/filter.js";
import type { DialogState } from "./state/dialog.js";
import { listOf, type ListPane, type PaneId } from "./state/ui.js";
import { visibleWindow } from "./state/list.js";

export interface PaneView extends PaneBox {
  focused: boolean;
  title: Line;
  /** Content lines (a table's header first), at most height - 2; a collapsed pane has none. */
  lines: Line[];
}

export type Body =
  | { type: "panes"; rows: PaneView[][] }
  | { type: "overlay"; title: Line; lines: Line[] }
  | { type: "dialog"; dialog: DialogState };

export interface Screen {
  width: number;
  height: number;
  /** Shown alone instead of the console: the terminal is too small, or the view could not be drawn. */
  notice?: string;
  header: Line[];
  body: Body;
  bodyHeight: number;
  footer: Line;
}

export function buildScreen(c: Console): Screen {
  const layout = c.layout();
  if (layout.tooSmall) {
    return { width: layout.width, height: layout.height, notice: `kdeck needs at least 60×16; this terminal is ${c.columns}×${c.rows}`, header: [], body: { type: "panes", rows: [] }, bodyHeight: 0, footer: [] };
  }
  const now = c.cluster.now();
  const header = headerLines(
    {
      cluster: c.cluster.name,
      namespace: c.ui.namespace,
      favourites: c.favourites(),
      now,
      engine: c.cluster.engineStatus(),
      counts: c.counts(),
      ...(c.opts.watch?.status() ? { watch: c.opts.watch.status()! } : {}),
    },
    layout.width,
  );
  const bodyHeight = layout.height - layout.header - layout.footer;
  return { width: layout.width, height: layout.height, header, body: body(c, layout, now, bodyHeight), bodyHeight, footer: footerFor(c, layout.width) };
}

function body(c: Console, layout: Layout, now: number, height: number): Body {
  if (c.ui.dialog) return { type: "dialog", dialog: c.ui.dialog };
  const o = c.ui.overlay;
  const inner = layout.width - 2;
  const rows = Math.max(1, height - 2);
  if (o?.type === "help") return { type: "overlay", title: [{ text: helpTitle(c.ui.focus), bold: true }], lines: helpLines(inner, c.bindingContext()).slice(o.scroll, o.scroll + rows) };
  if (o?.type === "text") return { type: "overlay", title: [{ text: o.title, bold: true }], lines: o.lines.slice(o.scroll, o.scroll + rows).map((t) => fitLine([{ text: t }], inner)) };
  if (o?.type === "map") {
    const lines = mapLines(c.list("nodes").keys.map((k) => c.cache.of("nodes").get(k)!).filter(Boolean), c.cache.of("pods").all(), inner);
    return { type: "overlay", title: [{ text: "Map", bold: true }, { text: ` ${c.list("nodes").keys.length} nodes, ${c.cache.of("pods").size} pods`, tone: "dim" }], lines: lines.slice(o.scroll, o.scroll + rows) };
  }
  if (o?.type === "pulse") return { type: "overlay", title: [{ text: "Pulse", bold: true }], lines: pulseLines(c.pulse.all(), inner).slice(0, rows) };
  if (o?.type === "drain" && c.ui.drain) return { type: "overlay", title: drainTitle(c.ui.drain, now), lines: drainLines(c.ui.drain, inner, rows) };
  return { type: "panes", rows: layout.rows.map((row) => row.map((box) => paneView(c, box, now))) };
}

/** Lines the open text overlay has, for scrolling. */
export function overlayLineCount(c: Console): number {
  const o = c.ui.overlay;
  if (o?.type === "text") return o.lines.length;
  if (o?.type === "map") return mapLines(c.cache.of("nodes").all(), c.cache.of("pods").all(), c.layout().width - 2).length;
  return 0;
}

export function helpLineCount(c: Console): number {
  return helpLines(c.layout().width - 2).length;
}

function paneView(c: Console, box: PaneBox, now: number): PaneView {
  const focused = c.ui.focus === box.pane;
  if (box.pane === "logs") return logsView(c, box, focused);
  return listView(c, box.pane, box, focused, now);
}

function countText(n: number): Line[number] {
  return { text: ` (${thousands(n)})`, tone: "dim" };
}

function listView(c: Console, pane: ListPane, box: PaneBox, focused: boolean, now: number): PaneView {
  const model = c.list(pane);
  const title: Line = [{ text: model.title, bold: true, ...(focused ? { tone: "accent" as const } : {}) }, countText(model.keys.length)];
  if (model.context) title.push({ text: ` ${model.context}`, tone: "info" });
  if (pane === "nodes" && c.ui.nodes.marks.length > 0) title.push({ text: ` ${c.ui.nodes.marks.length} marked`, tone: "accent" });
  // A hidden drain's progress, until it ends (then the status line says how).
  if (pane === "nodes" && c.ui.drain?.phase === "running") title.push({ text: ` ${drainStatus(c.ui.drain).text}`, tone: "warn" });
  const inner = box.width - 2;
  if (box.collapsed) {
    const sel = c.selection(pane);
    const first = sel.index >= 0 ? model.row(sel.index, now).cells.filter(Boolean).join("  ") : model.empty;
    return { ...box, focused, title: [...title, { text: `  ${first}`, tone: "dim" }], lines: [] };
  }
  const height = Math.max(0, box.height - 3);
  const win = visibleWindow(listOf(c.ui, pane), model.keys, height);
  const rows = [];
  for (let i = win.start; i < win.end; i++) rows.push(model.row(i, now));
  const table = tableLines(model.columns, rows, win.selected - win.start, inner, focused);
  const lines = [table.header, ...table.rows];
  if (model.error) lines.push(fitLine([{ text: ` ${model.error}`, tone: "error" }], inner));
  else if (model.keys.length === 0) lines.push(fitLine([{ text: ` ${model.empty}`, tone: "dim" }], inner));
  return { ...box, focused, title, lines };
}

function logsView(c: Console, box: PaneBox, focused: boolean): PaneView {
  const l = c.ui.logs;
  const target = l.target;
  const title: Line = [{ text: "Logs", bold: true, ...(focused ? { tone: "accent" as const } : {}) }];
  if (target) title.push({ text: ` ${target.label}`, tone: "info" }, { text: ` ${c.tailer.podCount} pod${c.tailer.podCount === 1 ? "" : "s"}`, tone: "dim" });
  const flags = [l.pinned ? "pinned" : "", l.wrap ? "wrap" : "", l.timestamps ? "timestamps" : "", l.since ? `since ${l.since}` : "", l.previous ? "previous" : "", l.container ? `c:${l.container}` : "", l.filter ? `/${l.filter}` : ""].filter(Boolean);
  if (flags.length > 0) title.push({ text: ` ${flags.join(" · ")}`, tone: "dim" });
  const inner = box.width - 2;
  const matches = c.logMatches();
  const filter = parseFilter(l.filter);
  const opts = { timestamps: l.timestamps, showPod: target?.pod === undefined, showContainer: target?.container === undefined, highlight: filter.type === "text" && !filter.inverse ? filter.text : "" };
  const height = box.collapsed ? 1 : Math.max(0, box.height - 2);
  // One column of margin inside the border, as the tables have for their gutter.
  const win = logWindow(c.ring, matches, l, opts, inner - 1, height);
  title.push(l.follow ? { text: " ▼ following", tone: "ok" } : { text: ` ❚❚ held${win.waiting > 0 ? `, ${win.waiting} newer` : ""}`, tone: "warn" });
  if (box.collapsed) return { ...box, focused, title: [...title, { text: "  ", tone: "dim" }, ...(win.rows[win.rows.length - 1] ?? [])], lines: [] };
  let lines = win.rows.map((r) => fitLine([{ text: " " }, ...r], inner));
  if (c.tailer.error) lines = [fitLine([{ text: ` ${c.tailer.error}`, tone: "error" }], inner)];
  else if (!target) lines = [fitLine([{ text: " Select a pod or workload to see its logs; l pins it, / -l SELECTOR tails by label.", tone: "dim" }], inner)];
  else if (lines.length === 0 && l.previous) lines = [fitLine([{ text: ` no previous instance: no container of ${target.label} has restarted (p: the current ones)`, tone: "dim" }], inner)];
  else if (lines.length === 0) lines = [fitLine([{ text: ` no log lines yet from ${target.label}`, tone: "dim" }], inner)];
  return { ...box, focused, title, lines };
}

/** Whether a pane shows (for tests and the bench). */
export function paneShown(layout: Layout, pane: PaneId): boolean {
  return boxOf(layout, pane) !== undefined;
}

export { activeView };
