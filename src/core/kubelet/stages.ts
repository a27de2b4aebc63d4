/**
 * The simulated kubelet's lifecycle as data, in the manner of kwok's stages: each row
 * says from which state, under which guards, after which delay, a pod or container
 * moves to which next state, and names the effect that runs (pod-worker-effects.ts,
 * effects-*.ts). The pod worker (pod-worker.ts) only evaluates this table; image
 * pulls, probes, back-off, hooks and graceful termination are rows and guards here.
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
  /** Pulling an image the node does not have (the runtime says how long for its size). */
  pull: { delayMs: 2000, jitter: 0.3 },
  /** `imagePullPolicy: Always` on an image the node has: only the manifest is fetched. */
  repull: { delayMs: 500, jitter: 0.4 },
  /** Creating the container from its image. */
  create: { delayMs: 150, jitter: 0.3 },
  /** Starting the created container. */
  start: { delayMs: 200, jitter: 0.3 },
  /** The next pod sync after a container exits (PLEG's relist), when it is started again. */
  restart: { delayMs: 500, jitter: 0.5 },
  /** The kubelet retries a container it could not start (ErrImageNeverPull) on a later sync. */
  retry: { delayMs: 10_000, jitter: 0 },
  /** The pod worker's back-off after a failed sync (10 s, jitter 0.5 in the kubelet). */
  resync: { delayMs: 10_000, jitter: 0.5 },
  /** Volumes that could not be mounted are retried. */
  mountRetry: { delayMs: 2_000, jitter: 0.5 },
  /**
   * A changed ConfigMap or Secret reaches the files of the volumes that mount it. In the
   * kubelet this waits for the pod's next periodic sync (syncFrequency, 1 min) once the
   * watch-based cache has the new object, so anywhere from 0 to about 60 s; a fixed 30 s,
   * the middle of that window, keeps it deterministic and still visibly "not at once".
   */
  volumeRefresh: { delayMs: 30_000, jitter: 0 },
} as const satisfies Record<string, StageTiming>;

export type TimingName = keyof typeof TIMINGS;

/**
 * How long a row waits, measured from when the pod or container entered its `from` state:
 * - a timing name: that timing, with jitter (`pull`: the image's own pull time);
 * - `immediate`: at once (when the row's guards first hold);
 * - `process`: the container's process next does something (a step of its script, a log flush);
 * - `exit`: when the container's process ended by itself;
 * - `probe`: the row's probe is next due (initialDelaySeconds, then every periodSeconds);
 * - `hook`: the preStop hook has finished;
 * - `backOff`: the container's CrashLoopBackOff window ends;
 * - `gracePeriod`: the termination grace period ends (the deletion's, or the kill's).
 */
export type StageDelay = TimingName | "immediate" | "process" | "exit" | "probe" | "hook" | "backOff" | "gracePeriod";

/** Where a pod is on its node, as far as the kubelet is concerned (from its status). */
export type PodStageState =
  /** Bound to the node; the kubelet has not reported any status yet. */
  | "New"
  /** Accepted: startTime, hostIP and waiting container statuses reported. */
  | "Accepted"
  /** Its volumes are mounted. */
  | "Mounted"
  /** Sandbox ready (PodReadyToStartContainers): containers may start. */
  | "SandboxReady"
  /** Succeeded or Failed: its sandbox is gone and its IP released. */
  | "Finished";

/**
 * Where a container is. `Waiting`, `Running` and `Exited` show in its status; the
 * waiting reasons show as states of their own (`PullError` is ErrImagePull,
 * `PullBackOff` ImagePullBackOff, `ConfigError` CreateContainerConfigError, `BackOff`
 * CrashLoopBackOff); `Pulling`, `Pulled`, `Created`, `PreStop` and `Stopping` (SIGTERM
 * sent) are the kubelet's own steps, visible only through events.
 */
export type ContainerStageState =
  | "Waiting"
  | "Pulling"
  | "Pulled"
  | "Created"
  | "Running"
  | "PreStop"
  | "Stopping"
  | "Exited"
  | "ImageNeverPull"
  | "PullError"
  | "PullBackOff"
  | "ConfigError"
  | "BackOff";

/** Conditions rows depend on. The pod worker evaluates them; the table only names them. */
export type PodGuard = "deleting" | "notDeleting" | "containersFinished" | "noContainerRunning" | "volumesPresent" | "volumesMissing";
export type ContainerGuard =
  | "mayStart"
  | "imagePresent"
  | "imageMissing"
  | "imageNeverPulled"
  | "pullInBackOff"
  | "pullNotInBackOff"
  | "imageExists"
  | "imageNotFound"
  | "configPresent"
  | "configMissing"
  | "processAwake"
  | "exitsByItself"
  | "restarts"
  | "inBackOff"
  | "notInBackOff"
  | "startupPending"
  | "started"
  | "hasLiveness"
  | "hasReadiness"
  | "unhealthy"
  | "specChanged"
  | "hasPreStop"
  | "noPreStop"
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

/** The pod's own steps: accept, mount its volumes, create its sandbox, finish, and go when deleted. */
export const POD_STAGES: readonly PodStage[] = [
  { name: "accept", from: "New", when: ["notDeleting"], delay: "immediate", to: "Accepted" },
  { name: "mount", from: "Accepted", when: ["notDeleting", "volumesPresent"], delay: "immediate", to: "Mounted" },
  { name: "mountFailed", from: "Accepted", when: ["notDeleting", "volumesMissing"], delay: "mountRetry", to: "Accepted" },
  { name: "sandbox", from: "Mounted", when: ["notDeleting"], delay: "sandbox", to: "SandboxReady" },
  { name: "finish", from: "SandboxReady", when: ["notDeleting", "containersFinished"], delay: "immediate", to: "Finished" },
  // Deleted before any container ran, or once every container has stopped: the kubelet
  // confirms the deletion with a grace period of 0.
  { name: "remove", from: "New", when: ["deleting"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "Accepted", when: ["deleting", "noContainerRunning"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "Mounted", when: ["deleting", "noContainerRunning"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "SandboxReady", when: ["deleting", "noContainerRunning"], delay: "immediate", to: "Finished" },
  { name: "remove", from: "Finished", when: ["deleting"], delay: "immediate", to: "Finished" },
];

/** Rows every state of a container that waits to be (re)started shares: a changed image starts over. */
const REDEFINE_FROM: readonly ContainerStageState[] = ["ImageNeverPull", "PullError", "PullBackOff", "ConfigError", "BackOff"];

/**
 * A container's steps. When several rows apply, the one due first fires (ties: table order),
 * so a pod deletion's `kill` races a process's own `exited`, as it does on a real node.
 */
export const CONTAINER_STAGES: readonly ContainerStage[] = [
  // Image: present, pulled, or failing with back-off (IfNotPresent/Always/Never).
  { name: "present", from: "Waiting", when: ["mayStart", "imagePresent"], delay: "immediate", to: "Pulled" },
  { name: "neverPull", from: "Waiting", when: ["mayStart", "imageNeverPulled"], delay: "immediate", to: "ImageNeverPull" },
  { name: "pullBackOff", from: "Waiting", when: ["mayStart", "imageMissing", "pullInBackOff"], delay: "immediate", to: "PullBackOff" },
  { name: "pulling", from: "Waiting", when: ["mayStart", "imageMissing", "pullNotInBackOff"], delay: "immediate", to: "Pulling" },
  { name: "pulled", from: "Pulling", when: ["notDeleting", "imageExists"], delay: "pull", to: "Pulled" },
  { name: "pullFailed", from: "Pulling", when: ["notDeleting", "imageNotFound"], delay: "pull", to: "PullError" },
  // Create (its environment resolved) and start.
  { name: "created", from: "Pulled", when: ["notDeleting", "configPresent"], delay: "create", to: "Created" },
  { name: "configError", from: "Pulled", when: ["notDeleting", "configMissing"], delay: "create", to: "ConfigError" },
  { name: "started", from: "Created", when: ["notDeleting"], delay: "start", to: "Running" },
  // Running: the probes, the process's own steps, its exit. At the same instant a probe
  // comes first: it sees the files as they were just before (the liveness-exec pod's
  // probe at 30 s still finds /tmp/healthy, as in the docs).
  { name: "startupProbe", from: "Running", when: ["notDeleting", "startupPending"], delay: "probe", to: "Running" },
  { name: "livenessProbe", from: "Running", when: ["notDeleting", "started", "hasLiveness"], delay: "probe", to: "Running" },
  { name: "readinessProbe", from: "Running", when: ["notDeleting", "started", "hasReadiness"], delay: "probe", to: "Running" },
  { name: "step", from: "Running", when: ["processAwake"], delay: "process", to: "Running" },
  { name: "exited", from: "Running", when: ["exitsByItself"], delay: "exit", to: "Exited" },
  // Stopping: a failed liveness or startup probe, a changed image, or the pod's deletion.
  // preStop first, then SIGTERM; SIGKILL when the grace period ends.
  { name: "unhealthy", from: "Running", when: ["notDeleting", "unhealthy", "hasPreStop"], delay: "immediate", to: "PreStop" },
  { name: "unhealthy", from: "Running", when: ["notDeleting", "unhealthy", "noPreStop"], delay: "immediate", to: "Stopping" },
  { name: "redefined", from: "Running", when: ["notDeleting", "specChanged", "hasPreStop"], delay: "immediate", to: "PreStop" },
  { name: "redefined", from: "Running", when: ["notDeleting", "specChanged", "noPreStop"], delay: "immediate", to: "Stopping" },
  { name: "kill", from: "Running", when: ["deleting", "hasPreStop"], delay: "immediate", to: "PreStop" },
  { name: "kill", from: "Running", when: ["deleting", "noPreStop"], delay: "immediate", to: "Stopping" },
  { name: "step", from: "PreStop", when: ["processAwake"], delay: "process", to: "PreStop" },
  { name: "exited", from: "PreStop", when: ["exitsByItself"], delay: "exit", to: "Exited" },
  { name: "preStopDone", from: "PreStop", delay: "hook", to: "Stopping" },
  { name: "killed", from: "PreStop", delay: "gracePeriod", to: "Exited" },
  { name: "step", from: "Stopping", when: ["processAwake"], delay: "process", to: "Stopping" },
  { name: "exited", from: "Stopping", when: ["exitsByItself"], delay: "exit", to: "Exited" },
  { name: "killed", from: "Stopping", delay: "gracePeriod", to: "Exited" },
  // restartPolicy, with CrashLoopBackOff: 10 s doubling to 5 min, reset after 10 min running.
  { name: "restart", from: "Exited", when: ["notDeleting", "restarts", "notInBackOff"], delay: "restart", to: "Waiting" },
  { name: "backOff", from: "Exited", when: ["notDeleting", "restarts", "inBackOff"], delay: "restart", to: "BackOff" },
  { name: "backOffDone", from: "BackOff", when: ["notDeleting"], delay: "backOff", to: "Waiting" },
  { name: "backOffResync", from: "BackOff", when: ["notDeleting"], delay: "resync", to: "BackOff" },
  // Waiting states the kubelet retries on its next sync.
  { name: "retry", from: "ImageNeverPull", when: ["notDeleting"], delay: "retry", to: "Waiting" },
  { name: "retry", from: "PullError", when: ["notDeleting"], delay: "resync", to: "Waiting" },
  { name: "retry", from: "PullBackOff", when: ["notDeleting"], delay: "resync", to: "Waiting" },
  { name: "retry", from: "ConfigError", when: ["notDeleting"], delay: "resync", to: "Waiting" },
  ...REDEFINE_FROM.map((from): ContainerStage => ({ name: "respec", from, when: ["notDeleting", "specChanged"], delay: "immediate", to: "Waiting" })),
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
 * A container's output reaches its log in flushes on this grid of virtual time: a burst
 * of lines (a server's startup) is one write, not one per line. Lines keep their own times.
 */
export const LOG_FLUSH_MS = 1000;

/** CrashLoopBackOff: the kubelet's back-off starts at 10 s, doubles, and stops at 5 min. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
