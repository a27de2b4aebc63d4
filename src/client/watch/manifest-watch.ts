import path from "node:path";
import type { Stats } from "node:fs";
import { watch as watchFiles, type FSWatcher } from "chokidar";
import type { Cluster } from "../cluster.js";
import { applySetRef, parentNameForFolder, type ApplySetRef } from "./apply-set.js";
import { Debouncer, REAL_TIMERS, type Timers } from "./debouncer.js";
import { FolderState, type DeclaredObject } from "./folder.js";
import { IGNORE_FILE, toPosix } from "./ignore-rules.js";
import { MemberTracker } from "./member-tracker.js";
import { knownContents, undeclaredMembers } from "./members.js";
import { folderIdentity, RoundRunner, type RoundResult, type RoundTrigger } from "./round.js";
import { buildStatus, type WatchPhase, type WatchStatus } from "./status.js";

/** How a watch behaves; only `cluster` and `dir` are required. */
export interface ManifestWatchOptions {
  cluster: Cluster;
  /** The folder, as the user gave it (messages name files through it). */
  dir: string;
  /** Descend into subfolders (`-R`). */
  recursive?: boolean;
  /** The namespace of objects that name none, and of the apply set's parent (default "default"). */
  namespace?: string;
  /** Refuse objects whose namespace differs from `namespace`, as `kubectl apply -n` does (default false). */
  strictNamespace?: boolean;
  /** Prune members the folder no longer declares (default true). */
  prune?: boolean;
  /** Apply and prune with dry runs: report what would change, change nothing. */
  dryRun?: boolean;
  /** Let a round prune every member when the folder declares nothing (default false). */
  allowEmpty?: boolean;
  /** Re-apply an object changed in the cluster at once, rather than at the next round (default false). */
  selfHeal?: boolean;
  /** Prune a member namespace even when it holds objects the watch did not apply (default false). */
  pruneNonEmptyNamespaces?: boolean;
  /** The parent Secret's name (default `kdeck-watch-<folder name>`). */
  applySetName?: string;
  /** kdeck's version, for the parent's tooling annotation (`kdeck/v0.1.0`). */
  toolingVersion?: string;
  /** Quiet period before a round (default 200 ms). */
  quietMs?: number;
  /** Longest a burst of changes waits for its round (default 2 s). */
  maxWaitMs?: number;
  /** Timers for the debounce and status coalescing (tests inject a manual clock). */
  timers?: Timers;
  /** Wall clock for round timestamps (default Date.now). */
  wall?: () => number;
}

/** What a watch tells its subscribers. */
export interface ManifestWatchEvents {
  /** A round finished. */
  round: RoundResult;
  /** The status changed (a file saved, a round ran, an object's health or sync moved). */
  status: WatchStatus;
  /** The file watcher failed (the round machinery carries on). */
  error: Error;
}

type BatchItem = { type: "initial" } | { type: "rescan" } | { type: "file"; rel: string } | { type: "drift"; key: string };

/** Coalescing window for status notifications. */
const STATUS_COALESCE_MS = 20;
/** How often a watch whose folder went away looks for it again. */
const FOLDER_POLL_MS = 1000;

/**
 * Keeps a cluster following a manifest folder: applies it whole at `start()`, then
 * re-applies what changes, debounced, watching the directory (editors' rename-on-save
 * and temp files included) rather than single files. Members of the folder's apply
 * set that its files no longer declare are pruned, but never in a round with errors,
 * never what it did not apply, and never everything at once unless allowed.
 *
 * The console and `kdeck watch` share it: subscribe with `on("round" | "status")`,
 * read `status()` at any time, and `stop()` to finish the round in progress and leave
 * everything applied. The caller owns the cluster and runs its engine
 * (`cluster.startRealtime()`), so that pods follow the folder as virtual time runs.
 *
 * Chokidar watches without `awaitWriteFinish`: it would delay every event by its own
 * stability window (polling sizes), on top of the debounce that already waits for
 * 200 ms of quiet. Half-written files are caught when read instead: a file whose size
 * or modification time changes while it is read is left pending and read again.
 */
export class ManifestWatch {
  /** The apply set this folder's objects belong to. */
  readonly applySet: ApplySetRef;
  private readonly cluster: Cluster;
  private readonly folder: FolderState;
  private readonly runner: RoundRunner;
  private readonly debouncer: Debouncer<BatchItem>;
  private readonly timers: Timers;
  private readonly selfHeal: boolean;
  private readonly folderId: string;
  private readonly listeners: { [K in keyof ManifestWatchEvents]: Set<(v: ManifestWatchEvents[K]) => void> } = {
    round: new Set(),
    status: new Set(),
    error: new Set(),
  };
  private watcher: FSWatcher | undefined;
  private phase: WatchPhase = "starting";
  private rounds = 0;
  private lastRound: RoundResult | undefined;
  private roundWaiters: { resolve: (r: RoundResult) => void; reject: (e: Error) => void }[] = [];
  private readonly members: MemberTracker;
  private prunePending: string[] = [];
  /** Files saved while a round ran: still pending when it ends, whatever it read. */
  private savedDuringRound = new Set<string>();
  private statusTimer: unknown;
  private folderTimer: unknown;
  private stopped = false;

  constructor(private readonly opts: ManifestWatchOptions) {
    this.cluster = opts.cluster;
    this.timers = opts.timers ?? REAL_TIMERS;
    this.selfHeal = opts.selfHeal ?? false;
    this.folderId = folderIdentity(opts.dir);
    const namespace = opts.namespace ?? "default";
    this.applySet = applySetRef(opts.applySetName ?? parentNameForFolder(opts.dir), namespace);
    this.folder = new FolderState({
      dir: opts.dir,
      recursive: opts.recursive ?? false,
      namespace,
      strictNamespace: opts.strictNamespace ?? false,
      applySetId: this.applySet.id,
    });
    this.runner = new RoundRunner({
      cluster: this.cluster,
      folder: this.folder,
      applySet: this.applySet,
      folderId: this.folderId,
      prune: opts.prune ?? true,
      dryRun: opts.dryRun ?? false,
      allowEmpty: opts.allowEmpty ?? false,
      pruneNonEmptyNamespaces: opts.pruneNonEmptyNamespaces ?? false,
      toolingVersion: opts.toolingVersion ?? "0.0.0",
      wall: opts.wall ?? Date.now,
    });
    this.debouncer = new Debouncer<BatchItem>({
      quietMs: opts.quietMs ?? 200,
      maxWaitMs: opts.maxWaitMs ?? 2000,
      timers: this.timers,
      run: (batch) => this.runRound(batch),
      onError: (e) => this.emit("error", e instanceof Error ? e : new Error(String(e))),
    });
    this.members = new MemberTracker({
      cluster: this.cluster,
      applySet: this.applySet,
      timers: this.timers,
      settleMs: STATUS_COALESCE_MS,
      busy: () => this.debouncer.busy,
      onDrift: (key) => {
        if (this.selfHeal && !this.stopped) this.debouncer.push({ type: "drift", key });
      },
      onChange: () => this.scheduleStatus(),
    });
  }

  /**
   * Starts watching the folder, then applies it whole. Resolves with the initial round's
   * result; changes saved meanwhile are applied by the rounds that follow.
   */
  async start(): Promise<RoundResult> {
    if (this.watcher || this.stopped) throw new Error("a ManifestWatch starts once");
    // Ready first: a save made while the initial round reads the folder is then an event,
    // and one made before is read by the initial round.
    await this.watchFolder();
    const initial = this.nextRound();
    this.debouncer.push({ type: "initial" });
    this.debouncer.flush();
    return initial;
  }

  /**
   * Stops watching: pending changes are dropped, the round in progress (if any) runs to
   * its end, and everything applied stays applied. Safe to call twice.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.watcher?.close();
    await this.debouncer.stop();
    this.members.stop();
    if (this.statusTimer !== undefined) this.timers.clearTimeout(this.statusTimer);
    if (this.folderTimer !== undefined) this.timers.clearTimeout(this.folderTimer);
    this.phase = "stopped";
    this.emit("status", this.status());
  }

  /** The status now: files, objects (sync and health), the last round. Deep-frozen. */
  status(): WatchStatus {
    return buildStatus({
      folder: this.folder,
      applySet: this.applySet,
      phase: this.phase,
      rounds: this.rounds,
      ...(this.lastRound ? { lastRound: this.lastRound } : {}),
      live: (key) => this.members.liveObject(key),
      sync: (key) => this.members.syncOf(key),
      prunePending: this.prunePending,
    });
  }

  /** Subscribes to rounds, status changes or watcher errors. Returns the function that unsubscribes. */
  on<K extends keyof ManifestWatchEvents>(type: K, listener: (value: ManifestWatchEvents[K]) => void): () => void {
    const set = this.listeners[type] as Set<(v: ManifestWatchEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Resolves with the result of the next round to finish; rejects if that round fails unexpectedly. */
  nextRound(): Promise<RoundResult> {
    return new Promise((resolve, reject) => this.roundWaiters.push({ resolve, reject }));
  }

  /** Resolves once no round runs and no change waits for one. */
  idle(): Promise<void> {
    return this.debouncer.idle();
  }

  /** Re-reads and re-applies the whole folder at the next round (a console's "sync now"). */
  resync(): void {
    this.debouncer.push({ type: "rescan" });
    this.debouncer.flush();
  }

  // ---- the folder -----------------------------------------------------------------

  /** (Re)starts the directory watcher; resolves when it is ready. */
  private watchFolder(): Promise<void> {
    const watcher = watchFiles(this.folder.root, {
      ignoreInitial: true,
      persistent: true,
      ...(this.folder.opts.recursive ? {} : { depth: 0 }),
      ignored: (p: string, stats?: Stats) => this.ignored(p, stats),
    });
    this.watcher = watcher;
    watcher.on("all", (event, p) => this.onFileEvent(event, p));
    watcher.on("error", (e) => this.emit("error", e instanceof Error ? e : new Error(String(e))));
    return new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  }

  /**
   * The folder itself went away (deleted, unmounted): the directory watcher died with it.
   * Look for it every second, and when it is back, watch it again and re-read it all.
   */
  private awaitFolder(): void {
    if (this.folderTimer !== undefined || this.stopped) return;
    this.folderTimer = this.timers.setTimeout(() => {
      this.folderTimer = undefined;
      if (this.stopped) return;
      if (!this.folder.exists()) {
        this.awaitFolder();
        return;
      }
      const old = this.watcher;
      void (async () => {
        await old?.close();
        if (this.stopped) return;
        await this.watchFolder();
        this.debouncer.push({ type: "rescan" });
      })();
    }, FOLDER_POLL_MS);
  }

  /** Chokidar's filter: skip files that are not manifests; keep directories and `.kdeckignore`. */
  private ignored(abs: string, stats?: Stats): boolean {
    const rel = toPosix(path.relative(this.folder.root, abs));
    if (rel === "" || rel.startsWith("..")) return false;
    if (rel.split("/").includes(".git")) return true;
    if (!stats || !stats.isFile()) return false;
    return rel !== IGNORE_FILE && !this.folder.wants(rel);
  }

  private onFileEvent(event: string, abs: string): void {
    if (this.stopped) return;
    const rel = toPosix(path.relative(this.folder.root, abs));
    if (rel === "" || rel === IGNORE_FILE || event === "addDir" || event === "unlinkDir") {
      // The folder itself, its ignore rules or a subfolder: look at everything again.
      if (event === "addDir" && rel === "") return;
      if ((event === "addDir" || event === "unlinkDir") && !this.folder.opts.recursive && rel !== "") return;
      this.debouncer.push({ type: "rescan" });
    } else {
      if (!this.folder.wants(rel) && this.folder.state(rel) === undefined) return;
      this.folder.markPending(rel);
      if (this.debouncer.busy) this.savedDuringRound.add(rel);
      this.debouncer.push({ type: "file", rel });
    }
    if (this.phase === "idle") this.phase = "pending";
    this.scheduleStatus();
  }

  // ---- rounds ---------------------------------------------------------------------

  private async runRound(batch: BatchItem[]): Promise<void> {
    const initial = batch.some((i) => i.type === "initial");
    const rescan = initial || batch.some((i) => i.type === "rescan");
    const files = new Set(batch.flatMap((i) => (i.type === "file" ? [i.rel] : [])));
    const trigger: RoundTrigger = initial ? "initial" : rescan || files.size > 0 ? "change" : "drift";
    const reapply = this.members.reapplyKeys();
    this.phase = "applying";
    this.scheduleStatus();
    let outcome: Awaited<ReturnType<RoundRunner["run"]>>;
    try {
      outcome = await this.runner.run({ number: this.rounds + 1, trigger, changed: rescan ? "all" : files, reapply });
    } catch (e) {
      // A failure the round could not word for a file (the cluster went away): report it, keep watching.
      const error = e instanceof Error ? e : new Error(String(e));
      this.phase = this.stopped ? "stopped" : "idle";
      const waiters = this.roundWaiters;
      this.roundWaiters = [];
      for (const w of waiters) w.reject(error);
      this.emit("error", error);
      this.emit("status", this.status());
      return;
    }
    const { result, effects } = outcome;
    for (const rel of this.savedDuringRound) this.folder.markPending(rel);
    this.savedDuringRound.clear();
    this.rounds++;
    this.lastRound = result;

    const declared = this.folder.declared();
    this.members.afterRound(result, effects, declared);
    this.prunePending = result.prune.state === "done" || this.opts.dryRun ? [] : this.membersToPrune(declared);
    for (const rel of effects.retry) this.debouncer.push({ type: "file", rel });
    if (!this.folder.exists()) this.awaitFolder();

    this.phase = this.stopped ? "stopped" : this.debouncer.pending > 0 ? "pending" : "idle";
    const waiters = this.roundWaiters;
    this.roundWaiters = [];
    for (const w of waiters) w.resolve(result);
    this.emit("round", result);
    this.emit("status", this.status());
  }

  /** Members a prune would take, when the round held its prune back. */
  private membersToPrune(declared: readonly DeclaredObject[]): string[] {
    try {
      const contents = knownContents(this.cluster, this.applySet, this.folderId, declared);
      return undeclaredMembers(this.cluster, this.applySet, contents, new Set(declared.map((o) => o.key)));
    } catch {
      return [];
    }
  }

  // ---- notifications --------------------------------------------------------------

  private scheduleStatus(): void {
    if (this.statusTimer !== undefined || this.stopped) return;
    this.statusTimer = this.timers.setTimeout(() => {
      this.statusTimer = undefined;
      if (!this.stopped) this.emit("status", this.status());
    }, STATUS_COALESCE_MS);
  }

  private emit<K extends keyof ManifestWatchEvents>(type: K, value: ManifestWatchEvents[K]): void {
    for (const listener of [...(this.listeners[type] as Set<(v: ManifestWatchEvents[K]) => void>)]) {
      try {
        listener(value);
      } catch {
        // A subscriber's failure is its own; the watch carries on.
      }
    }
  }
}
