import type { KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import type { LogLine, StoredLogLine, LogQuery } from "../store.js";
import type { Clock } from "./clock.js";
import type { Rng } from "./rand.js";

/**
 * What a reconciler may use. Reads and writes go through `api` (admission applies to
 * controllers too); time and randomness come from here so the cluster is deterministic.
 */
export interface EngineContext {
  api: Api;
  clock: Clock;
  rand: Rng;
  events: EventRecorder;
  logs: LogSink;
}

export type EventType = "Normal" | "Warning";

/** Records Events the way client-go's recorder does: repeats aggregate into `count`. */
export interface EventRecorder {
  /**
   * @param regarding the object the event is about (its kind, namespace, name, uid).
   * @param source `{ component: "kubelet", host: "kdeck-worker-1" }` or `{ component: "default-scheduler" }`.
   * @param fieldPath e.g. `spec.containers{nginx}` for container events.
   */
  record(regarding: KubeObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void;
}

export interface EventSource {
  component: string;
  host?: string;
}

export interface LogSink {
  append(lines: readonly LogLine[]): void;
  read(query: LogQuery): StoredLogLine[];
  /** Drops every line of a pod that is gone. */
  forget(namespace: string, pod: string): void;
  /** Drops a container's instances older than `instance` (the kubelet keeps the current and the previous one). */
  forgetBefore?(namespace: string, pod: string, container: string, instance: number): void;
}
