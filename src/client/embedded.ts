import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { KubeObject } from "../core/api/object.js";
import type { DeleteOptions, EvictOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from "../core/apiserver/types.js";
import type { DrainEvent, DrainHandle, DrainOptions, DrainTarget } from "../core/drain/index.js";
import { bootstrapCluster, type BootstrapOptions } from "../core/bootstrap.js";
import { createControlPlane, type ControlPlane } from "../core/control-plane.js";
import { EngineClock } from "../core/engine/clock.js";
import type { ReconcileFailure } from "../core/engine/engine.js";
import { EngineLease, type LeaseRecord } from "../core/engine/lease.js";
import { observedNow, readStoredTime, writeStoredTime } from "../core/engine/time-store.js";
import { explainPodSchedule } from "../core/scheduler/explain-pod.js";
import type { LogQuery, StoredLogLine, WatchEvent } from "../core/store.js";
import { SqliteStore } from "../persistence/sqlite-store.js";
import { applyObject } from "./apply.js";
import { drainCluster } from "./drain.js";
import type { ApplyResult, Cluster, EngineStatus, ExecResult, NodeMetrics, PodMetrics, ScheduleExplanation, ShellSession } from "./cluster.js";

export interface OpenOptions {
  /** SQLite file of the cluster (`:memory:` for a throwaway one). */
  db: string;
  /** Shape of a new cluster; ignored when the database already holds one. */
  bootstrap?: BootstrapOptions;
  /** Seed of a new cluster's random sequence. */
  seed?: number;
  /** Wall clock, injectable for tests. */
  wall?: () => number;
}

const TICK_MS = 50;
const RENEW_MS = 5_000;
const PUBLISH_TIME_MS = 1_000;
const FOLLOWER_POLL_MS = 100;
const TAKEOVER_MS = 2_000;
const COMPACT_EVERY_MS = 60_000;
/** Revisions of history kept for watchers (like the API server's etcd compaction). */
const KEEP_REVISIONS = 50_000;
const ADVANCE_REQUEST = "advanceRequest";
const ADVANCE_DONE = "advanceDone";
/** How long an `advance` waits for the process running the engine to take its request. */
const ADVANCE_REQUEST_TIMEOUT_MS = 120_000;

/**
 * The cluster embedded in this process: the SQLite store, the API server and, while
 * this process holds the engine lease, the controllers, scheduler and kubelets.
 *
 * One-shot commands take the lease only when they write, settle the cluster at the
 * current virtual time, and give the lease back on close. Long-running processes
 * (console, watch) call `startRealtime`: virtual time then follows the wall clock.
 */
export class EmbeddedCluster implements Cluster {
  readonly name: string;
  private readonly store: SqliteStore;
  private readonly cp: ControlPlane;
  private readonly clock: EngineClock;
  private readonly lease: EngineLease;
  private readonly wall: () => number;
  private engineStarted = false;
  private timers: NodeJS.Timeout[] = [];
  private watchers = 0;
  private realtime = false;
  private speed = 1;
  private lastRenew = 0;
  private lastPublish = 0;
  private lastTakeoverTry = 0;
  private lastCompaction = 0;

  private constructor(opts: OpenOptions) {
    this.wall = opts.wall ?? Date.now;
    this.name = opts.db === ":memory:" ? "memory" : path.basename(opts.db).replace(/\.db$/, "");
    this.store = new SqliteStore(opts.db);
    let stored = readStoredTime(this.store);
    if (!stored) {
      // A new cluster starts at the wall clock's time, to the second.
      stored = { virtual: Math.floor(this.wall() / 1000) * 1000, wall: this.wall(), speed: 1, running: false };
      writeStoredTime(this.store, stored);
    }
    this.speed = stored.speed;
    this.clock = new EngineClock(stored.virtual, this.wall);
    this.cp = createControlPlane(this.store, this.clock, { seed: opts.seed });
    this.lease = new EngineLease(this.store, {
      holder: `${os.hostname()}/${process.pid}/${randomUUID()}`,
      host: os.hostname(),
      pid: process.pid,
      wall: this.wall,
      isAlive: processAlive,
    });
    this.store.transaction(() => {
      if (this.store.count("namespaces") === 0) bootstrapCluster(this.cp.api, this.clock.now(), opts.bootstrap);
    });
  }

  static open(opts: OpenOptions): EmbeddedCluster {
    return new EmbeddedCluster(opts);
  }

  now(): number {
    if (this.engineStarted) return this.clock.now();
    const stored = readStoredTime(this.store);
    if (!stored) return this.clock.now();
    const holder = this.lease.current();
    const leaderAlive = holder !== undefined && this.wall() <= holder.renewTime + holder.durationMs && processAlive(holder);
    return leaderAlive ? observedNow(stored, this.wall()) : stored.virtual;
  }

  // ---- reads and writes ----------------------------------------------------------

  // Reads first pick up other processes' commits (a cheap `PRAGMA data_version` when
  // there are none), so that what this process shows is never older than the call.
  list(resource: string, opts?: ListOptions): KubeObject[] {
    this.store.poll();
    return this.cp.api.list(resource, opts);
  }
  get(resource: string, namespace: string, name: string): KubeObject {
    this.store.poll();
    return this.cp.api.get(resource, namespace, name);
  }
  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined {
    this.store.poll();
    return this.cp.api.tryGet(resource, namespace, name);
  }
  create(obj: KubeObject, opts?: WriteOptions): KubeObject {
    this.takeEngine();
    return this.cp.api.create(obj, opts);
  }
  update(obj: KubeObject, opts?: WriteOptions): KubeObject {
    this.takeEngine();
    return this.cp.api.update(obj, opts);
  }
  patch(resource: string, namespace: string, name: string, patch: unknown, type: PatchType, opts?: WriteOptions): KubeObject {
    this.takeEngine();
    return this.cp.api.patch(resource, namespace, name, patch, type, opts);
  }
  delete(resource: string, namespace: string, name: string, opts?: DeleteOptions): KubeObject | undefined {
    this.takeEngine();
    return this.cp.api.delete(resource, namespace, name, opts);
  }
  apply(obj: KubeObject, opts?: { dryRun?: boolean }): ApplyResult {
    this.takeEngine();
    return applyObject(this.cp.api, obj, opts);
  }
  logs(query: LogQuery): StoredLogLine[] {
    return this.store.readLogs(query);
  }
  resourceVersion(): number {
    return this.store.currentResourceVersion();
  }

  exec(namespace: string, pod: string, container: string | undefined, argv: string[], opts?: { stdin?: string }): ExecResult {
    // The live container when this process runs the kubelets; a replica otherwise (kubelet/exec.ts).
    if (this.takeEngine()) this.cp.engine.settle();
    return this.cp.kubelet.exec.exec(namespace, pod, container, argv, opts);
  }
  openShell(namespace: string, pod: string, container: string | undefined): ShellSession {
    if (this.takeEngine()) this.cp.engine.settle();
    return this.cp.kubelet.exec.openShell(namespace, pod, container);
  }
  podMetrics(opts?: { namespace?: string }): PodMetrics[] {
    return this.cp.kubelet.metrics.podMetrics(opts);
  }
  nodeMetrics(): NodeMetrics[] {
    return this.cp.kubelet.metrics.nodeMetrics();
  }
  evict(namespace: string, name: string, opts?: EvictOptions): void {
    this.takeEngine();
    this.cp.api.evict(namespace, name, opts);
  }
  drain(target: DrainTarget, opts: DrainOptions, onProgress: (event: DrainEvent) => void): DrainHandle {
    this.takeEngine();
    return drainCluster(this, target, opts, onProgress);
  }
  explainSchedule(namespace: string, pod: string): ScheduleExplanation {
    this.store.poll();
    return explainPodSchedule(this.cp.api, namespace, pod);
  }

  watch(resource: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void): () => void {
    const stop = this.cp.api.watch(resource, opts, onEvent);
    // Without a ticking engine nothing would pick up other processes' commits.
    this.watchers++;
    let poller: NodeJS.Timeout | undefined;
    if (!this.realtime) {
      poller = setInterval(() => this.store.poll(), FOLLOWER_POLL_MS);
      this.timers.push(poller);
    }
    return () => {
      stop();
      this.watchers--;
      if (poller) {
        clearInterval(poller);
        this.timers = this.timers.filter((t) => t !== poller);
      }
    };
  }

  // ---- the engine ----------------------------------------------------------------

  settle(): void {
    if (this.takeEngine()) this.cp.engine.tick();
  }

  async advance(ms: number): Promise<void> {
    if (this.takeEngine()) {
      this.advanceHere(ms);
      return;
    }
    await this.askLeaderToAdvance(ms);
  }

  private advanceHere(ms: number): void {
    const wasRunning = this.clock.isRunning;
    this.clock.pause();
    this.cp.engine.advance(ms, () => this.renewIfDue());
    if (wasRunning) this.clock.resume();
    this.publishTime();
  }

  /**
   * Hands an advance to the process running the engine through the store: one request
   * at a time (compare-and-set on an empty slot), answered by the leader's next tick.
   */
  private async askLeaderToAdvance(ms: number): Promise<void> {
    const id = `${os.hostname()}/${process.pid}/${randomUUID()}`;
    const request = JSON.stringify({ id, ms });
    const deadline = this.wall() + ADVANCE_REQUEST_TIMEOUT_MS;
    // The slot is free when absent or emptied ("") by the leader after serving a request.
    const claim = (): boolean => {
      const current = this.store.getMeta(ADVANCE_REQUEST);
      return !current && this.store.compareAndSetMeta(ADVANCE_REQUEST, current, request);
    };
    while (!claim()) {
      if (this.wall() > deadline) throw new Error(this.notLeaderMessage("advance time") + " (it did not answer)");
      await sleep(FOLLOWER_POLL_MS);
    }
    while (this.store.getMeta(ADVANCE_DONE) !== id) {
      if (this.wall() > deadline) throw new Error(this.notLeaderMessage("advance time") + " (it did not answer)");
      if (this.takeEngine()) {
        // The leader went away while we waited: do it here.
        this.store.compareAndSetMeta(ADVANCE_REQUEST, request, "");
        this.advanceHere(ms);
        return;
      }
      await sleep(FOLLOWER_POLL_MS);
    }
    this.store.poll();
  }

  /** The leader's side of askLeaderToAdvance. */
  private serveAdvanceRequest(): void {
    const raw = this.store.getMeta(ADVANCE_REQUEST);
    if (!raw) return;
    const req = JSON.parse(raw) as { id: string; ms: number };
    this.advanceHere(req.ms);
    this.store.transaction(() => {
      this.store.setMeta(ADVANCE_DONE, req.id);
      this.store.setMeta(ADVANCE_REQUEST, "");
    });
  }

  async waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (!this.realtime && this.takeEngine()) {
      const held = this.cp.engine.advanceUntil(done, timeoutMs, () => this.renewIfDue());
      this.publishTime();
      return held;
    }
    const deadline = this.now() + timeoutMs;
    while (!done()) {
      if (this.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, FOLLOWER_POLL_MS));
      if (!this.realtime) this.store.poll();
    }
    return true;
  }

  engineStatus(): EngineStatus {
    const rec = this.lease.current();
    const stored = readStoredTime(this.store);
    const alive = rec !== undefined && this.wall() <= rec.renewTime + rec.durationMs && processAlive(rec);
    return {
      leader: this.engineStarted,
      ...(alive && !this.engineStarted ? { holder: { pid: rec.pid, host: rec.host } } : {}),
      running: this.engineStarted ? this.clock.isRunning : alive && (stored?.running ?? false),
      speed: this.engineStarted ? this.clock.speed : (stored?.speed ?? 1),
    };
  }

  engineFailures(): readonly ReconcileFailure[] {
    return this.cp.engine.failures;
  }

  startRealtime(opts: { speed?: number } = {}): void {
    if (this.realtime) return;
    this.realtime = true;
    if (opts.speed !== undefined) this.speed = opts.speed;
    // Already running the engine (a command that wrote first): let time run now.
    if (this.engineStarted) this.runClock();
    const timer = setInterval(() => this.realtimeTick(), TICK_MS);
    this.timers.push(timer);
    this.realtimeTick();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    if (!this.engineStarted) return;
    this.clock.setSpeed(speed);
    if (speed === 0) this.clock.pause();
    else this.clock.resume();
    this.publishTime();
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.engineStarted) {
      this.clock.pause();
      this.publishTime();
      this.store.compact(KEEP_REVISIONS);
      this.cp.engine.stop();
      this.lease.release();
      this.engineStarted = false;
    }
    this.store.close();
  }

  // ---- internals -----------------------------------------------------------------

  private realtimeTick(): void {
    const now = this.wall();
    if (!this.engineStarted) {
      this.store.poll();
      if (now - this.lastTakeoverTry >= TAKEOVER_MS) {
        this.lastTakeoverTry = now;
        if (this.takeEngine()) this.runClock();
      }
      return;
    }
    if (!this.renewIfDue()) return;
    this.serveAdvanceRequest();
    // Execs run by other kdeck processes changed files in containers this one runs.
    this.cp.kubelet.pollExecJournal();
    this.cp.engine.tick();
    if (now - this.lastPublish >= PUBLISH_TIME_MS) this.publishTime();
    if (now - this.lastCompaction >= COMPACT_EVERY_MS) {
      this.lastCompaction = now;
      this.store.compact(KEEP_REVISIONS);
    }
  }

  /** Real-time mode with the engine here: virtual time follows the wall clock at the chosen speed. */
  private runClock(): void {
    this.clock.setSpeed(this.speed);
    if (this.speed > 0) this.clock.resume();
    else this.clock.pause();
  }

  /** Takes the engine lease if it is free and starts the controllers here. */
  private takeEngine(): boolean {
    if (this.engineStarted) return true;
    if (!this.lease.tryAcquire()) return false;
    this.lastRenew = this.wall();
    // Continue from where the last leader left virtual time.
    this.store.poll();
    const stored = readStoredTime(this.store);
    if (stored) this.clock.set(stored.virtual);
    this.cp.engine.start();
    this.engineStarted = true;
    return true;
  }

  private renewIfDue(): boolean {
    if (!this.engineStarted) return false;
    const now = this.wall();
    if (now - this.lastRenew < RENEW_MS) return true;
    this.lastRenew = now;
    if (this.lease.renew()) return true;
    // Another process took over (this one stalled past the lease): stop reconciling.
    this.cp.engine.stop();
    this.engineStarted = false;
    this.clock.pause();
    return false;
  }

  private publishTime(): void {
    if (!this.engineStarted) return;
    this.lastPublish = this.wall();
    writeStoredTime(this.store, { virtual: this.clock.now(), wall: this.wall(), speed: this.clock.speed, running: this.clock.isRunning });
  }

  private notLeaderMessage(action: string): string {
    const rec = this.lease.current();
    const who = rec ? `process ${rec.pid} on ${rec.host}` : "another process";
    return `cannot ${action}: the cluster's engine runs in ${who} (a kdeck console or watch); do it there, or stop that process first`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A lease holder on this host is alive if its process exists; on another host, trust the lease's expiry. */
function processAlive(rec: LeaseRecord): boolean {
  if (rec.host !== os.hostname()) return true;
  if (rec.pid === process.pid) return true;
  try {
    process.kill(rec.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
