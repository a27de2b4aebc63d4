/**
 * `kubectl get pods`: NAME READY STATUS RESTARTS AGE, and with -o wide IP NODE
 * NOMINATED NODE READINESS GATES — the API server's printPod, including its STATUS
 * rules (Init:x/y, CrashLoopBackOff, Completed, Terminating, …).
 */
import type { Container, ContainerStatus, Pod, PodCondition } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import { humanDuration, timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

/** The reason the node controller gives pods on a node that stopped reporting. */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Ready", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Restarts", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "IP", priority: 1 },
  { name: "Node", priority: 1 },
  { name: "Nominated Node", priority: 1 },
  { name: "Readiness Gates", priority: 1 },
];

/** A sidecar: an init container that keeps running beside the app containers. */
export function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === "Always";
}

function hasCondition(conditions: readonly PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === "True");
}

function isTerminalPhase(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

/** READY, STATUS and RESTARTS of one pod, computed together as printPod does. */
export interface PodSummary {
  readyContainers: number;
  totalContainers: number;
  reason: string;
  restarts: number;
  /** When the most recent counted restart ended (epoch ms), NaN when none is known. */
  lastRestart: number;
}

function laterFinish(current: number, status: ContainerStatus): number {
  const finished = parseTime(status.lastState?.terminated?.finishedAt);
  if (Number.isNaN(finished)) return current;
  return Number.isNaN(current) || current < finished ? finished : current;
}

/** The pod columns kubectl derives from status, following printPod line by line. */
export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let sidecarRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart = NaN;
  let lastSidecarRestart = NaN;

  let reason = status.reason || status.phase || "";
  if ((status.conditions ?? []).some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) {
    reason = "SchedulingGated";
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += cs.restartCount ?? 0;
    lastRestart = laterFinish(lastRestart, cs);
    const sidecar = isRestartableInitContainer(initContainers.get(cs.name));
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = laterFinish(lastSidecarRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status.conditions, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount ?? 0;
      lastRestart = laterFinish(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last-listed container completed still runs if another one does.
    if (reason === "Completed" && hasRunning) {
      reason = hasCondition(status.conditions, "Ready") ? "Running" : "NotReady";
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = "Unknown";
  } else if (pod.metadata?.deletionTimestamp && !isTerminalPhase(status.phase)) {
    reason = "Terminating";
  }

  return { readyContainers, totalContainers, reason, restarts, lastRestart };
}

/**
 * The STATUS column of `kubectl get pods`: `Running`, `Pending`, `ContainerCreating`,
 * `CrashLoopBackOff`, `Init:1/2`, `Init:Error`, `Completed`, `Error`, `Terminating`,
 * `Unknown` (deleted on a lost node), `SchedulingGated`, …
 * `now` is accepted for symmetry with the row printer; the reason does not age.
 */
export function podStatusReason(pod: Pod, _now: number): string {
  return summarizePod(pod).reason;
}

function restartsCell(s: PodSummary, now: number): string {
  if (s.restarts !== 0 && !Number.isNaN(s.lastRestart)) {
    return `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)`;
  }
  return String(s.restarts);
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  let trueConditions = 0;
  for (const gate of gates) {
    const cond = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType);
    if (cond?.status === "True") trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

function podRow(obj: KubeObject, ctx: PrintContext): string[] {
  const pod = asKind<Pod>(obj);
  const s = summarizePod(pod);
  return [
    pod.metadata?.name ?? "",
    `${s.readyContainers}/${s.totalContainers}`,
    s.reason,
    restartsCell(s, ctx.now),
    timestampSince(pod.metadata?.creationTimestamp, ctx.now),
    pod.status?.podIPs?.[0]?.ip || "<none>",
    pod.spec?.nodeName || "<none>",
    pod.status?.nominatedNodeName || "<none>",
    readinessGatesCell(pod),
  ];
}

/** Pods in `kubectl get` tables. */
export const podPrinter: KindPrinter = { columns: COLUMNS, row: podRow };
