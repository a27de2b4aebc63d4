/**
 * The Events table at the end of every describe: oldest first, ages like `10s` or
 * `2m (x3 over 5m)` for a repeated event, `Events:  <none>` when there are none.
 */
import type { Event } from "kubernetes-types/core/v1";
import { parseTime } from "../../core/engine/clock.js";
import { timestampSince } from "../../core/printers/duration.js";
import type { DescribeContext } from "./common.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";

/** The instant an event sorts by: its series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: Event): number {
  if (e.series) return parseTime(e.series.lastObservedTime) || 0;
  const last = parseTime(e.lastTimestamp);
  if (!Number.isNaN(last)) return last;
  const t = parseTime(e.eventTime);
  return Number.isNaN(t) ? 0 : t;
}

/** Events oldest first, ties in their given order (kubectl's SortableEvents). */
export function sortEvents(events: readonly Event[]): Event[] {
  return events
    .map((e, i) => ({ e, i, t: eventTime(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}

/** The Age cell: when first seen, or `<last> (xN over <first>)` for a repeated event. */
export function eventInterval(e: Event, now: number): string {
  const first = e.eventTime ? timestampSince(e.eventTime, now) : timestampSince(e.firstTimestamp, now);
  if (e.series) return `${timestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${timestampSince(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** Writes the Events section into a describe in progress (kubectl's DescribeEvents). */
export function writeEvents(w: PrefixWriter, events: readonly Event[], now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sortEvents(events)) {
    const source = e.source?.component || e.reportingComponent || "";
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${eventInterval(e, now)}\t${source}\t${(e.message ?? "").trim()}\n`);
  }
}

/**
 * The Events section on its own:
 * `Events:\n  Type    Reason     Age   From               Message\n  ----    ------ …`,
 * or `Events:  <none>`. The caller passes the events about one object.
 */
export function describeEvents(events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  writeEvents(w, events, ctx.now);
  return w.toString();
}
