import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from "kubernetes-types/core/v1";
import { cpuMillis, bytes } from "../quantity.js";

/**
 * Pure functions from a pod's container statuses to what the kubelet reports about the
 * pod: its phase (the kubelet's getPhase), its conditions (status/generate.go) and
 * container statuses in each state, worded as Kubernetes 1.33 words them.
 */

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

/** An init container with restartPolicy Always runs beside the app containers: a sidecar. */
export function isSidecar(container: Container, init: boolean): boolean {
  return init && container.restartPolicy === "Always";
}

/** The waiting reason of a container that was never started. */
export function initialWaitingReason(pod: Pod): "ContainerCreating" | "PodInitializing" {
  return (pod.spec?.initContainers ?? []).length > 0 ? "PodInitializing" : "ContainerCreating";
}

/** A container the kubelet has not started (yet): keeps its restart history. */
export function waitingStatus(container: Container, reason: string, message?: string, prev?: ContainerStatus): ContainerStatus {
  return {
    name: container.name,
    state: { waiting: message ? { reason, message } : { reason } },
    lastState: prev?.state?.terminated ? { terminated: prev.state.terminated } : (prev?.lastState ?? {}),
    ready: false,
    restartCount: prev?.restartCount ?? 0,
    image: prev?.image ?? container.image ?? "",
    imageID: prev?.imageID ?? "",
    ...(prev?.containerID ? { containerID: prev.containerID } : {}),
    started: false,
  };
}

/**
 * A started container. A restart moves the previous termination to lastState and counts
 * it. `ready` and `started` come from the probes (without a readiness probe a started
 * container is ready; an init container is ready only once it completed).
 */
export function runningStatus(
  prev: ContainerStatus | undefined,
  container: Container,
  image: string,
  imageID: string,
  containerID: string,
  startedAt: string,
  flags: { ready: boolean; started: boolean },
): ContainerStatus {
  const previous = prev?.state?.terminated ?? prev?.lastState?.terminated;
  const counted = !!prev?.state?.terminated || (!!prev?.state?.waiting && !!prev.lastState?.terminated);
  return {
    name: container.name,
    state: { running: { startedAt } },
    lastState: previous ? { terminated: previous } : (prev?.lastState ?? {}),
    ready: flags.ready,
    restartCount: (prev?.restartCount ?? 0) + (counted ? 1 : 0),
    image,
    imageID,
    containerID,
    started: flags.started,
  };
}

/** A container whose process ended. A completed init container stays ready, as in Kubernetes. */
export function terminatedStatus(prev: ContainerStatus, exitCode: number, finishedAt: string, init: boolean, reason?: string): ContainerStatus {
  const running = prev.state?.running;
  return {
    ...prev,
    state: {
      terminated: {
        exitCode,
        reason: reason ?? (exitCode === 0 ? "Completed" : "Error"),
        ...(running?.startedAt ? { startedAt: running.startedAt } : {}),
        finishedAt,
        ...(prev.containerID ? { containerID: prev.containerID } : {}),
      },
    },
    ready: init && exitCode === 0,
    started: false,
  };
}

/** Waiting again after an exit (CrashLoopBackOff, or a start that failed): the exit becomes lastState. */
export function waitingAfterExit(prev: ContainerStatus, reason: string, message: string): ContainerStatus {
  const terminated = prev.state?.terminated ?? prev.lastState?.terminated;
  return {
    ...prev,
    state: { waiting: { reason, message } },
    lastState: terminated ? { terminated } : (prev.lastState ?? {}),
    ready: false,
    started: false,
  };
}

/** The kubelet's getPhase. Sidecars count once started; their own shutdown order is not modelled. */
export function podPhase(pod: Pod, status: PodStatus, podIsTerminal: boolean): PodPhase {
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  const initStatuses = status.initContainerStatuses ?? [];
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = initStatuses.find((x) => x.name === c.name);
    // A sidecar that has started no longer holds up initialization.
    if (c.restartPolicy === "Always" && (s?.started || s?.lastState?.terminated)) continue;
    const terminated = s?.state?.terminated ?? (s?.state?.waiting ? s.lastState?.terminated : undefined);
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated) failedInitialization++;
    else pendingInitialization++;
  }
  const statuses = status.containerStatuses ?? [];
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    const terminated = s?.state?.terminated ?? s?.lastState?.terminated;
    if (!s) unknown++;
    else if (s.state?.running) running++;
    else if (terminated) {
      stopped++;
      if (terminated.exitCode === 0) succeeded++;
    } else waiting++;
  }
  const regularStarted = anyRegularContainerStarted(status);
  if (failedInitialization > 0 && restartPolicy === "Never" && !regularStarted) return "Failed";
  if ((pendingInitialization > 0 || failedInitialization > 0) && !regularStarted) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? "Succeeded" : "Failed";
    if (restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

function anyRegularContainerStarted(status: PodStatus): boolean {
  return (status.containerStatuses ?? []).some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated);
}

/** Go's `%s` of a string slice, as condition messages print container names: `[a b]`. */
function nameList(names: string[]): string {
  return `[${names.join(" ")}]`;
}

/**
 * The kubelet's pod conditions, in the order it reports them. A condition keeps its
 * lastTransitionTime while its status does not change.
 */
export function podConditions(pod: Pod, status: PodStatus, phase: PodPhase, sandboxReady: boolean, at: string): PodCondition[] {
  const prev = status.conditions ?? [];
  const make = (type: string, value: boolean, reason?: string, message?: string): PodCondition => {
    const statusValue = value ? "True" : "False";
    const old = prev.find((c) => c.type === type);
    return {
      type,
      status: statusValue,
      lastProbeTime: null as unknown as string,
      lastTransitionTime: old?.status === statusValue && old.lastTransitionTime ? old.lastTransitionTime : at,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    };
  };

  const initStatuses = status.initContainerStatuses ?? [];
  const incomplete = (pod.spec?.initContainers ?? []).filter((c) => !initStatuses.find((s) => s.name === c.name)?.ready).map((c) => c.name);
  let initialized: PodCondition;
  if (phase === "Succeeded") initialized = make("Initialized", true, "PodCompleted");
  else if (incomplete.length === 0 || anyRegularContainerStarted(status)) initialized = make("Initialized", true);
  else initialized = make("Initialized", false, "ContainersNotInitialized", `containers with incomplete status: ${nameList(incomplete)}`);

  const statuses = status.containerStatuses ?? [];
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  let containersReady: [boolean, string?, string?];
  if (phase === "Succeeded" && unknown.length === 0) containersReady = [false, "PodCompleted"];
  else if (phase === "Failed") containersReady = [false, "PodFailed"];
  else {
    const messages: string[] = [];
    if (unknown.length > 0) messages.push(`containers with unknown status: ${nameList(unknown)}`);
    if (unready.length > 0) messages.push(`containers with unready status: ${nameList(unready)}`);
    containersReady = messages.length > 0 ? [false, "ContainersNotReady", messages.join(", ")] : [true];
  }

  const scheduled = prev.find((c) => c.type === "PodScheduled");
  const known = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
  return [
    make("PodReadyToStartContainers", sandboxReady),
    initialized,
    make("Ready", ...containersReady),
    make("ContainersReady", ...containersReady),
    // The kubelet reports every pod it runs as scheduled, also one created with nodeName set.
    scheduled?.status === "True" ? scheduled : make("PodScheduled", true),
    // Conditions others own (readiness gates, DisruptionTarget) are kept as they are.
    ...prev.filter((c) => !known.has(c.type)),
  ];
}

/** The pod's QoS class, as the API server computes it on creation. */
export function qosClassOf(pod: Pod): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of ["cpu", "memory"] as const) {
      const req = requests[r];
      const lim = limits[r];
      if (req !== undefined || lim !== undefined) any = true;
      if (lim === undefined) {
        guaranteed = false;
        continue;
      }
      const measure = r === "cpu" ? cpuMillis : bytes;
      if (req !== undefined && measure(req) !== measure(lim)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
