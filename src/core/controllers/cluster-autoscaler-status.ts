/**
 * The cluster autoscaler's status ConfigMap (kube-system/cluster-autoscaler-status,
 * clusterstate/utils/status.go): a readable summary of cluster-wide health, scale-up
 * and scale-down, then the same per node group, in CA's text layout. kdeck adds each
 * group's unneeded and unremovable nodes, which CA only logs. The ConfigMap is
 * rewritten only when the summary changes, so a quiet cluster writes nothing.
 */
import type { ConfigMap } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";

export const STATUS_CONFIGMAP_NAMESPACE = "kube-system";
export const STATUS_CONFIGMAP_NAME = "cluster-autoscaler-status";
const LAST_UPDATED_ANNOTATION = "cluster-autoscaler.kubernetes.io/last-updated";

/** One group's (or the cluster's) figures for the summary. */
export interface GroupStatus {
  ready: number;
  registered: number;
  /** The cloud target, for a group. */
  target?: number;
  minSize?: number;
  maxSize?: number;
  scaleUpInProgress: boolean;
  candidates: number;
  unneeded?: readonly { node: string; since: number }[];
  unremovable?: ReadonlyMap<string, string>;
}

export interface AutoscalerStatus {
  cluster: GroupStatus;
  groups: readonly ({ name: string } & GroupStatus)[];
}

/** Go's `time.Time.String()` in UTC, without the fraction: `2024-01-01 00:10:00 +0000 UTC`. */
export function goTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
}

/** Keeps when each line's state last changed, as CA's LastTransitionTime. */
export class TransitionTimes {
  private readonly seen = new Map<string, { state: string; since: number }>();

  /** Picks up the times a summary written earlier (by another kdeck process) recorded. */
  static fromSummary(text: string): TransitionTimes {
    const times = new TransitionTimes();
    let group = "";
    let pending: { key: string; state: string } | undefined;
    for (const line of text.split("\n")) {
      const name = /^ {2}Name: +(\S+)$/.exec(line);
      if (name) group = name[1]!;
      const state = /^ {2}(Health|ScaleUp|ScaleDown): +(\S+)/.exec(line);
      if (state) pending = { key: `${group}/${SECTION_KEYS[state[1]!]}`, state: state[2]! };
      const since = /LastTransitionTime: (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) \+0000 UTC$/.exec(line);
      if (since && pending) {
        const t = Date.parse(`${since[1]}T${since[2]}Z`);
        if (!Number.isNaN(t)) times.seen.set(pending.key, { state: pending.state, since: t });
        pending = undefined;
      }
    }
    return times;
  }

  since(key: string, state: string, now: number): number {
    const prev = this.seen.get(key);
    if (prev && prev.state === state) return prev.since;
    this.seen.set(key, { state, since: now });
    return now;
  }
}

const SECTION_KEYS: Readonly<Record<string, string>> = { Health: "health", ScaleUp: "up", ScaleDown: "down" };

function section(lines: string[], label: string, value: string, since: number): void {
  lines.push(`  ${`${label}:`.padEnd(13)}${value}`);
  lines.push(`               LastTransitionTime: ${goTime(since)}`);
}

function groupLines(lines: string[], key: string, g: GroupStatus, times: TransitionTimes, now: number, isGroup: boolean): void {
  const unready = g.registered - g.ready;
  const target = isGroup ? ` cloudProviderTarget=${g.target ?? 0} (minSize=${g.minSize ?? 0}, maxSize=${g.maxSize ?? 0})` : "";
  const health = `Healthy (ready=${g.ready} unready=${unready} notStarted=0 longNotStarted=0 registered=${g.registered} longUnregistered=0${target})`;
  section(lines, "Health", health, times.since(`${key}/health`, "Healthy", now));
  const up = g.scaleUpInProgress ? "InProgress" : "NoActivity";
  const upDetail = isGroup ? `(ready=${g.ready} cloudProviderTarget=${g.target ?? 0})` : `(ready=${g.ready} registered=${g.registered})`;
  section(lines, "ScaleUp", `${up} ${upDetail}`, times.since(`${key}/up`, up, now));
  const down = g.candidates > 0 ? "CandidatesPresent" : "NoCandidates";
  section(lines, "ScaleDown", `${down} (candidates=${g.candidates})`, times.since(`${key}/down`, down, now));
  for (const u of g.unneeded ?? []) lines.push(`  ${"Unneeded:".padEnd(13)}${u.node} (since ${goTime(u.since)})`);
  for (const [node, reason] of g.unremovable ?? []) lines.push(`  ${"Unremovable:".padEnd(13)}${node}: ${reason}`);
}

/** The summary's body (everything after its first line, which carries the time). */
export function statusBody(status: AutoscalerStatus, times: TransitionTimes, now: number): string {
  const lines: string[] = ["Cluster-wide:"];
  groupLines(lines, "", status.cluster, times, now, false);
  lines.push("NodeGroups:");
  for (const g of status.groups) {
    lines.push(`  ${"Name:".padEnd(13)}${g.name}`);
    groupLines(lines, g.name, g, times, now, true);
  }
  return lines.join("\n") + "\n";
}

/** Writes the ConfigMap when its body changed; creates it the first time. */
export function writeStatusConfigMap(api: Api, body: string, now: number): KubeObject | undefined {
  const text = `Cluster-autoscaler status at ${goTime(now)}:\n${body}`;
  const existing = api.tryGet("configmaps", STATUS_CONFIGMAP_NAMESPACE, STATUS_CONFIGMAP_NAME);
  const stored = existing ? (asKind<ConfigMap>(existing).data?.status ?? "") : undefined;
  if (stored !== undefined && stored.slice(stored.indexOf("\n") + 1) === body) return existing;
  const annotations = { ...existing?.metadata.annotations, [LAST_UPDATED_ANNOTATION]: goTime(now) };
  try {
    if (existing) return api.update({ ...existing, metadata: { ...existing.metadata, annotations }, data: { status: text } });
    return api.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: STATUS_CONFIGMAP_NAME, namespace: STATUS_CONFIGMAP_NAMESPACE, annotations },
      data: { status: text },
    });
  } catch (e) {
    if (isApiError(e, "Conflict") || isApiError(e, "AlreadyExists") || isApiError(e, "NotFound")) return undefined;
    throw e;
  }
}

/** The ConfigMap events about the autoscaler's own decisions are recorded on (CA's LogRecorder). */
export function statusConfigMap(api: Api): KubeObject | undefined {
  return api.tryGet("configmaps", STATUS_CONFIGMAP_NAMESPACE, STATUS_CONFIGMAP_NAME);
}
