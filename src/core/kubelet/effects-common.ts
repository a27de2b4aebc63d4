import type { Node } from "kubernetes-types/core/v1";
import type { EventSource, EventType } from "../engine/context.js";
import type { LogLine } from "../store.js";
import type { ContainerMemo } from "./container-memo.js";
import type { PodSync, PodWorker } from "./pod-worker.js";

/**
 * What the effects share: their types, events in the kubelet's name, the log batch.
 * Kept apart from the effect tables so that those import it without a cycle.
 */
export type ContainerEffect = (w: PodWorker, c: ContainerMemo, run: PodSync, at: number) => boolean | void;
export type PodEffect = (w: PodWorker, run: PodSync, at: number) => boolean | void;

/** The kubelet's exit code for a container killed when its grace period ends (128 + SIGKILL). */
export const EXIT_CODE_SIGKILL = 137;

/** Writes what the pod's processes printed since the last sync, in one append. */
export function flushLogs(w: PodWorker, run: PodSync): void {
  for (const c of w.containers) takeLines(w, c, run);
  if (run.lines.length > 0) w.deps.logs.append(run.lines.splice(0, run.lines.length));
}

/** Moves a container's new output into the sync's batch, under its instance. */
export function takeLines(_w: PodWorker, c: ContainerMemo, run: PodSync): void {
  const out = c.process?.takeOutput();
  if (!out || out.length === 0) return;
  const namespace = run.pod.metadata?.namespace ?? "";
  const pod = run.pod.metadata?.name ?? "";
  for (const l of out) {
    const line: LogLine = { namespace, pod, container: c.spec.name, instance: c.instance, ts: l.ts, stream: l.stream, text: l.text };
    run.lines.push(line);
  }
}

function source(run: PodSync): EventSource {
  return { component: "kubelet", host: run.node.metadata?.name ?? "" };
}

export function podEvent(w: PodWorker, run: PodSync, type: EventType, reason: string, message: string): void {
  w.deps.events.record(run.obj, type, reason, message, source(run));
}

export function containerEvent(w: PodWorker, c: ContainerMemo, run: PodSync, type: EventType, reason: string, message: string): void {
  w.deps.events.record(run.obj, type, reason, message, source(run), c.fieldPath);
}

/** `liveness-exec_default(uid)`: how the kubelet names a pod in messages (format.Pod). */
export function podDesc(run: PodSync): string {
  const m = run.pod.metadata;
  return `${m?.name ?? ""}_${m?.namespace ?? ""}(${m?.uid ?? ""})`;
}

export function internalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
}

/** Go's time.Duration String at millisecond precision: `850ms`, `1.2s`, `1m3.5s`. */
export function formatGoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return "0s";
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = (total % 60_000) / 1000;
  const secs = `${String(Number(s.toFixed(3)))}s`;
  if (h > 0) return `${h}h${m}m${secs}`;
  if (m > 0) return `${m}m${secs}`;
  return secs;
}
