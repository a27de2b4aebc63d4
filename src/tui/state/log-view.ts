/** The Logs pane's view options and scroll position, as a pure state. */
import type { ListMove } from "./list.js";
import type { LogMatches } from "./log-ring.js";

export const SINCE_CHOICES = [undefined, "1m", "5m", "15m", "1h"] as const;
export type Since = (typeof SINCE_CHOICES)[number];

/** What the Logs pane tails. */
export interface LogTarget {
  /** How the title names it: `-l app=web`, `pod/web-1`, `deploy/web`. */
  label: string;
  /** Namespace of the pods; undefined: every namespace. */
  namespace?: string;
  /** Label selector of the pods (kubectl syntax). */
  selector?: string;
  /** One pod, when no selector. */
  pod?: string;
  /** Only this container (from a container row). */
  container?: string;
}

export interface LogViewState {
  target?: LogTarget;
  /** Chosen explicitly (`l`, `:logs`, `/-l`): the pane stops following the Workloads selection. */
  pinned: boolean;
  follow: boolean;
  wrap: boolean;
  timestamps: boolean;
  /** Only containers whose name contains this. */
  container: string;
  /** The previous instance of each container instead of the current one. */
  previous: boolean;
  since: Since;
  /** While not following: seq of the bottom line shown. */
  anchor?: number;
}

export const INITIAL_LOG_VIEW: LogViewState = { pinned: false, follow: true, wrap: false, timestamps: false, container: "", previous: false, since: undefined };

/** Same pods and containers: retargeting to it changes nothing. */
export function sameTarget(a: LogTarget | undefined, b: LogTarget | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.namespace === b.namespace && a.selector === b.selector && a.pod === b.pod && a.container === b.container;
}

/** Index of the bottom line shown among `matches`, or -1 when there are none. */
export function bottomIndex(state: LogViewState, matches: LogMatches): number {
  if (matches.length === 0) return -1;
  if (state.follow || state.anchor === undefined) return matches.length - 1;
  const i = matches.indexAtOrBefore(state.anchor);
  return i < 0 ? 0 : i;
}

/** Scrolls by lines; reaching the bottom follows again, as `tail -f` users expect. */
export function scrollLogs(state: LogViewState, move: ListMove, matches: LogMatches, height: number): LogViewState {
  if (matches.length === 0) return state;
  const last = matches.length - 1;
  const current = bottomIndex(state, matches);
  const page = Math.max(1, height - 1);
  // The bottom line can go no higher than the last line of the first page.
  const lowest = Math.min(last, Math.max(0, height - 1));
  const target = { up: current - 1, down: current + 1, pageUp: current - page, pageDown: current + page, top: lowest, bottom: last }[move];
  const index = Math.min(Math.max(lowest, target), last);
  if (index >= last) return { ...state, follow: true, anchor: undefined };
  return { ...state, follow: false, anchor: matches.seqAt(index) };
}

/** `f`: hold the view where it is, or follow again. */
export function toggleFollow(state: LogViewState, matches: LogMatches): LogViewState {
  if (state.follow) {
    const i = bottomIndex(state, matches);
    return { ...state, follow: false, ...(i >= 0 ? { anchor: matches.seqAt(i) } : {}) };
  }
  return { ...state, follow: true, anchor: undefined };
}

export function nextSince(since: Since): Since {
  const i = SINCE_CHOICES.indexOf(since);
  return SINCE_CHOICES[(i + 1) % SINCE_CHOICES.length];
}
