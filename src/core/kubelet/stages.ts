/**
 * The simulated kubelet's lifecycle as data, in the manner of kwok's stages: each row
 * says from which state, under which guard, after which delay, a pod or container
 * moves to which next state. The pod worker (pod-worker.ts) only evaluates this table;
 * it holds no timings of its own. Later behaviour (probes, CrashLoopBackOff, hooks)
 * adds rows and guards here.
 */

/** A virtual delay with jitter: the delay drawn is `delayMs * (1 ± jitter)`. */
export interface StageTiming {
  readonly delayMs: number;
  /** Fraction of `delayMs`, drawn uniformly either side (0: exact). */
  readonly jitter: number;
}

/** Named timings, so a row says what it waits for rather than a number. */
export const TIMINGS = {
  /** Creating the pod sandbox (pause container, CNI): ends with the pod IP assigned. */
  sandbox: { delayMs: 800, jitter: 0.25 },
  /** Pulling an image the node does not have (a runtime may know a per-image time). */
  pull: { delayMs: 2000, jitter: 0.5 },
  /** `imagePullPolicy: Always` on an image the node has: only the manifest is fetched. */
  repull: { delayMs: 500, jitter: 0.4 },
  /** Creating the container from its image. */
  create: { delayMs: 150, jitter: 0.3 },
  /** Starting the created container. */
  start: { delayMs: 200, jitter: 0.3 },
  /** The next pod sync after a container exits, when it is started again. */
  restart: { delayMs: 500, jitter: 0.5 },
  /** A process that exits on SIGTERM takes this long to do so. */
  terminate: { delayMs: 100, jitter: 0.5 },
  /** The kubelet retries a container it could not start (ErrImageNeverPull) on a later sync. */
  retry: { delayMs: 10_000, jitter: 0 },
} as const satisfies Record<string, StageTiming>;

export type TimingName = keyof typeof TIMINGS;

/**
 * How long a row waits, measured from when the pod or container entered its `from` state:
 * - a timing name: that timing, with jitter;
 * - `immediate`: at once (when the row's guard first holds);
 * - `process`: when the container's process exits by itself (the runtime decides);
 * - `output`: when the container's process writes its next log line;
 * - `gracePeriod`: at the pod's deletionTimestamp, when the grace period ends.
 */
export type StageDelay = TimingName | "immediate" | "process" | "output" | "gracePeriod";

/** Where a pod is on its node, as far as the kubelet is concerned (from its status). */
export type PodStageState =
  /** Bound to the node; the kubelet has not reported any status yet. */
  | "New"
  /** Accepted: startTime, hostIP and waiting container statuses reported. */
  | "Accepted"
  /** Sandbox ready (PodReadyToStartContainers): containers may start. */
  | "SandboxReady"
  /** Succeeded or Failed: its sandbox is gone and its IP released. */
  | "Finished";

/**
 * Where a container is. `Waiting`, `Running` and `Exited` are visible in its status;
 * `Pulling`, `Pulled`, `Created` and `Stopping` are the kubelet's own steps in between,
 * visible only through events.
 */
export type ContainerStageState =
  | "Waiting"
  | "Pulling"
  | "Pulled"
  | "Created"
  | "Running"
  | "Stopping"
  | "Exited"
  | "ImageNeverPull";

/** Conditions rows depend on. The pod worker evaluates them; the table only names them. */
export type PodGuard = "deleting" | "notDeleting" | "containersFinished" | "noContainerRunning";
export type ContainerGuard =
  | "mayStart"
  | "imagePresent"
  | "imageMissing"
  | "imageNeverPulled"
  | "exitsByItself"
  | "hasOutput"
  | "restarts"
  | "exitsOnTerm"
  | "deleting"
  | "notDeleting";

export interface Stage<State extends string, Guard extends string> {
  /** Names the row; the pod worker's effect of the same name runs when it fires. */
  readonly name: string;
  readonly from: State;
  /** Every guard must hold for the row to apply. */
  readonly when?: readonly Guard[];
  readonly delay: StageDelay;
  readonly to: State;
}

/** Pod rows wait for a timing or nothing: processes and grace periods belong to containers. */
export type PodStage = Stage<PodStageState, PodGuard> & { readonly delay: TimingName | "immediate" };
export type ContainerStage = Stage<ContainerStageState, ContainerGuard>;

/** The pod's own steps: accept, create its sandbox, finish, and go when deleted. */
export const POD_STAGES: readonly PodStage[] = [
  { name: "accept", from: "New", when: ["notDeleting"], delay: "immediate", to: "Accepted" },
  { name: "sandbox", from: "Accepted", when: ["notDeleting"], delay: "sandbox", to: "SandboxReady" },
  { name: "finish", from: "SandboxReady", when: ["notDeleting", "containersFinished"], delay: "immediate", to: "Finished" },
  // Deleted before any container ran, or once every container has stopped: the kubelet
  // confirms the deletion with a grace period of 0.
  { name: "remove", from: "New", when: ["deleting"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "Accepted", when: ["deleting", "noContainerRunning"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "SandboxReady", when: ["deleting", "noContainerRunning"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "Finished", when: ["deleting"], delay: "immediate", to: "Finished" },
];

/**
 * A container's steps. When several rows apply, the one due first fires (ties: table order),
 * so a pod deletion's `kill` races a process's own `exit`, as it does on a real node.
 */
export const CONTAINER_STAGES: readonly ContainerStage[] = [
  // imagePullPolicy IfNotPresent/Never with the image on the node: no pull.
  { name: "present", from: "Waiting", when: ["mayStart", "imagePresent"], delay: "immediate", to: "Pulled" },
  { name: "neverPull", from: "Waiting", when: ["mayStart", "imageNeverPulled"], delay: "immediate", to: "ImageNeverPull" },
  { name: "pulling", from: "Waiting", when: ["mayStart", "imageMissing"], delay: "immediate", to: "Pulling" },
  { name: "pulled", from: "Pulling", when: ["notDeleting"], delay: "pull", to: "Pulled" },
  { name: "created", from: "Pulled", when: ["notDeleting"], delay: "create", to: "Created" },
  { name: "started", from: "Created", when: ["notDeleting"], delay: "start", to: "Running" },
  { name: "output", from: "Running", when: ["hasOutput"], delay: "output", to: "Running" },
  { name: "exited", from: "Running", when: ["exitsByItself"], delay: "process", to: "Exited" },
  { name: "restart", from: "Exited", when: ["notDeleting", "restarts"], delay: "restart", to: "Waiting" },
  { name: "retry", from: "ImageNeverPull", when: ["notDeleting"], delay: "retry", to: "Waiting" },
  // Graceful termination: SIGTERM at once, SIGKILL when the grace period ends.
  { name: "kill", from: "Running", when: ["deleting"], delay: "immediate", to: "Stopping" },
  { name: "output", from: "Stopping", when: ["hasOutput"], delay: "output", to: "Stopping" },
  { name: "exited", from: "Stopping", when: ["exitsByItself"], delay: "process", to: "Exited" },
  { name: "stopped", from: "Stopping", when: ["exitsOnTerm"], delay: "terminate", to: "Exited" },
  { name: "killed", from: "Stopping", delay: "gracePeriod", to: "Exited" },
];

/**
 * Timed transitions land on this grid of virtual time. The kubelet itself observes
 * containers in steps (PLEG relists every second), timestamps in a pod's status have
 * second precision, and a shared grid lets the engine take thousands of pods' due
 * transitions in one batch instead of one step per millisecond.
 */
export const KUBELET_TICK_MS = 100;

/** The first grid point at or after `t`. */
export function onTick(t: number): number {
  return Math.ceil(t / KUBELET_TICK_MS) * KUBELET_TICK_MS;
}

/**
 * A container's output reaches its log in flushes at most this far apart: a burst of
 * lines (a server's startup) is one write, not one per line. Lines keep their own times.
 */
export const LOG_FLUSH_MS = 1000;

/** The flush a line written `afterMs` into a process's life goes out with. */
export function flushSlot(afterMs: number): number {
  return Math.floor(afterMs / LOG_FLUSH_MS) * LOG_FLUSH_MS;
}

/** A simple program (not a server) runs this long before it exits. */
export const SIMPLE_PROGRAM_RUN_MS = 1000;
