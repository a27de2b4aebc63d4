import type { Event } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { describeEvents, eventInterval, sortEvents } from "../../../src/client/describe/events.js";
import { describeGeneric } from "../../../src/client/describe/generic.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);
const at = (secondsAgo: number): string => new Date(NOW - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const ev = (reason: string, first: number, last = first, count = 1, type = "Normal", component = "default-scheduler"): Event => ({
  metadata: { name: reason },
  involvedObject: { kind: "Pod", name: "nginx" },
  type,
  reason,
  message: `${reason} message`,
  firstTimestamp: at(first),
  lastTimestamp: at(last),
  count,
  source: { component },
});

describe("describeEvents", () => {
  it("prints Events:  <none> when there are none", () => {
    expect(describeEvents([], { now: NOW })).toBe("Events:  <none>\n");
  });

  it("prints kubectl's table, oldest first", () => {
    const out = describeEvents([ev("Pulled", 8, 8, 1, "Normal", "kubelet"), ev("Scheduled", 10)], { now: NOW });
    expect(out).toBe(
      "Events:\n" +
        "  Type    Reason     Age   From               Message\n" +
        "  ----    ------     ----  ----               -------\n" +
        "  Normal  Scheduled  10s   default-scheduler  Scheduled message\n" +
        "  Normal  Pulled     8s    kubelet            Pulled message\n",
    );
  });

  it("shows repeats as last (xN over first)", () => {
    expect(eventInterval(ev("BackOff", 300, 120, 3), NOW)).toBe("2m (x3 over 5m)");
    const series: Event = { metadata: { name: "s" }, involvedObject: {}, eventTime: `${at(900).slice(0, -1)}.000000Z`, series: { count: 4, lastObservedTime: `${at(30).slice(0, -1)}.000000Z` } };
    expect(eventInterval(series, NOW)).toBe("30s (x4 over 15m)");
  });

  it("escapes terminal control characters in messages", () => {
    const e = { ...ev("Bad", 5), message: "\u001b[2Jcleared\rover" };
    expect(describeEvents([e], { now: NOW })).toContain("^[[2Jcleared\\rover");
  });

  it("sorts by the last time an event was seen", () => {
    const sorted = sortEvents([ev("B", 100, 5, 2), ev("A", 50), ev("C", 200, 200)]);
    expect(sorted.map((e) => e.reason)).toEqual(["C", "A", "B"]);
  });
});

describe("--show-events=false", () => {
  it("leaves the Events section out of describe", () => {
    const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } };
    expect(describeGeneric(obj, [], { now: NOW })).toContain("Events:");
    expect(describeGeneric(obj, [], { now: NOW, showEvents: false })).not.toContain("Events:");
  });
});
