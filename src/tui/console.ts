/**
 * The console without the terminal: view state (pure reducers in state/), the cluster
 * data it watches (data/), and the derived panes (view-model.ts). The frame is built
 * once per change as terminal lines (render/frame.ts); the line-diffing writer
 * (production) and the Ink tree (tests) subscribe to it and draw `frame()`. Key
 * presses come in through `handleInput`.
 * Data changes are coalesced into frames; key presses render at once.
 */
import type { Cluster, KubeObject, ShellSession } from "../client/cluster.js";
import { ObjectCache } from "./data/cache.js";
import { disposeDrain } from "./data/drain.js";
import { EventIndex } from "./data/event-index.js";
import { FrameScheduler } from "./data/frames.js";
import { LogTailer } from "./data/log-tailer.js";
import { PulseHistory } from "./data/pulse.js";
import type { Clipboard } from "./data/system.js";
import type { BindingContext } from "./keys/tables.js";
import { clusterCounts, type ClusterCounts } from "./presenters/header.js";
import { boxOf, contentRows, layoutFor, type Layout } from "./presenters/layout.js";
import { containerOfKey } from "./presenters/containers.js";
import type { EventSubject } from "./presenters/events.js";
import { servedWorkloadKinds, workloadResources, workloadSelector } from "./presenters/workloads.js";
import { parseFilter } from "./state/filter.js";
import { selectedIndex } from "./state/list.js";
import { DEFAULT_LOG_CAPACITY, LogIndex, LogRing, type LogMatches } from "./state/log-ring.js";
import { sameTarget, type LogTarget } from "./state/log-view.js";
import { initialUi, listOf, setStatus, updateLogs, WORKLOADS, type ListPane, type PaneId, type UiState } from "./state/ui.js";
import { buildScreen, type Screen } from "./screen.js";
import { consoleFrame, frameTermLines, sameLines, type ConsoleFrame } from "./render/console-frame.js";
import type { TermLine } from "./render/diff.js";
import { ViewModel, type ListModel } from "./view-model.js";

/** A source of watch mode's status for the header (the `--watch DIR` integration). */
export interface WatchStatusSource {
  status(): { text: string; ok: boolean } | undefined;
  subscribe?(listener: () => void): () => void;
}

export interface ConsoleOptions {
  cluster: Cluster;
  /** Quits the console (the run loop unmounts and restores the terminal). */
  quit: () => void;
  clipboard?: Clipboard;
  /** Opens text in the user's editor, the terminal handed over; returns the saved text. */
  edit?: (text: string, name: string) => string;
  /**
   * Hands the terminal to an interactive shell session (`s` on a pod), the console
   * suspended meanwhile; resolves with the shell's exit status once it ends.
   */
  shell?: (session: ShellSession, title: string) => Promise<number>;
  /** Wall clock, ms (status messages fade by it). */
  wall?: () => number;
  /** Where `ctrl-s` writes logs. */
  saveDir?: string;
  /** Lines the Logs pane keeps (default 50,000). */
  logCapacity?: number;
  namespace?: string;
  logPollMs?: number;
  frameMs?: number;
  /** Refresh for ages and the clock, wall ms (default 1 s; twice as long after a while without keys). */
  tickMs?: number;
  watch?: WatchStatusSource;
}

/** Without a key press for this long, the console is idle: fewer frames, every other tick. */
const IDLE_AFTER_MS = 10_000;
/** Shortest time between two frames that only show cluster changes (log lines come sooner). */
const ACTIVE_FRAME_MS = 100;
const IDLE_FRAME_MS = 1000;
/** How long an info message stays in the footer. */
const STATUS_MS = 4000;
/** How long the Workloads selection must rest before the Logs pane follows it. */
const FOLLOW_DELAY_MS = 150;

export class Console {
  ui: UiState;
  columns = 80;
  rows = 24;
  readonly cluster: Cluster;
  readonly cache: ObjectCache;
  readonly frames: FrameScheduler;
  readonly ring: LogRing;
  readonly tailer: LogTailer;
  readonly pulse = new PulseHistory();
  readonly view: ViewModel;
  private readonly logIndex = new LogIndex();
  /** Events newest first and by object, brought up to date a few times a second at most. */
  readonly events = new EventIndex();
  private eventsTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();
  private timers: NodeJS.Timeout[] = [];
  private followTimer: NodeJS.Timeout | undefined;
  /** The target the Logs pane will follow once the selection rests. */
  private followPending: LogTarget | undefined;
  private stopWatch: (() => void) | undefined;
  /** Wall time of the last key press. */
  lastInput = 0;
  /** The speed to resume at after `.` paused. */
  resumeSpeed = 1;
  /** Bumped on every change: what React compares. */
  version = 0;

  constructor(readonly opts: ConsoleOptions) {
    this.cluster = opts.cluster;
    this.ui = initialUi({ namespace: opts.namespace ?? "default" });
    // Cluster changes: ten frames a second while someone works the console, one while it
    // only watches. Keys draw at once and log lines within 33 ms (about 30 frames a second).
    this.frames = new FrameScheduler(opts.frameMs ?? (() => (this.wall() - this.lastInput < IDLE_AFTER_MS ? ACTIVE_FRAME_MS : IDLE_FRAME_MS)));
    this.cache = new ObjectCache(this.cluster, (resource) => {
      if (resource === "events") this.pulse.countEvent();
      this.frames.request();
    });
    this.ring = new LogRing(opts.logCapacity ?? DEFAULT_LOG_CAPACITY);
    this.tailer = new LogTailer(this.cluster, this.ring, () => this.frames.request(true), opts.logPollMs);
    this.view = new ViewModel(this.cluster, this.cache, this.events);
    this.frames.subscribe(() => this.onFrame());
  }

  wall(): number {
    return (this.opts.wall ?? Date.now)();
  }

  /**
   * Lists and watches what the panes show. Events, often the largest list by far, load
   * right after the first frame is drawn, or when the caller says (`loadEvents`).
   */
  start(opts: { events?: "soon" | "later" } = {}): void {
    for (const r of ["nodes", "pods", "namespaces", ...workloadResources()]) this.cache.watch(r);
    const events = opts.events === "later" ? undefined : setTimeout(() => this.loadEvents(), 0);
    let ticks = 0;
    this.timers.push(
      setInterval(() => {
        // Ages and the clock move every second; when nobody has pressed a key for a
        // while, every other second is enough (as k9s refreshes) and halves idle work.
        ticks++;
        if (this.wall() - this.lastInput < IDLE_AFTER_MS || ticks % 2 === 0) this.frames.request();
      }, this.opts.tickMs ?? 1000),
    );
    this.stopWatch = this.opts.watch?.subscribe?.(() => this.frames.request());
    this.onFrame();
    this.stopEvents = () => clearTimeout(events);
  }

  /** Lists and watches events (`start({ events: "later" })` leaves it to the caller, once keys are read). */
  loadEvents(): void {
    if (!this.stopped) this.cache.watch("events");
  }

  private stopped = false;

  private stopEvents: () => void = () => undefined;

  stop(): void {
    this.stopped = true;
    this.stopEvents();
    if (this.eventsTimer) clearTimeout(this.eventsTimer);
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.followTimer) clearTimeout(this.followTimer);
    this.stopWatch?.();
    disposeDrain(this);
    this.tailer.close();
    this.frames.close();
    this.cache.close();
    this.listeners.clear();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private cachedFrame: ConsoleFrame | undefined;
  /** What the last frame showed: a change that draws the same lines draws nothing. */
  private lastLines: readonly TermLine[] = [];
  private lastSize = "";

  /** The frame to draw now (built once per change). */
  frame(): ConsoleFrame {
    this.cachedFrame ??= consoleFrame(() => buildScreen(this), this.columns, this.rows);
    return this.cachedFrame;
  }

  /** The frame's model (for tests). */
  screen(): Screen {
    return this.frame().screen;
  }

  /** The frame as terminal lines, coloured or plain. */
  termLines(colour: boolean): readonly TermLine[] {
    return frameTermLines(this.frame(), colour);
  }

  /** Renders, unless the change shows nothing new on screen (a heartbeat, a status nobody sees). */
  private notify(): void {
    this.cachedFrame = undefined;
    const f = this.frame();
    const size = `${this.columns}x${this.rows}`;
    if (size === this.lastSize && sameLines(f.coloured, this.lastLines)) return;
    this.lastSize = size;
    this.lastLines = f.coloured;
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  private countsMemo: { key: string; value: ClusterCounts } | undefined;

  private podCountsMemo: { version: number; value: ClusterCounts } | undefined;

  /** Node and pod counts and requests over the whole cluster; a node heartbeat does not recount 10,000 pods. */
  counts(): ClusterCounts {
    const pods = this.cache.of("pods");
    if (this.podCountsMemo?.version !== pods.version) this.podCountsMemo = { version: pods.version, value: clusterCounts([], pods.all()) };
    const key = `${this.cache.of("nodes").version}|${pods.version}`;
    if (this.countsMemo?.key !== key) {
      const nodePart = clusterCounts(this.cache.of("nodes").all(), []);
      const p = this.podCountsMemo.value;
      this.countsMemo = { key, value: { ...p, nodesReady: nodePart.nodesReady, nodes: nodePart.nodes, cpuAllocatable: nodePart.cpuAllocatable, memAllocatable: nodePart.memAllocatable } };
    }
    return this.countsMemo.value;
  }

  private onFrame(): void {
    // The event index lags by at most its interval: come back when it may catch up.
    const behind = this.events.refresh(this.cache.of("events"), this.wall());
    if (behind > 0 && !this.eventsTimer) {
      this.eventsTimer = setTimeout(() => {
        this.eventsTimer = undefined;
        this.frames.request();
      }, behind);
    }
    this.pulse.observe(this.cluster.now(), this.counts());
    const s = this.ui.status;
    if (s && s.tone === "info" && this.wall() - s.at > STATUS_MS) this.ui = { ...this.ui, status: undefined };
    this.afterChange();
    this.notify();
  }

  /** Applies a change to the view state and renders. */
  update(change: (s: UiState) => UiState): void {
    const next = change(this.ui);
    if (next === this.ui) return;
    this.ui = next;
    this.afterChange();
    this.notify();
  }

  info(text: string): void {
    this.update((s) => setStatus(s, text, "info", this.wall()));
  }

  error(text: string): void {
    this.update((s) => setStatus(s, text, "error", this.wall()));
  }

  setSize(columns: number, rows: number): void {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.notify();
  }

  /** Draws the frame again even if nothing changed (after the editor had the terminal). */
  redraw(): void {
    this.lastSize = "";
    this.notify();
  }

  // ---- derived --------------------------------------------------------------------

  private layoutMemo: { key: string; value: Layout } | undefined;

  layout(): Layout {
    const key = `${this.columns}x${this.rows}|${this.ui.focus}|${this.ui.zoom}`;
    if (this.layoutMemo?.key !== key) this.layoutMemo = { key, value: layoutFor(this.columns, this.rows, this.ui.focus, this.ui.zoom) };
    return this.layoutMemo.value;
  }

  /** Rows of content the pane shows (for paging and windows). */
  paneRows(pane: PaneId): number {
    return contentRows(boxOf(this.layout(), pane), pane !== "logs");
  }

  list(pane: ListPane): ListModel {
    switch (pane) {
      case "nodes": {
        const box = boxOf(this.layout(), "nodes");
        return this.view.nodes(this.ui, box && box.width >= 110 ? 16 : 10);
      }
      case "workloads":
        return this.view.workloads(this.ui);
      case "events":
        return this.view.events(this.ui, this.eventSubject());
    }
  }

  /** The selected row's index and object in a list pane. */
  selection(pane: ListPane): { index: number; key?: string; object?: KubeObject; model: ListModel } {
    const model = this.list(pane);
    const index = selectedIndex(listOf(this.ui, pane), model.keys);
    return { index, ...(index >= 0 ? { key: model.keys[index], object: model.object(index) } : {}), model };
  }

  /** The object the Events pane follows: the selection of Nodes or Workloads. */
  eventSubject(): EventSubject | undefined {
    const pane = this.ui.subject;
    const model = pane === "nodes" ? this.view.nodes(this.ui, 10) : this.view.workloads(this.ui);
    const index = selectedIndex(listOf(this.ui, pane), model.keys);
    const obj = index >= 0 ? model.object(index) : undefined;
    if (!obj) return undefined;
    return { kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "", ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}) };
  }

  /** What the bindings' conditions see in the focused view. */
  bindingContext(): BindingContext {
    const o = this.ui.overlay;
    const base = { clipboard: this.opts.clipboard !== undefined, editable: o?.type === "text" && o.source !== undefined, drainRunning: this.ui.drain?.phase === "running" };
    if (this.ui.focus === "logs" || o) return { ...base, isObject: false, namespaced: false, hasPods: false };
    const sel = this.selection(this.ui.focus);
    const kind = sel.model.rowKind === "mixed" ? sel.object?.kind : sel.model.rowKind;
    const hasPods = kind === "Pod" || kind === "Container" || (kind !== undefined && servedWorkloadKinds().some((k) => k.kind === kind));
    return {
      ...base,
      ...(kind && sel.object ? { rowKind: kind } : {}),
      isObject: sel.object !== undefined && kind !== "Container",
      namespaced: sel.object?.metadata.namespace !== undefined,
      hasPods: sel.object !== undefined && hasPods,
    };
  }

  /** Namespaces for `1`–`9`: `default` first, then the others by name. */
  favourites(): string[] {
    const names = this.cache.of("namespaces").all().map((n) => n.metadata.name ?? "");
    return [...names.filter((n) => n === "default"), ...names.filter((n) => n !== "default" && !n.startsWith("kube-"))].slice(0, 9);
  }

  /** The log lines the Logs pane's filter and container choice let through. */
  logMatches(): LogMatches {
    const filter = parseFilter(this.ui.logs.filter);
    const text = filter.type === "text" ? filter : undefined;
    const container = this.ui.logs.container.toLowerCase();
    return this.logIndex.update(this.ring, `${this.ui.logs.filter}|${container}`, (e) => {
      if (container && !e.container.toLowerCase().includes(container)) return false;
      if (!text || e.type !== "line") return true;
      return e.text.toLowerCase().includes(text.text) !== text.inverse;
    });
  }

  // ---- logs following the selection ------------------------------------------------

  /** The log target the Workloads selection stands for, if any. */
  targetForSelection(): LogTarget | undefined {
    const sel = this.selection("workloads");
    return sel.object ? logTargetFor(sel.object, sel.model.rowKind === "Container" ? containerOfKey(sel.key ?? "") : undefined) : undefined;
  }

  /** Tails `target` now, pinned (it no longer follows the selection) or not. */
  tail(target: LogTarget | undefined, pinned: boolean): void {
    this.ui = updateLogs(this.ui, { target, pinned, follow: true, anchor: undefined });
    this.retail();
    this.notify();
  }

  /** Starts the tailer over on the current target and options. */
  retail(): void {
    const l = this.ui.logs;
    const since = l.since ? { "1m": 60_000, "5m": 300_000, "15m": 900_000, "1h": 3_600_000 }[l.since] : undefined;
    this.tailer.retarget(l.target, { previous: l.previous, initialTail: 500, ...(since !== undefined ? { sinceMs: since } : {}) });
  }

  private afterChange(): void {
    // The Workloads pane's kind is watched from the moment it shows.
    const r = this.ui.workloads.resource;
    if (r !== WORKLOADS && !this.cache.isWatching(r) && !this.cache.errors.has(r)) this.cache.watch(r);
    if (this.ui.workloads.scope?.type === "owner" && !this.cache.isWatching(r)) this.cache.watch(r);
    if (this.ui.logs.pinned) return;
    const wanted = this.targetForSelection();
    if (!wanted || sameTarget(wanted, this.ui.logs.target)) {
      if (this.followTimer) clearTimeout(this.followTimer);
      this.followTimer = undefined;
      this.followPending = undefined;
      return;
    }
    // The selection must rest before the Logs pane follows it: scrolling through a list
    // does not start (and drop) a tail at every row it passes.
    if (this.followTimer && this.followPending && sameTarget(wanted, this.followPending)) return;
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followPending = wanted;
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      this.followPending = undefined;
      if (this.ui.logs.pinned) return;
      const now = this.targetForSelection();
      if (now && !sameTarget(now, this.ui.logs.target)) this.tail(now, false);
    }, FOLLOW_DELAY_MS);
  }
}

/** What tailing an object's logs means: a pod (or one of its containers), or a workload's pods by selector. */
export function logTargetFor(obj: KubeObject, container?: string): LogTarget | undefined {
  const ns = obj.metadata.namespace ?? "";
  const name = obj.metadata.name ?? "";
  if (obj.kind === "Pod") return { label: container ? `pod/${name} › ${container}` : `pod/${name}`, namespace: ns, pod: name, ...(container ? { container } : {}) };
  const selector = workloadSelector(obj);
  if (!selector) return undefined;
  const kind = servedWorkloadKinds().find((k) => k.kind === obj.kind);
  return { label: `${kind ? kind.shortNames[0] ?? kind.singular : obj.kind.toLowerCase()}/${name}`, namespace: ns, selector };
}
