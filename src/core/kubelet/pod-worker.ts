import type { ContainerStatus, Node, Pod, PodStatus } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EventRecorder, LogSink } from "../engine/context.js";
import type { Rng } from "../engine/rand.js";
import type { LogLine } from "../store.js";
import { objectKey } from "../engine/reconciler.js";
import type { ContainerMemo } from "./container-memo.js";
import { containerGuard, podGuard } from "./guards.js";
import { imageName } from "./images.js";
import type { NodeImageCache } from "./node-images.js";
import type { PodIPAllocator } from "./pod-ips.js";
import { podConditions, podPhase, qosClassOf } from "./pod-status.js";
import { CONTAINER_EFFECTS, flushLogs, POD_EFFECTS } from "./pod-worker-effects.js";
import { rebuildContainers } from "./rebuild.js";
import { finishedAt } from "./effects-container.js";
import type { ContainerRuntime } from "./runtime.js";
import {
  CONTAINER_STAGES,
  onTick,
  POD_STAGES,
  TIMINGS,
  type ContainerStage,
  type PodStage,
  type PodStageState,
  type StageTiming,
} from "./stages.js";
import type { ExecJournal } from "./exec-journal.js";
import { PodVolumes } from "./volumes.js";

export type { ContainerMemo } from "./container-memo.js";

/** What the pod worker needs from the rest of the kubelet. */
export interface PodWorkerDeps {
  api: Api;
  events: EventRecorder;
  logs: LogSink;
  runtime: ContainerRuntime;
  images: NodeImageCache;
  ips: PodIPAllocator;
  journal?: ExecJournal;
}

/** What one sync decided. */
export interface SyncResult {
  /** The pod's new status, when it changed. */
  status?: PodStatus;
  /** The kubelet confirms the pod's deletion (a delete with grace period 0). */
  remove: boolean;
  /** Virtual time of the next scheduled transition. */
  nextDue?: number;
  /** Nothing more happens to this pod unless it changes. */
  idle: boolean;
}

/** One sync's working state: the pod as read, and the status being built. */
export interface PodSync {
  readonly obj: KubeObject;
  readonly pod: Pod;
  readonly node: Node;
  readonly key: string;
  readonly deleting: boolean;
  readonly draft: PodStatus;
  /** Set by every change to `draft` other than phase and conditions. */
  touched: boolean;
  remove: boolean;
  /** The time of the transition being applied (or `now` before the first): immediate rows follow it. */
  cursor: number;
  /** Guards that read the API (ConfigMaps, Secrets), cached for the sync. */
  readonly cache: Map<string, unknown>;
  /** Log lines to write at the end of the sync. */
  readonly lines: LogLine[];
}

type Transition = { due: number; row: PodStage | ContainerStage; apply: (at: number) => void };

const MAX_STEPS_PER_SYNC = 10_000;
const ROWS_FROM = groupBy(CONTAINER_STAGES);
const POD_ROWS_FROM = groupBy(POD_STAGES);
/** Rows that only the process's own end makes due: found after the processes have run. */
const PROCESS_DRIVEN = new Set(["exit"]);

/**
 * The kubelet's worker for one pod. Each sync evaluates the stage table against the pod
 * as stored and the clock, runs the containers' processes forward to each transition in
 * turn, applies every transition that is due, and says when the next one is. All it
 * keeps in memory can be rebuilt from the pod's status (and a replay of its processes):
 * a new worker for a pod that is already running picks up from there.
 */
export class PodWorker {
  readonly uid: string;
  state: PodStageState;
  since: number;
  private readonly dues = new Map<string, number>();
  readonly containers: ContainerMemo[];
  readonly volumes: PodVolumes;
  /** When the ConfigMap and Secret volumes are next re-read, after one of them changed. */
  volumeRefreshAt: number | undefined;

  constructor(
    pod: Pod,
    now: number,
    readonly rng: Rng,
    readonly deps: PodWorkerDeps,
  ) {
    this.uid = pod.metadata?.uid ?? "";
    const status = pod.status ?? {};
    const sandbox = status.conditions?.find((c) => c.type === "PodReadyToStartContainers");
    if (!status.startTime) this.state = "New";
    else if (status.phase === "Succeeded" || status.phase === "Failed") this.state = "Finished";
    else if (sandbox?.status === "True" && status.podIP) this.state = "SandboxReady";
    else this.state = "Accepted";
    this.since = now;
    this.volumes = new PodVolumes(pod);
    this.containers = rebuildContainers(this, pod, now);
  }

  /** Applies every transition due at `now`; returns the status to write and when to come back. */
  sync(obj: KubeObject, node: Node, now: number): SyncResult {
    const pod = asKind<Pod>(obj);
    const status = pod.status ?? {};
    const run: PodSync = {
      obj,
      pod,
      node,
      key: objectKey(pod.metadata?.namespace, pod.metadata?.name ?? ""),
      deleting: !!pod.metadata?.deletionTimestamp,
      draft: {
        ...status,
        ...(status.initContainerStatuses ? { initContainerStatuses: [...status.initContainerStatuses] } : {}),
        ...(status.containerStatuses ? { containerStatuses: [...status.containerStatuses] } : {}),
      },
      touched: false,
      remove: false,
      cursor: now,
      cache: new Map(),
      lines: [],
    };
    let nextDue: number | undefined;
    for (let step = 0; ; step++) {
      // Processes run up to the next kubelet action, so a probe sees the files as of then.
      const timed = this.nextTransition(run, now, true);
      if (this.refreshVolumesBefore(timed?.due, now)) continue;
      const bounded = timed !== undefined && timed.due <= now;
      this.advanceProcesses(bounded ? timed.due : now, !bounded);
      const next = this.nextTransition(run, now, false);
      if (!next || next.due > now) {
        nextDue = next?.due;
        break;
      }
      if (step >= MAX_STEPS_PER_SYNC) throw new Error(`kubelet: pod ${run.key} did not settle (stage ${next.row.name} keeps firing)`);
      run.cursor = next.due;
      next.apply(next.due);
      // The pod is gone once the kubelet confirms its deletion: nothing follows.
      if (run.remove) break;
    }
    if (this.state === "Finished") this.volumeRefreshAt = undefined;
    if (this.volumeRefreshAt !== undefined && (nextDue === undefined || this.volumeRefreshAt < nextDue)) nextDue = this.volumeRefreshAt;
    flushLogs(this, run);
    // Only a pod the kubelet accepted gets a status from it; one deleted before that just goes.
    if (run.draft.startTime) this.finalize(run, now);
    // Effects that change status say so; otherwise only phase and conditions can have moved.
    const changed =
      !!run.draft.startTime &&
      (run.touched ||
        run.draft.phase !== status.phase ||
        run.draft.qosClass !== status.qosClass ||
        JSON.stringify(run.draft.conditions) !== JSON.stringify(status.conditions));
    return {
      ...(changed ? { status: run.draft } : {}),
      remove: run.remove,
      ...(nextDue !== undefined ? { nextDue } : {}),
      idle: this.state === "Finished" && nextDue === undefined,
    };
  }

  /** The container's status in the status being built. */
  statusOf(run: PodSync, c: ContainerMemo): ContainerStatus | undefined {
    const list = c.init ? run.draft.initContainerStatuses : run.draft.containerStatuses;
    return list?.find((s) => s.name === c.spec.name);
  }

  setStatus(run: PodSync, c: ContainerMemo, cs: ContainerStatus): void {
    run.touched = true;
    const field = c.init ? "initContainerStatuses" : "containerStatuses";
    const list = run.draft[field] ?? [];
    const i = list.findIndex((s) => s.name === c.spec.name);
    run.draft[field] = i >= 0 ? list.map((s, j) => (j === i ? cs : s)) : [...list, cs];
  }

  /** Draws a delay from a timing, with its jitter. */
  draw(timing: StageTiming): number {
    return Math.round(timing.jitter > 0 ? this.rng.jitter(timing.delayMs, timing.jitter) : timing.delayMs);
  }

  /**
   * A ConfigMap or Secret the pod's volumes read changed: unless an update is pending
   * already, the files are re-read {@link TIMINGS.volumeRefresh} from now. Env vars keep
   * what the container started with.
   */
  volumesChanged(now: number): void {
    if (this.volumeRefreshAt !== undefined || this.state === "Finished") return;
    if (this.volumes.stale(this.deps.api)) this.volumeRefreshAt = onTick(now + TIMINGS.volumeRefresh.delayMs);
  }

  /** Applies a volume update due by `now` and not after the next transition, with the processes run up to it. */
  private refreshVolumesBefore(due: number | undefined, now: number): boolean {
    const at = this.volumeRefreshAt;
    if (at === undefined || at > now || (due !== undefined && due < at)) return false;
    this.advanceProcesses(at, false);
    this.volumes.refresh(this.deps.api);
    this.volumeRefreshAt = undefined;
    return true;
  }

  /** Moves every live process forward to `t`, together and in time order (they share emptyDir volumes). */
  advanceProcesses(t: number, inclusive: boolean): void {
    for (;;) {
      let first: ContainerMemo | undefined;
      let at = Infinity;
      for (const c of this.containers) {
        const p = c.process;
        if (!p || p.exit) continue;
        const e = p.nextEvent();
        if (e < at) {
          at = e;
          first = c;
        }
      }
      if (!first || (inclusive ? at > t : at >= t)) break;
      first.process!.advance(at, true);
    }
    for (const c of this.containers) if (c.process && !c.process.exit) c.process.advance(t, inclusive);
  }

  /** The earliest row that applies, over the pod's rows and every container's (ties: containers in order, then the pod). */
  private nextTransition(run: PodSync, now: number, timedOnly: boolean): Transition | undefined {
    let best: Transition | undefined;
    const consider = (due: number, row: PodStage | ContainerStage, apply: (at: number) => void) => {
      if (!best || due < best.due) best = { due, row, apply };
    };
    if (this.state !== "New" && this.state !== "Finished") {
      for (const c of this.containers) {
        for (const row of ROWS_FROM.get(c.state) ?? []) {
          if (timedOnly && PROCESS_DRIVEN.has(row.delay)) continue;
          if (!(row.when ?? []).every((g) => containerGuard(this, g, c, run))) continue;
          const due = this.containerDue(row, c, run, now);
          if (due === undefined) continue;
          consider(due, row, (at) => {
            const moved = CONTAINER_EFFECTS[row.name]?.(this, c, run, at) ?? true;
            if (moved && row.to === c.state) {
              c.dues.delete(row.name);
              // A timed row that stays in its state (a periodic resync) comes back a period later.
              if (row.delay in TIMINGS) c.dues.set(row.name, onTick(at + this.draw(TIMINGS[row.delay as keyof typeof TIMINGS])));
            } else this.enter(c, moved ? row.to : c.state, at);
          });
        }
      }
    }
    for (const row of POD_ROWS_FROM.get(this.state) ?? []) {
      if (!(row.when ?? []).every((g) => podGuard(this, g, run))) continue;
      const due = row.delay === "immediate" ? Math.max(this.since, run.cursor) : this.timedDue(this.dues, row.name, this.since, TIMINGS[row.delay]);
      consider(due, row, (at) => {
        const moved = POD_EFFECTS[row.name]?.(this, run, at) ?? true;
        this.since = at;
        this.dues.clear();
        if (moved) this.state = row.to;
      });
    }
    return best;
  }

  /** Moves a container to `state` (or back into it, after an effect that did not happen): its delays start over. */
  enter(c: ContainerMemo, state: ContainerMemo["state"], at: number): void {
    c.state = state;
    c.since = at;
    c.dues.clear();
  }

  private containerDue(row: ContainerStage, c: ContainerMemo, run: PodSync, now: number): number | undefined {
    switch (row.delay) {
      case "immediate":
        return Math.max(c.since, run.cursor);
      case "process": {
        const w = c.process?.wakeAt;
        return w === undefined ? undefined : Math.max(onTick(w), c.since);
      }
      case "exit":
        return c.process?.exit?.at;
      case "probe": {
        const kind = row.name === "startupProbe" ? "startup" : row.name === "livenessProbe" ? "liveness" : "readiness";
        return c.probes.find((p) => p.kind === kind)?.nextAt;
      }
      case "hook":
        return c.hookDoneAt;
      case "backOff": {
        return onTick(Math.max(c.since, finishedAt(this, c, run, c.since) + (c.backoff?.ms ?? 0)));
      }
      case "gracePeriod": {
        const deletion = run.deleting ? parseTime(run.pod.metadata?.deletionTimestamp) : Infinity;
        const due = Math.min(c.killAt ?? Infinity, Number.isNaN(deletion) ? now : deletion);
        return Number.isFinite(due) ? Math.max(due, c.since) : undefined;
      }
      case "pull":
        return this.timedDue(c.dues, row.name, c.since, this.pullTiming(c, run));
      default:
        return this.timedDue(c.dues, row.name, c.since, TIMINGS[row.delay]);
    }
  }

  private timedDue(dues: Map<string, number>, name: string, since: number, timing: StageTiming): number {
    let due = dues.get(name);
    if (due === undefined) {
      due = onTick(since + this.draw(timing));
      dues.set(name, due);
    }
    return due;
  }

  /** A full pull (the image's size at the registry's speed), or only a manifest check for `Always` on an image the node has. */
  private pullTiming(c: ContainerMemo, run: PodSync): StageTiming {
    if (this.deps.images.has(run.node.metadata?.name ?? "", imageName(c.ref))) return TIMINGS.repull;
    return { delayMs: this.deps.runtime.image(c.ref).pullMs, jitter: TIMINGS.pull.jitter };
  }

  /** Phase and conditions from the container statuses built. */
  private finalize(run: PodSync, now: number): void {
    const terminal = run.remove;
    const phase = podPhase(run.pod, run.draft, terminal);
    const sandboxReady = this.state === "SandboxReady" && !terminal;
    run.draft.phase = phase;
    run.draft.conditions = podConditions(run.pod, run.draft, phase, sandboxReady, rfc3339(now));
    if (!run.draft.qosClass) run.draft.qosClass = qosClassOf(run.pod);
  }
}

function groupBy<R extends { from: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) out.set(row.from, [...(out.get(row.from) ?? []), row]);
  return out;
}
