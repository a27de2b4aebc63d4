import type { Container, Probe } from "kubernetes-types/core/v1";
import type { ImageRef } from "./images.js";
import type { ContainerProcess } from "./runtime.js";
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, type ContainerStageState } from "./stages.js";

/** One of a container's probes, and the prober worker's memory of it. */
export interface ProbeMemo {
  readonly kind: "startup" | "liveness" | "readiness";
  readonly probe: Probe;
  /** When it runs next. */
  nextAt: number;
  /** The last result and how many times in a row it came (the kubelet's resultRun). */
  last?: boolean;
  run: number;
  /** Failing liveness or startup probes wait for the container's restart (onHold). */
  onHold?: boolean;
}

/** flowcontrol.Backoff's entry for one key. */
export interface BackOffEntry {
  ms: number;
  lastUpdate: number;
}

/** The kubelet's memory of one container: where it is in the stage table, and its current instance. */
export interface ContainerMemo {
  spec: Container;
  readonly init: boolean;
  ref: ImageRef;
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
  /** The restart count of the running instance: its logs' instance. */
  instance: number;
  probes: ProbeMemo[];
  /** The startup probe passed (or there is none). */
  startedOk: boolean;
  /** Why the kubelet stops it: a failed probe or hook, or a changed image. */
  unhealthy?: { reason: string; message: string };
  /** The grace period's end when the kubelet kills it (not a deletion). */
  killAt?: number;
  /** When its preStop hook finished. */
  hookDoneAt?: number;
  /** When its last instance ended (ms precision; the status has seconds). */
  finishedAt?: number;
  /** CrashLoopBackOff. */
  backoff?: BackOffEntry;
  /** Image pull back-off, for the image it was for. */
  pullBackoff?: BackOffEntry & { image: string };
}

/**
 * flowcontrol.Backoff.Next as the kubelet calls it before starting a container: the
 * first start or one after a stable run (more than twice the maximum since the last
 * update) starts at 10 s, every other doubles up to 5 min.
 */
export function backoffNext(entry: BackOffEntry | undefined, eventTime: number, now: number, initial = BACKOFF_INITIAL_MS, max = BACKOFF_MAX_MS): BackOffEntry {
  if (!entry || eventTime - entry.lastUpdate > 2 * max) return { ms: initial, lastUpdate: now };
  return { ms: Math.min(entry.ms * 2, max), lastUpdate: now };
}

/** IsInBackOffSince(eventTime): the window since the last exit is still open. */
export function inBackOffSince(entry: BackOffEntry | undefined, eventTime: number, now: number, max = BACKOFF_MAX_MS): boolean {
  if (!entry) return false;
  if (eventTime - entry.lastUpdate > 2 * max) return false;
  return now - eventTime < entry.ms;
}

/** IsInBackOffSinceUpdate(now): the image puller's check. */
export function inBackOffSinceUpdate(entry: BackOffEntry | undefined, now: number): boolean {
  return !!entry && now - entry.lastUpdate < entry.ms;
}

/** `10s`, `1m20s`, `5m0s`: Go's Duration as the back-off message prints it. */
export function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}
