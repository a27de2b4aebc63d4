/**
 * The drain service over any Cluster: its reads pick up other processes' writes, its
 * writes go through the cluster's API, and its waits are the cluster's (fast-forwarded
 * when this process runs the engine outside real-time mode, following it otherwise).
 * The CLI and the console both start drains through `Cluster.drain`, which lands here.
 */
import { startDrain } from "../core/drain/index.js";
import { parseSelector } from "../core/labels/selector.js";
import type { Cluster, DrainEvent, DrainHandle, DrainOptions, DrainTarget } from "./cluster.js";

export function drainCluster(cluster: Cluster, target: DrainTarget, opts: DrainOptions, onProgress: (event: DrainEvent) => void): DrainHandle {
  return startDrain(
    {
      list: (resource, o) => cluster.list(resource, o),
      get: (resource, ns, name) => cluster.get(resource, ns, name),
      tryGet: (resource, ns, name) => cluster.tryGet(resource, ns, name),
      patch: (resource, ns, name, patch, type, o) => cluster.patch(resource, ns, name, patch, type, o),
      delete: (resource, ns, name, o) => cluster.delete(resource, ns, name, o),
      evict: (ns, name, o) => cluster.evict(ns, name, o),
    },
    { now: () => cluster.now(), wait: (done, ms) => cluster.waitFor(done, ms) },
    target,
    opts,
    onProgress,
  );
}

/** True when `text` parses as a label selector (kubectl drain checks --pod-selector up front). */
export function isValidLabelSelector(text: string): boolean {
  try {
    parseSelector(text);
    return true;
  } catch {
    return false;
  }
}
