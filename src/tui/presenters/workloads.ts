/**
 * The Workloads pane: every workload kind the cluster serves (with bare pods), or any
 * one kind through `:`. Rows come from the same printers `kdeck get` uses; workload
 * kinds add ready/desired and a status word.
 */
import type { KubeObject } from "../../client/cluster.js";
import { KINDS, kindForResource, resourceOf, type KindInfo } from "../../client/kinds.js";
import { printTable } from "../../client/printing.js";
import { podFacts } from "./facts.js";
import type { Row } from "./row.js";
import type { ColumnSpec } from "./text.js";
import { podStatusTone, type Tone } from "./tone.js";

/** The kinds the Workloads pane lists by default, in this order, when the cluster serves them. */
export const WORKLOAD_KIND_NAMES = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"] as const;

/** Short names shown before a workload's name when several kinds share the pane. */
const PREFIX: Record<string, string> = { Deployment: "deploy", StatefulSet: "sts", DaemonSet: "ds", Job: "job", CronJob: "cj", Pod: "po", ReplicaSet: "rs" };

/** The workload kinds this cluster serves. */
export function servedWorkloadKinds(kinds: readonly KindInfo[] = KINDS): KindInfo[] {
  return WORKLOAD_KIND_NAMES.map((n) => kinds.find((k) => k.kind === n)).filter((k): k is KindInfo => k !== undefined);
}

/** A pod no controller owns: it shows among the workloads itself. */
export function isBarePod(pod: KubeObject): boolean {
  return !(pod.metadata.ownerReferences ?? []).some((r) => r.controller);
}

interface ReplicaStatus {
  spec?: { replicas?: number; paused?: boolean; suspend?: boolean; completions?: number; schedule?: string };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    numberReady?: number;
    desiredNumberScheduled?: number;
    succeeded?: number;
    failed?: number;
    active?: number | unknown[];
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

/** READY (ready/desired) and a status word for a workload, as an operator reads them at a glance. */
export function workloadStatus(obj: KubeObject): { ready: string; status: string; tone: Tone } {
  const o = obj as unknown as ReplicaStatus;
  const cond = (type: string): { status: string; reason?: string } | undefined => o.status?.conditions?.find((c) => c.type === type);
  switch (obj.kind) {
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet": {
      const desired = o.spec?.replicas ?? 1;
      const ready = o.status?.readyReplicas ?? 0;
      const updated = o.status?.updatedReplicas ?? (obj.kind === "Deployment" ? 0 : ready);
      const cell = `${ready}/${desired}`;
      if (o.spec?.paused) return { ready: cell, status: "Paused", tone: "warn" };
      if (cond("Progressing")?.reason === "ProgressDeadlineExceeded") return { ready: cell, status: "Failed", tone: "error" };
      if (desired === 0) return { ready: cell, status: (o.status?.replicas ?? 0) > 0 ? "Scaling" : "Scaled to 0", tone: "dim" };
      if (ready < desired || updated < desired) return { ready: cell, status: "Progressing", tone: "warn" };
      return { ready: cell, status: obj.kind === "Deployment" ? "Available" : "Ready", tone: "ok" };
    }
    case "DaemonSet": {
      const desired = o.status?.desiredNumberScheduled ?? 0;
      const ready = o.status?.numberReady ?? 0;
      return { ready: `${ready}/${desired}`, status: ready < desired ? "Progressing" : "Ready", tone: ready < desired ? "warn" : "ok" };
    }
    case "Job": {
      const cell = `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`;
      if (cond("Failed")?.status === "True") return { ready: cell, status: "Failed", tone: "error" };
      if (cond("Complete")?.status === "True") return { ready: cell, status: "Complete", tone: "dim" };
      if (o.spec?.suspend) return { ready: cell, status: "Suspended", tone: "warn" };
      return { ready: cell, status: "Running", tone: "ok" };
    }
    case "CronJob": {
      const active = Array.isArray(o.status?.active) ? o.status.active.length : 0;
      if (o.spec?.suspend) return { ready: `${active}`, status: "Suspended", tone: "warn" };
      return { ready: `${active}`, status: active > 0 ? "Active" : "Scheduled", tone: active > 0 ? "ok" : "normal" };
    }
    default:
      return { ready: "", status: "", tone: "normal" };
  }
}

/** The selector of a workload's pods in `-l` syntax, or undefined when it selects none. */
export function workloadSelector(obj: KubeObject): string | undefined {
  const sel = (obj.spec as { selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } } | undefined)?.selector;
  if (!sel) return undefined;
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(",") : undefined;
}

/** How a table of objects of `kinds` lays out: the kind's printer columns, NAMESPACE across namespaces, KIND in a mix. */
export interface KindTableShape {
  columns: ColumnSpec[];
  row(obj: KubeObject, now: number): Row;
}

function nsCell(obj: KubeObject): string {
  return obj.metadata.namespace ?? "";
}

const NS_COLUMN: ColumnSpec = { title: "NAMESPACE", min: 9, max: 20, priority: 3 };

/** Pods, and the mixed workloads view: one column set for pods and workload kinds. */
function workloadShape(allNamespaces: boolean, mixed: boolean): KindTableShape {
  const columns: ColumnSpec[] = [
    ...(allNamespaces ? [NS_COLUMN] : []),
    { title: "NAME", min: 10, flex: true },
    { title: "READY", min: 5, max: 7, align: "right" },
    { title: "STATUS", min: 7, max: 22 },
    { title: "RESTARTS", min: 3, max: 16, align: "right", priority: 2 },
    { title: "NODE", min: 6, max: 22, priority: 1 },
    { title: "AGE", min: 3, max: 6, priority: 4 },
  ];
  return {
    columns,
    row(obj, now) {
      const name = mixed ? `${PREFIX[obj.kind] ?? obj.kind.toLowerCase()}/${obj.metadata.name ?? ""}` : (obj.metadata.name ?? "");
      const lead = allNamespaces ? [nsCell(obj)] : [];
      if (obj.kind === "Pod") {
        const f = podFacts(obj);
        const cells = printTable("Pod", [obj], { now }).rows[0]!.cells;
        const tone = podStatusTone(f.reason, f.ready);
        return { key: keyOf(obj), cells: [...lead, name, cells[1]!, cells[2]!, cells[3]!, f.node || "<none>", cells[4]!], tone, object: obj };
      }
      const age = printTable(obj.kind, [obj], { now }).rows[0]?.cells[printerAgeIndex(obj.kind)] ?? "";
      const s = workloadStatus(obj);
      return { key: keyOf(obj), cells: [...lead, name, s.ready, s.status, "", "", age], tone: s.tone, object: obj };
    },
  };
}

function printerAgeIndex(kind: string): number {
  const cols = printTable(kind, [], { now: 0 }).columns;
  const i = cols.findIndex((c) => c.name === "Age");
  return i < 0 ? cols.length - 1 : i;
}

function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ""}` : (obj.metadata.name ?? "");
}

/** Any other kind: the columns `kdeck get` prints without -o wide. */
function printerShape(kind: KindInfo, allNamespaces: boolean): KindTableShape {
  const printed = printTable(kind.kind, [], { now: 0 }).columns;
  const shown = printed.map((c, i) => ({ c, i })).filter((x) => x.c.priority === 0);
  const withNs = allNamespaces && kind.namespaced;
  const columns: ColumnSpec[] = [
    ...(withNs ? [NS_COLUMN] : []),
    ...shown.map(({ c }, j) => ({ title: c.name.toUpperCase(), min: Math.min(8, c.name.length), max: j === 0 ? undefined : 40, ...(j === 0 ? { flex: true } : {}) })),
  ];
  // A kind whose printer has wide messages (events) lets the last column take the rest instead.
  return {
    columns,
    row(obj, now) {
      const cells = printTable(kind.kind, [obj], { now }).rows[0]!.cells;
      const tone: Tone = kind.kind === "Namespace" && cells[1] === "Terminating" ? "terminating" : "normal";
      return { key: keyOf(obj), cells: [...(withNs ? [nsCell(obj)] : []), ...shown.map(({ i }) => cells[i] ?? "")], tone, object: obj };
    },
  };
}

/** The table shape for a store resource (`pods`, `configmaps`) or for the mixed workloads view (`kinds` > 1). */
export function tableShape(resource: string, allNamespaces: boolean, mixedKinds = false): KindTableShape {
  const kind = kindForResource(resource);
  if (!kind || kind.kind === "Pod" || WORKLOAD_KIND_NAMES.includes(kind.kind as (typeof WORKLOAD_KIND_NAMES)[number])) {
    return workloadShape(allNamespaces && (kind?.namespaced ?? true), mixedKinds);
  }
  return printerShape(kind, allNamespaces);
}

/** The store resource of each served workload kind. */
export function workloadResources(): string[] {
  return servedWorkloadKinds().map(resourceOf);
}

const searchMemo = new WeakMap<KubeObject, string>();

/** What `/text` matches an object against: namespace, name, and for pods status and node. */
export function objectSearchText(obj: KubeObject): string {
  let s = searchMemo.get(obj);
  if (s === undefined) {
    const extra = obj.kind === "Pod" ? `${podFacts(obj).reason} ${podFacts(obj).node}` : obj.kind === "Event" ? eventText(obj) : "";
    s = `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""} ${extra}`.toLowerCase();
    searchMemo.set(obj, s);
  }
  return s;
}

function eventText(obj: KubeObject): string {
  const e = obj as unknown as { type?: string; reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } };
  return `${e.type ?? ""} ${e.reason ?? ""} ${(e.involvedObject?.kind ?? "").toLowerCase()}/${e.involvedObject?.name ?? ""} ${e.message ?? ""}`;
}
