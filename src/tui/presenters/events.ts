/** The Events pane: newest first, warnings highlighted, optionally about one object. */
import type { KubeObject } from "../../client/cluster.js";
import { printTable } from "../../client/printing.js";
import { parseTime } from "../../client/time.js";
import type { Event } from "../../client/types.js";
import type { Row } from "./row.js";
import type { ColumnSpec } from "./text.js";

export const EVENT_COLUMNS: readonly ColumnSpec[] = [
  { title: "LAST SEEN", min: 4, max: 9 },
  { title: "TYPE", min: 4, max: 7, priority: 2 },
  { title: "REASON", min: 6, max: 22 },
  { title: "OBJECT", min: 8, max: 40, priority: 1 },
  { title: "MESSAGE", min: 10, flex: true },
];

const seenMemo = new WeakMap<KubeObject, number>();

/** When an event was last seen (epoch ms), as kubectl sorts them. */
export function lastSeen(obj: KubeObject): number {
  let t = seenMemo.get(obj);
  if (t === undefined) {
    const e = obj as unknown as Event;
    t = parseTime(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? obj.metadata.creationTimestamp ?? undefined);
    if (Number.isNaN(t)) t = 0;
    seenMemo.set(obj, t);
  }
  return t;
}

/** Newest first; ties by name so the order is stable. */
export function newestFirst(events: readonly KubeObject[]): KubeObject[] {
  return [...events].sort((a, b) => lastSeen(b) - lastSeen(a) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

/** What the Events pane follows: the object selected in Nodes or Workloads. */
export interface EventSubject {
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

/**
 * True when `event` is about `subject`: by uid, or by kind, name and namespace for
 * events written without one. Kubelets name a node by its name where controllers use
 * its uid, as `kubectl describe node` shows both.
 */
export function isAbout(event: KubeObject, subject: EventSubject): boolean {
  const ref = (event as unknown as Event).involvedObject;
  if (!ref) return false;
  if (ref.uid && subject.uid) {
    return ref.uid === subject.uid || (subject.kind === "Node" && ref.kind === "Node" && ref.uid === subject.name);
  }
  return ref.kind === subject.kind && ref.name === subject.name && (subject.namespace === "" || (ref.namespace ?? event.metadata.namespace) === subject.namespace);
}

export function eventRow(obj: KubeObject, now: number): Row {
  const cells = printTable("Event", [obj], { now }).rows[0]!.cells;
  // LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (the printer's non-wide columns).
  const shown = [cells[0]!, cells[1]!, cells[2]!, cells[3]!, cells[6]!.replace(/\s+/g, " ")];
  const warning = cells[1] === "Warning";
  return { key: `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`, cells: shown, tone: warning ? "warn" : "normal", object: obj };
}
