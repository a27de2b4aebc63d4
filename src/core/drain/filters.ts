/**
 * Which pods a drain deletes, after kubectl's pkg/drain filters.go: each pod runs
 * through the filters in order (skip-deleted, DaemonSet, mirror, local storage,
 * unreplicated) and the first that keeps it decides; otherwise the last filter's
 * status stands, which is why a local-storage warning is usually dropped, as in
 * kubectl. Refusals become kubectl's `cannot delete …: ns/pod, …` errors and warnings
 * its `Warning: …` line.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { DrainApi, DrainOptions } from "./types.js";

const DAEMON_SET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMON_SET_WARNING = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
const UNMANAGED_WARNING = "deleting Pods that declare no controller";
/** The annotation the kubelet puts on mirror pods of static pods (they cannot be deleted through the API). */
export const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

type Reason = "Okay" | "Skip" | "Warning" | "Error";

/** A filter's verdict on one pod (PodDeleteStatus). */
export interface PodDeleteStatus {
  delete: boolean;
  reason: Reason;
  message?: string;
}

/** A pod and the verdict of the filters. */
export interface PodDelete {
  pod: Pod;
  status: PodDeleteStatus;
}

const OKAY: PodDeleteStatus = { delete: true, reason: "Okay" };
const SKIP: PodDeleteStatus = { delete: false, reason: "Skip" };
const warning = (del: boolean, message: string): PodDeleteStatus => ({ delete: del, reason: "Warning", message });
const error = (message: string): PodDeleteStatus => ({ delete: false, reason: "Error", message });

function finished(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

function controllerOf(pod: Pod): { kind: string; name: string } | undefined {
  return (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/**
 * shouldSkipPod: a terminating pod whose deletion began more than `seconds` ago
 * (`seconds` > 0) is neither evicted again nor waited for.
 */
export function shouldSkipPod(pod: Pod, seconds: number, now: number): boolean {
  if (seconds <= 0 || !pod.metadata?.deletionTimestamp) return false;
  return Math.floor((now - parseTime(pod.metadata.deletionTimestamp)) / 1000) > seconds;
}

/** The filters, in kubectl's order, for these options. */
function makeFilters(api: DrainApi, opts: DrainOptions, now: number): ((pod: Pod) => PodDeleteStatus)[] {
  const skipDeleted = (pod: Pod): PodDeleteStatus => (shouldSkipPod(pod, opts.skipWaitForDeleteTimeoutSeconds ?? 0, now) ? SKIP : OKAY);
  const daemonSet = (pod: Pod): PodDeleteStatus => {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== "DaemonSet") return OKAY;
    if (finished(pod)) return OKAY;
    if (!api.tryGet("daemonsets.apps", pod.metadata?.namespace ?? "", ref.name)) {
      const notFound = `daemonsets.apps "${ref.name}" not found`;
      // An orphan of a deleted DaemonSet goes with --force.
      return opts.force ? warning(true, notFound) : error(notFound);
    }
    return opts.ignoreDaemonSets ? warning(false, DAEMON_SET_WARNING) : error(DAEMON_SET_FATAL);
  };
  const mirror = (pod: Pod): PodDeleteStatus => (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? SKIP : OKAY);
  const localStorage = (pod: Pod): PodDeleteStatus => {
    if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null)) return OKAY;
    if (finished(pod)) return OKAY;
    return opts.deleteEmptyDirData ? warning(true, LOCAL_STORAGE_WARNING) : error(LOCAL_STORAGE_FATAL);
  };
  const unreplicated = (pod: Pod): PodDeleteStatus => {
    if (finished(pod)) return OKAY;
    if (controllerOf(pod)) return OKAY;
    return opts.force ? warning(true, UNMANAGED_WARNING) : error(UNMANAGED_FATAL);
  };
  return [skipDeleted, daemonSet, mirror, localStorage, unreplicated];
}

/** The pods on `node` (matching the pod selector) with the filters' verdicts, in API list order. */
export function podsForDeletion(api: DrainApi, node: string, opts: DrainOptions, now: number): PodDelete[] {
  const filters = makeFilters(api, opts, now);
  const pods = api.list("pods", { fieldSelector: `spec.nodeName=${node}`, ...(opts.podSelector ? { labelSelector: opts.podSelector } : {}) });
  return pods.map((obj: KubeObject) => {
    const pod = asKind<Pod>(obj);
    let status = OKAY;
    for (const f of filters) {
      status = f(pod);
      if (!status.delete) break;
    }
    return { pod, status };
  });
}

/** The pods the filters let go. */
export function deletablePods(list: readonly PodDelete[]): Pod[] {
  return list.filter((d) => d.status.delete).map((d) => d.pod);
}

function podRef(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** Groups `ns/pod` names by message, in the order messages first appear. */
function grouped(list: readonly PodDelete[], reason: Reason): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of list) {
    if (d.status.reason !== reason) continue;
    const msg = d.status.message || (reason === "Error" ? "unexpected error" : "");
    out.set(msg, [...(out.get(msg) ?? []), podRef(d.pod)]);
  }
  return out;
}

/** PodDeleteList.Warnings(): `message: ns/a, ns/b; other: ns/c`, or "" without any. */
export function deleteWarnings(list: readonly PodDelete[]): string {
  return [...grouped(list, "Warning")].map(([msg, pods]) => `${msg}: ${pods.join(", ")}`).join("; ");
}

/** PodDeleteList.errors(): one `cannot delete <what>: ns/a, ns/b` per refusal reason. */
export function deleteErrors(list: readonly PodDelete[]): string[] {
  return [...grouped(list, "Error")].map(([msg, pods]) =>
    msg.toLowerCase().startsWith("cannot delete") ? `${msg}: ${pods.join(", ")}` : `cannot delete ${msg}: ${pods.join(", ")}`,
  );
}
