import type { KubeObject } from "../api/object.js";
import type { DeleteOptions, EvictOptions, ListOptions, PatchType, WriteOptions } from "../apiserver/types.js";

/** What a drain asks for: kubectl drain's flags. */
export interface DrainOptions {
  /** Delete pods that declare no controller (and DaemonSet pods whose DaemonSet is gone). */
  force?: boolean;
  /** Leave DaemonSet-managed pods where they are instead of refusing. */
  ignoreDaemonSets?: boolean;
  /** Delete pods with emptyDir volumes (their data goes with them). */
  deleteEmptyDirData?: boolean;
  /** Seconds each pod gets to terminate; negative or unset: the pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** Give up after this much virtual time (ms); 0 or unset waits for ever. */
  timeoutMs?: number;
  /** Only pods matching this label selector. */
  podSelector?: string;
  /** Delete pods instead of evicting them: PodDisruptionBudgets are not consulted. */
  disableEviction?: boolean;
  /** `client`: print what would happen and change nothing; `server`: let the API check each step without persisting. */
  dryRun?: "none" | "client" | "server";
  /** Stop waiting for a pod whose deletion began more than this many seconds ago (0: always wait). */
  skipWaitForDeleteTimeoutSeconds?: number;
}

/** Which nodes to drain: by name, or every node matching a label selector. */
export type DrainTarget = { nodes: readonly string[] } | { selector: string };

/**
 * One line of a drain's progress, typed so that the console can show it its own way;
 * `text` is exactly what kubectl prints and `stream` where it prints it.
 *
 * - `cordoned`: `node/x cordoned` (or `already cordoned`)
 * - `warning`: `Warning: ignoring DaemonSet-managed Pods: …`
 * - `evicting`: `evicting pod ns/x` (repeated before each retry)
 * - `retry`: `error when evicting pods/"x" -n "ns" (will retry after 5s): …`
 * - `evicted`: `pod/x evicted` (or `deleted` with eviction disabled)
 * - `skipped`: a terminating pod no longer waited for
 * - `drained`: `node/x drained`
 * - `timeout`: the report of a node whose drain ran out of time
 * - `error`: refusals and the final summary lines
 */
export interface DrainEvent {
  kind: "cordoned" | "warning" | "evicting" | "retry" | "evicted" | "skipped" | "drained" | "timeout" | "error";
  text: string;
  stream: "stdout" | "stderr";
  /** The node being drained, when the line is about one. */
  node?: string;
  /** The pod the line is about. */
  pod?: { namespace: string; name: string };
  /** Virtual time of the line, epoch ms. */
  at: number;
}

/** How a drain ended. */
export interface DrainResult {
  /** Nodes whose pods are all gone (in the order drained). */
  drained: string[];
  /** Nodes left with pods (refused, failed or timed out). */
  pending: string[];
  /** True when cancel() stopped it. */
  cancelled: boolean;
}

/** A running drain: its outcome, and a way to stop it cleanly between steps. */
export interface DrainHandle {
  readonly done: Promise<DrainResult>;
  cancel(): void;
}

/** The API calls a drain makes; reads see other processes' writes. */
export interface DrainApi {
  list(resource: string, opts?: ListOptions): KubeObject[];
  tryGet(resource: string, namespace: string, name: string): KubeObject | undefined;
  get(resource: string, namespace: string, name: string): KubeObject;
  patch(resource: string, namespace: string, name: string, patch: unknown, type: PatchType, opts?: WriteOptions): KubeObject;
  delete(resource: string, namespace: string, name: string, opts?: DeleteOptions): KubeObject | undefined;
  evict(namespace: string, name: string, opts?: EvictOptions): void;
}

/**
 * Time as the drain sees it: the cluster's virtual clock, and a wait that returns when
 * `done()` holds or `timeoutMs` of virtual time has passed (fast-forwarding when the
 * caller runs the engine, following it otherwise).
 */
export interface DrainClock {
  now(): number;
  wait(done: () => boolean, timeoutMs: number): Promise<boolean>;
}
