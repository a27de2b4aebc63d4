/**
 * `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, and with -o wide
 * LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME.
 */
import type { Event, EventSource } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Last Seen", priority: 0 },
  { name: "Type", priority: 0 },
  { name: "Reason", priority: 0 },
  { name: "Object", priority: 0 },
  { name: "Subobject", priority: 1 },
  { name: "Source", priority: 1 },
  { name: "Message", priority: 0 },
  { name: "First Seen", priority: 1 },
  { name: "Count", priority: 1 },
  { name: "Name", priority: 1 },
];

/**
 * `component, host`, falling back to the reporting controller and instance that
 * events.k8s.io/v1 writers fill instead of `source`.
 */
export function formatEventSource(source: EventSource | undefined, reportingController?: string, reportingInstance?: string): string {
  const component = source?.component || reportingController || "";
  const instance = source?.host || reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

/** `pod/nginx`: the involved object as kubectl names it in event tables. */
export function eventTarget(event: Event): string {
  const kind = (event.involvedObject?.kind ?? "").toLowerCase();
  const name = event.involvedObject?.name ?? "";
  return name ? `${kind}/${name}` : kind;
}

function eventRow(obj: KubeObject, ctx: PrintContext): string[] {
  const event = asKind<Event>(obj);
  const firstSeen = event.firstTimestamp
    ? timestampSince(event.firstTimestamp, ctx.now)
    : timestampSince(event.eventTime, ctx.now);
  let lastSeen = event.lastTimestamp ? timestampSince(event.lastTimestamp, ctx.now) : firstSeen;
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = timestampSince(event.series.lastObservedTime, ctx.now);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events written through events.k8s.io/v1 carry no count.
    count = 1;
  }
  return [
    lastSeen,
    event.type ?? "",
    event.reason ?? "",
    eventTarget(event),
    event.involvedObject?.fieldPath ?? "",
    formatEventSource(event.source, event.reportingComponent, event.reportingInstance),
    (event.message ?? "").trim(),
    firstSeen,
    String(count),
    event.metadata?.name ?? "",
  ];
}

/** Events in `kubectl get` tables. */
export const eventPrinter: KindPrinter = { columns: COLUMNS, row: eventRow };
