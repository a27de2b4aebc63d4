import type { KubeObject } from "../core/api/object.js";
import type { DeleteOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from "../core/apiserver/types.js";
import type { ReconcileFailure } from "../core/engine/engine.js";
import type { DrainEvent, DrainHandle, DrainOptions, DrainResult, DrainTarget } from "../core/drain/index.js";
import type { EvictOptions } from "../core/apiserver/types.js";
import type { LogQuery, StoredLogLine, WatchEvent } from "../core/store.js";
import type { ExecResult, NodeMetrics, PodMetrics, ShellSession } from "../core/kubelet/index.js";
import type { ScheduleExplanation } from "../core/scheduler/explain-pod.js";
import type { FilterVerdict, NodeVerdict, ScoreVerdict } from "../core/scheduler/explain.js";

export type { KubeObject, DeleteOptions, ListOptions, PatchType, WatchOptions, WriteOptions, LogQuery, StoredLogLine, WatchEvent };
export type { ExecResult, NodeMetrics, PodMetrics, ShellSession };
export type { DrainEvent, DrainHandle, DrainOptions, DrainResult, DrainTarget, EvictOptions };
export type { FilterVerdict, NodeVerdict, ScheduleExplanation, ScoreVerdict };

/** What `apply` did to one object, in kubectl's words. */
export type ApplyAction = "created" | "configured" | "unchanged";

export interface ApplyResult {
  object: KubeObject;
  action: ApplyAction;
}

export interface EngineStatus {
  /** True when this process runs the controllers, scheduler and kubelets. */
  leader: boolean;
  /** Who does, when another process holds the engine lease. */
  holder?: { pid: number; host: string };
  /** Virtual time runs with the wall clock (a console or watch holds the engine). */
  running: boolean;
  speed: number;
}

/**
 * The boundary the console and the CLI use. Its first implementation embeds the engine
 * and the SQLite store; a later one speaks the Kubernetes REST API. Nothing in
 * src/tui or src/commands reaches past it.
 */
export interface Cluster {
  /** Display name: the database file's name. */
  readonly name: string;
  /** Virtual now, epoch ms. */
  now(): number;

  list(resource: string, opts?: ListOptions): KubeObject[];
  get(resource: string, namespace: string, name: string): KubeObject;
  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined;
  create(obj: KubeObject, opts?: WriteOptions): KubeObject;
  update(obj: KubeObject, opts?: WriteOptions): KubeObject;
  patch(resource: string, namespace: string, name: string, patch: unknown, type: PatchType, opts?: WriteOptions): KubeObject;
  delete(resource: string, namespace: string, name: string, opts?: DeleteOptions): KubeObject | undefined;
  /** kubectl's client-side apply: create, or a three-way merge through the last-applied annotation. */
  apply(obj: KubeObject, opts?: { dryRun?: boolean }): ApplyResult;
  /** Changes as they commit, in this process or any other. Returns a function that stops watching. */
  watch(resource: string, opts: WatchOptions, onEvent: (ev: WatchEvent) => void): () => void;
  logs(query: LogQuery): StoredLogLine[];
  /** The newest resourceVersion, for list-then-watch. */
  resourceVersion(): number;
  /**
   * `kubectl exec`: runs argv in the container's shell interpreter and filesystem at the
   * current virtual time (the first container when `container` is undefined). Throws an
   * Error worded as kubectl words its refusal (`error: unable to upgrade connection:
   * container not found ("x")`, `error: cannot exec into a container in a completed pod;
   * current phase is Succeeded`), or the API's NotFound for a missing pod.
   */
  exec(namespace: string, pod: string, container: string | undefined, argv: string[], opts?: { stdin?: string }): ExecResult;
  /** `kubectl exec -it POD -- sh`: a shell whose variables and cwd persist between lines; file changes persist in the container. */
  openShell(namespace: string, pod: string, container: string | undefined): ShellSession;
  /** metrics.k8s.io pod metrics of running pods (one namespace, or all). */
  podMetrics(opts?: { namespace?: string }): PodMetrics[];
  /** metrics.k8s.io node metrics, with each node's allocatable CPU and memory. */
  nodeMetrics(): NodeMetrics[];
  /**
   * `kdeck explain-schedule`: every scheduler filter's verdict and every score on every
   * node for the pod, as the cluster is now (a bound pod is weighed as if pending).
   * Changes nothing. Throws the API's NotFound for a missing pod.
   */
  explainSchedule(namespace: string, pod: string): ScheduleExplanation;

  /**
   * The pods/eviction subresource: deletes the pod unless a PodDisruptionBudget forbids
   * it (TooManyRequests, "Cannot evict pod as it would violate the pod's disruption budget.").
   */
  evict(namespace: string, name: string, opts?: EvictOptions): void;
  /**
   * `kubectl drain`: cordons the nodes, then evicts their pods within their budgets,
   * reporting each kubectl line to `onProgress` as it happens. Waits run in virtual time
   * (fast-forwarded when this process runs the engine outside real-time mode, following
   * the engine otherwise). `done` rejects with NotFound for a node that does not exist.
   */
  drain(target: DrainTarget, opts: DrainOptions, onProgress: (event: DrainEvent) => void): DrainHandle;

  /** Runs the engine until nothing is due now (no-op unless this process leads). */
  settle(): void;
  /**
   * Fast-forwards virtual time. When another process runs the engine (a console or a
   * watch), it is asked to do it, and this resolves once it has.
   */
  advance(ms: number): Promise<void>;
  /**
   * Waits until `done()` holds: fast-forwarding virtual time when this process leads,
   * following the leader in real time otherwise. Resolves whether it held before the
   * (virtual) timeout.
   */
  waitFor(done: () => boolean, timeoutMs: number): Promise<boolean>;
  engineStatus(): EngineStatus;
  /** Recent reconcile failures in this process's engine. */
  engineFailures(): readonly ReconcileFailure[];
  /** Real-time mode for long-running processes (console, watch): the engine ticks, or this process follows the leader. */
  startRealtime(opts?: { speed?: number }): void;
  setSpeed(speed: number): void;
  close(): void;
}
