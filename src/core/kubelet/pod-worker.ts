import type { Container, ContainerStatus, Node, Pod, PodStatus } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EventRecorder, LogSink } from "../engine/context.js";
import type { Rng } from "../engine/rand.js";
import { objectKey } from "../engine/reconciler.js";
import { imageName, parseImage, pullPolicyOf, type ImageRef } from "./images.js";
import type { NodeImageCache } from "./node-images.js";
import type { PodIPAllocator } from "./pod-ips.js";
import { isSidecar, podConditions, podPhase, qosClassOf } from "./pod-status.js";
import type { ContainerProcess, ContainerRuntime } from "./runtime.js";
import {
  CONTAINER_STAGES,
  flushSlot,
  onTick,
  POD_STAGES,
  TIMINGS,
  type ContainerGuard,
  type ContainerStage,
  type ContainerStageState,
  type PodGuard,
  type PodStage,
  type PodStageState,
  type StageTiming,
} from "./stages.js";
import { CONTAINER_EFFECTS, POD_EFFECTS } from "./pod-worker-effects.js";

/** What the pod worker needs from the rest of the kubelet. */
export interface PodWorkerDeps {
  events: EventRecorder;
  logs: LogSink;
  runtime: ContainerRuntime;
  images: NodeImageCache;
  ips: PodIPAllocator;
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

/** The kubelet's memory of one container: where it is in the stage table, and its current instance. */
export interface ContainerMemo {
  readonly spec: Container;
  readonly init: boolean;
  readonly ref: ImageRef;
  /** `spec.containers{name}`: the fieldPath of its events. */
  readonly fieldPath: string;
  state: ContainerStageState;
  /** When it entered `state`. */
  since: number;
  /** Delays drawn for the rows leaving `state`, so a row's due time is drawn once. */
  dues: Map<string, number>;
  containerID?: string;
  startedAt?: number;
  process?: ContainerProcess;
  /** Lines of `process.output` already written. */
  outputDone: number;
  /** The restart count of the running instance: its logs' instance. */
  instance: number;
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
}

const MAX_STEPS_PER_SYNC = 10_000;
const BUSY: ReadonlySet<ContainerStageState> = new Set(["Pulling", "Pulled", "Created"]);
const ALIVE: ReadonlySet<ContainerStageState> = new Set(["Running", "Stopping"]);
const ROWS_FROM = groupBy(CONTAINER_STAGES);
const POD_ROWS_FROM = groupBy(POD_STAGES);

/**
 * The kubelet's worker for one pod. Each sync evaluates the stage table against the pod
 * as stored and the clock, applies every transition that is due, and says when the
 * next one is. All it keeps in memory can be rebuilt from the pod's status: a new
 * worker for a pod that is already running picks up from there.
 */
export class PodWorker {
  readonly uid: string;
  state: PodStageState;
  since: number;
  private readonly dues = new Map<string, number>();
  readonly containers: ContainerMemo[];

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
    const memo = (spec: Container, init: boolean) => this.rebuild(pod, spec, init, now);
    this.containers = [...(pod.spec?.initContainers ?? []).map((c) => memo(c, true)), ...(pod.spec?.containers ?? []).map((c) => memo(c, false))];
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
    };
    let nextDue: number | undefined;
    for (let step = 0; ; step++) {
      const next = this.nextTransition(run, now);
      if (!next || next.due > now) {
        nextDue = next?.due;
        break;
      }
      if (step >= MAX_STEPS_PER_SYNC) throw new Error(`kubelet: pod ${run.key} did not settle (stage ${next.row.name} keeps firing)`);
      next.apply(now);
      // The pod is gone once the kubelet confirms its deletion: nothing follows.
      if (run.remove) break;
    }
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

  /** The earliest row that applies, over the pod's rows and every container's (ties: containers in order, then the pod). */
  private nextTransition(run: PodSync, now: number): { due: number; row: PodStage | ContainerStage; apply: (at: number) => void } | undefined {
    let best: { due: number; row: PodStage | ContainerStage; apply: (at: number) => void } | undefined;
    const consider = (due: number, row: PodStage | ContainerStage, apply: (at: number) => void) => {
      if (!best || due < best.due) best = { due, row, apply };
    };
    if (this.state !== "New" && this.state !== "Finished") {
      for (const c of this.containers) {
        for (const row of ROWS_FROM.get(c.state) ?? []) {
          if (!(row.when ?? []).every((g) => this.containerGuard(g, c, run))) continue;
          consider(this.containerDue(row, c, run, now), row, (at) => {
            const moved = CONTAINER_EFFECTS[row.name]?.(this, c, run, at) ?? true;
            if (moved && row.to === c.state) c.dues.delete(row.name);
            else this.enter(c, moved ? row.to : c.state, at);
          });
        }
      }
    }
    for (const row of POD_ROWS_FROM.get(this.state) ?? []) {
      if (!(row.when ?? []).every((g) => this.podGuard(g, run))) continue;
      const due = row.delay === "immediate" ? Math.max(this.since, now) : this.timedDue(this.dues, row.name, this.since, TIMINGS[row.delay]);
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
  private enter(c: ContainerMemo, state: ContainerStageState, at: number): void {
    c.state = state;
    c.since = at;
    c.dues.clear();
  }

  private containerDue(row: ContainerStage, c: ContainerMemo, run: PodSync, now: number): number {
    switch (row.delay) {
      case "immediate":
        return Math.max(c.since, now);
      case "process":
        return (c.startedAt ?? c.since) + (c.process?.exit?.afterMs ?? 0);
      case "output":
        return (c.startedAt ?? c.since) + flushSlot(c.process?.output[c.outputDone]?.afterMs ?? 0);
      case "gracePeriod":
        return parseTime(run.pod.metadata?.deletionTimestamp);
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

  /** A full pull, or only a manifest check for `Always` on an image the node has. */
  private pullTiming(c: ContainerMemo, run: PodSync): StageTiming {
    if (this.deps.images.has(run.node.metadata?.name ?? "", imageName(c.ref))) return TIMINGS.repull;
    const pullMs = this.deps.runtime.image(c.ref).pullMs;
    return pullMs !== undefined ? { delayMs: pullMs, jitter: TIMINGS.pull.jitter } : TIMINGS.pull;
  }

  private containerGuard(guard: ContainerGuard, c: ContainerMemo, run: PodSync): boolean {
    const nodeName = run.node.metadata?.name ?? "";
    switch (guard) {
      case "mayStart":
        return this.mayStart(c, run);
      case "imagePresent":
        return pullPolicyOf(c.spec) !== "Always" && this.deps.images.has(nodeName, imageName(c.ref));
      case "imageNeverPulled":
        return pullPolicyOf(c.spec) === "Never" && !this.deps.images.has(nodeName, imageName(c.ref));
      case "imageMissing": {
        const policy = pullPolicyOf(c.spec);
        return policy === "Always" || (policy === "IfNotPresent" && !this.deps.images.has(nodeName, imageName(c.ref)));
      }
      case "exitsByItself":
        return c.process?.exit !== undefined;
      case "hasOutput":
        return c.process !== undefined && c.outputDone < c.process.output.length;
      case "restarts":
        return this.restarts(c, run);
      case "exitsOnTerm":
        return c.process?.exitsOnTerm ?? true;
      case "deleting":
        return run.deleting;
      case "notDeleting":
        return !run.deleting;
    }
  }

  private podGuard(guard: PodGuard, run: PodSync): boolean {
    switch (guard) {
      case "deleting":
        return run.deleting;
      case "notDeleting":
        return !run.deleting;
      case "noContainerRunning":
        return !this.containers.some((c) => ALIVE.has(c.state));
      case "containersFinished": {
        if (this.containers.some((c) => BUSY.has(c.state) || ALIVE.has(c.state))) return false;
        const phase = podPhase(run.pod, run.draft, false);
        return phase === "Succeeded" || phase === "Failed";
      }
    }
  }

  /**
   * Whether a waiting container may start now: the sandbox is up, the init containers
   * before it completed, and no other container of the pod is being started (the
   * kubelet starts a pod's containers one after another).
   */
  private mayStart(c: ContainerMemo, run: PodSync): boolean {
    if (this.state !== "SandboxReady" || run.deleting) return false;
    const phase = podPhase(run.pod, run.draft, false);
    if (phase === "Succeeded" || phase === "Failed") return false;
    for (const other of this.containers) {
      if (other !== c && BUSY.has(other.state)) return false;
      if (other === c || !other.init) continue;
      // Init containers before this one (all of them, for a regular container) must have completed.
      if (c.init && this.containers.indexOf(other) > this.containers.indexOf(c)) continue;
      // A sidecar (restartable init container) only needs to have started.
      const s = this.statusOf(run, other);
      if (isSidecar(other.spec, other.init) ? !s?.started : !s?.ready) return false;
    }
    return true;
  }

  /** restartPolicy applied to the container's last exit (init containers that succeeded never rerun). */
  private restarts(c: ContainerMemo, run: PodSync): boolean {
    const code = this.statusOf(run, c)?.state?.terminated?.exitCode ?? 0;
    const policy = run.pod.spec?.restartPolicy ?? "Always";
    if (isSidecar(c.spec, c.init)) return true;
    if (c.init) return code !== 0 && policy !== "Never";
    return policy === "Always" || (policy === "OnFailure" && code !== 0);
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

  /** Memory for a container, from its stored status: a restarted kdeck continues where the status says. */
  private rebuild(pod: Pod, spec: Container, init: boolean, now: number): ContainerMemo {
    const list = init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses;
    const s = list?.find((x) => x.name === spec.name);
    const memo: ContainerMemo = {
      spec,
      init,
      ref: parseImage(spec.image ?? ""),
      fieldPath: `spec.${init ? "initContainers" : "containers"}{${spec.name}}`,
      state: "Waiting",
      since: now,
      dues: new Map(),
      outputDone: 0,
      instance: s?.restartCount ?? 0,
    };
    if (s?.state?.running) {
      const startedAt = parseTime(s.state.running.startedAt);
      memo.state = "Running";
      memo.since = memo.startedAt = Number.isNaN(startedAt) ? now : startedAt;
      if (s.containerID) memo.containerID = s.containerID;
      memo.process = this.deps.runtime.process({ pod, container: spec, startedAt: memo.startedAt, restartCount: memo.instance });
      // What it wrote before the restart is in the log store already.
      memo.outputDone = memo.process.output.filter((l) => memo.startedAt! + flushSlot(l.afterMs) <= now).length;
    } else if (s?.state?.terminated) {
      const finishedAt = parseTime(s.state.terminated.finishedAt);
      memo.state = "Exited";
      memo.since = Number.isNaN(finishedAt) ? now : finishedAt;
    } else if (s?.state?.waiting?.reason === "ErrImageNeverPull") {
      memo.state = "ImageNeverPull";
    }
    return memo;
  }
}

function groupBy<R extends { from: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) out.set(row.from, [...(out.get(row.from) ?? []), row]);
  return out;
}
