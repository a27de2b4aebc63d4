/**
 * The drain's commands: `r` on Nodes (the options dialog for the selected or marked
 * nodes, or the running drain's view again), the answers to its dialogs, and the
 * progress view's keys (scroll, `esc` to cancel or close, `h` to hide).
 */
import type { Console } from "./console.js";
import { cancelDrain, drainRunning, startDrain } from "./data/drain.js";
import type { ListMove } from "./state/list.js";
import type { DialogState } from "./state/dialog.js";
import { cancelDrainDialog, drainDialog, drainOptionsOf, scrollDrain } from "./state/drain.js";
import { clearMarks, closeOverlay, openOverlay, setDialog } from "./state/ui.js";
import { drainRows, drainStreamRows } from "./presenters/drain.js";

/** The marked nodes, else the selected one. */
function targetNodes(c: Console): string[] {
  if (c.ui.nodes.marks.length > 0) return [...c.ui.nodes.marks];
  const name = c.selection("nodes").object?.metadata.name;
  return name ? [name] : [];
}

/** `r` on Nodes: a running drain's view again, else the dialog for the marked or selected nodes. */
export function drainCommand(c: Console): void {
  if (drainRunning(c)) return c.update((s) => openOverlay(s, { type: "drain" }));
  const nodes = targetNodes(c);
  if (nodes.length === 0) return;
  c.update((s) => setDialog(s, drainDialog(nodes)));
}

/** Yes to the drain dialog: drains with the options chosen. */
export function confirmDrain(c: Console, d: DialogState, nodes: readonly string[]): void {
  if (startDrain(c, nodes, drainOptionsOf(d))) c.update(clearMarks);
}

/** `esc` in the drain view while it runs: asks before cancelling. */
export function askCancelDrain(c: Console): void {
  const d = c.ui.drain;
  if (!d || !drainRunning(c)) return c.update(closeOverlay);
  c.update((s) => setDialog(s, cancelDrainDialog(d.nodes)));
}

/** Yes to the cancel question. */
export function confirmCancelDrain(c: Console): void {
  cancelDrain(c);
}

/** `h`: back to the panes; the drain runs on and the Nodes pane's title follows it. */
export function hideDrain(c: Console): void {
  c.update(closeOverlay);
  if (drainRunning(c)) c.info("the drain runs on: r on Nodes shows it again");
}

/** Rows and width of the overlay's content (as screen.ts lays overlays out). */
function viewSize(c: Console): { width: number; rows: number } {
  const l = c.layout();
  return { width: l.width - 2, rows: Math.max(1, l.height - l.header - l.footer - 2) };
}

export function scrollDrainView(c: Console, move: ListMove): void {
  const d = c.ui.drain;
  if (!d) return;
  const { width, rows } = viewSize(c);
  const total = drainRows(d.lines, width).length;
  c.update((s) => (s.drain ? { ...s, drain: scrollDrain(s.drain, move, total, drainStreamRows(s.drain, width, rows)) } : s));
}
