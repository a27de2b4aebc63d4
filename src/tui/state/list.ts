/**
 * Selection and scrolling of a windowed list. The selection follows its object (by
 * key) while rows come and go; the window scrolls only when the cursor leaves it.
 */

/** A list's cursor and scroll position. */
export interface ListState {
  /** Key of the selected row (`namespace/name`); kept when rows are added or removed around it. */
  selectedKey?: string;
  /** Where the selection was last seen: used when its row has gone. */
  index: number;
  /** First row shown. */
  offset: number;
}

export const EMPTY_LIST: ListState = { index: 0, offset: 0 };

export type ListMove = "up" | "down" | "pageUp" | "pageDown" | "top" | "bottom";

/** The selected row's index in `keys`: its key's position, else the last index clamped to the list. */
export function selectedIndex(state: ListState, keys: readonly string[]): number {
  if (keys.length === 0) return -1;
  if (state.selectedKey !== undefined) {
    // Most frames the row has not moved: check there first.
    if (keys[state.index] === state.selectedKey) return state.index;
    const at = keys.indexOf(state.selectedKey);
    if (at >= 0) return at;
  }
  return Math.min(Math.max(0, state.index), keys.length - 1);
}

/** The rows `[start, end)` to render for `height` rows, with the selection inside them. */
export function visibleWindow(state: ListState, keys: readonly string[], height: number): { start: number; end: number; selected: number } {
  const selected = selectedIndex(state, keys);
  const offset = scrolledOffset(state.offset, selected, keys.length, height);
  return { start: offset, end: Math.min(keys.length, offset + Math.max(0, height)), selected };
}

function scrolledOffset(offset: number, selected: number, count: number, height: number): number {
  if (height <= 0 || count === 0) return 0;
  let o = offset;
  if (selected < o) o = selected;
  if (selected >= o + height) o = selected - height + 1;
  // Never leave blank rows at the bottom while rows above are hidden.
  o = Math.min(o, Math.max(0, count - height));
  return Math.max(0, o);
}

/** Moves the selection; `height` is the number of rows the list shows. */
export function moveSelection(state: ListState, move: ListMove, keys: readonly string[], height: number): ListState {
  if (keys.length === 0) return { index: 0, offset: 0 };
  const current = selectedIndex(state, keys);
  const page = Math.max(1, height - 1);
  const last = keys.length - 1;
  const target = {
    up: current - 1,
    down: current + 1,
    pageUp: current - page,
    pageDown: current + page,
    top: 0,
    bottom: last,
  }[move];
  const index = Math.min(Math.max(0, target), last);
  return { selectedKey: keys[index], index, offset: scrolledOffset(state.offset, index, keys.length, height) };
}

/** Selects the row with `key` (when present). */
export function selectKey(state: ListState, key: string, keys: readonly string[], height: number): ListState {
  const index = keys.indexOf(key);
  if (index < 0) return state;
  return { selectedKey: key, index, offset: scrolledOffset(state.offset, index, keys.length, height) };
}
