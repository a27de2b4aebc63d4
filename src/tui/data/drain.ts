/**
 * The console's drain: one at a time, run by the cluster's drain service
 * (`Cluster.drain`, the one `kdeck drain` runs) while the console goes on drawing.
 * The service waits in virtual time without holding the thread (the console runs the
 * engine in real time), and each line it reports lands in the view state
 * (state/drain.ts) and asks for a frame.
 */
import type { DrainHandle, DrainOptions } from "../../client/cluster.js";
import type { Console } from "../console.js";
import { drainCancelling, drainCommandLine, drainEnded, drainEvent, drainFailed, drainStatus, newDrainView, type DrainViewState } from "../state/drain.js";
import { openOverlay } from "../state/ui.js";
import { errorMessage } from "./actions.js";

interface RunningDrain {
  id: number;
  handle?: DrainHandle;
  /** The console stopped: nothing more is shown. */
  disposed: boolean;
}

const running = new WeakMap<Console, RunningDrain>();
let nextId = 1;

/** True while the console's drain runs (cancelled or not, until it has stopped). */
export function drainRunning(c: Console): boolean {
  return c.ui.drain?.phase === "running";
}

/** Applies a change to the drain's view state if it is still drain `id`. */
function change(c: Console, id: number, f: (s: DrainViewState) => DrainViewState, now: boolean): void {
  const d = c.ui.drain;
  if (!d || d.id !== id) return;
  if (now) return c.update((s) => (s.drain?.id === id ? { ...s, drain: f(s.drain) } : s));
  // Lines come in bursts (a node's pods evicted at once): they share a frame.
  c.ui = { ...c.ui, drain: f(d) };
  c.frames.request(true);
}

/**
 * Starts draining `nodes` and shows its progress. Returns false (and says why) when a
 * drain is already running: the console runs one at a time.
 */
export function startDrain(c: Console, nodes: readonly string[], opts: DrainOptions): boolean {
  if (drainRunning(c)) {
    c.error("a drain is already running: r on Nodes shows it, esc there cancels it");
    return false;
  }
  const id = nextId++;
  const view = newDrainView(id, nodes, drainCommandLine(nodes, opts), c.cluster.now());
  c.update((s) => openOverlay({ ...s, drain: view }, { type: "drain" }));
  const entry: RunningDrain = { id, disposed: false };
  let handle: DrainHandle;
  try {
    handle = c.cluster.drain({ nodes }, opts, (ev) => {
      if (!entry.disposed) change(c, id, (s) => drainEvent(s, ev), false);
    });
  } catch (e) {
    change(c, id, (s) => drainFailed(s, errorMessage(e), c.cluster.now()), true);
    return true;
  }
  entry.handle = handle;
  running.set(c, entry);
  const end = (f: (s: DrainViewState, at: number) => DrainViewState): void => {
    if (running.get(c) === entry) running.delete(c);
    if (entry.disposed) return;
    change(c, id, (s) => f(s, c.cluster.now()), true);
    // Hidden, the view says nothing: the status line does.
    const d = c.ui.drain;
    if (d?.id === id && c.ui.overlay?.type !== "drain") {
      const st = drainStatus(d);
      if (st.tone === "error") c.error(st.text);
      else c.info(st.text);
    }
  };
  handle.done.then(
    (result) => end((s, at) => drainEnded(s, result, at)),
    (e: unknown) => end((s, at) => drainFailed(s, errorMessage(e), at)),
  );
  return true;
}

/** Asks the running drain to stop (between its steps, as ctrl-c stops kubectl drain). */
export function cancelDrain(c: Console): void {
  const entry = running.get(c);
  if (!entry || !drainRunning(c)) return;
  entry.handle?.cancel();
  change(c, entry.id, drainCancelling, true);
}

/** The console is stopping: the drain stops too, and reports nothing more. */
export function disposeDrain(c: Console): void {
  const entry = running.get(c);
  if (!entry) return;
  entry.disposed = true;
  entry.handle?.cancel();
  running.delete(c);
}
