import { describe, expect, it } from "vitest";
import { cronJobSchedule, parseStandard, rfc3339InZone, scheduleError, timeZoneError } from "../../../src/core/controllers/cronjob-schedule.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("CronJob schedules (robfig/cron's standard parser)", () => {
  it("fires on the next matching minute, strictly after the given time", () => {
    const s = parseStandard("*/15 9-17 * * mon-fri");
    expect(iso(s.next(at("2024-01-05T17:50:00Z")))).toBe("2024-01-08T09:00:00.000Z");
    expect(iso(s.next(at("2024-01-08T09:00:00Z")))).toBe("2024-01-08T09:15:00.000Z");
    expect(iso(parseStandard("0 0 1 JAN *").next(at("2024-03-01T00:00:00Z")))).toBe("2025-01-01T00:00:00.000Z");
  });

  it("knows Kubernetes' macros, @every, and the day-of-month/day-of-week OR rule", () => {
    const from = at("2024-01-01T10:30:00Z");
    expect(iso(parseStandard("@hourly").next(from))).toBe("2024-01-01T11:00:00.000Z");
    expect(iso(parseStandard("@daily").next(from))).toBe("2024-01-02T00:00:00.000Z");
    expect(iso(parseStandard("@midnight").next(from))).toBe("2024-01-02T00:00:00.000Z");
    expect(iso(parseStandard("@weekly").next(from))).toBe("2024-01-07T00:00:00.000Z");
    expect(iso(parseStandard("@monthly").next(from))).toBe("2024-02-01T00:00:00.000Z");
    expect(iso(parseStandard("@yearly").next(from))).toBe("2025-01-01T00:00:00.000Z");
    expect(iso(parseStandard("@annually").next(from))).toBe("2025-01-01T00:00:00.000Z");
    expect(iso(parseStandard("@every 90s").next(from))).toBe("2024-01-01T10:31:30.000Z");
    // The 15th, or any Friday.
    expect(iso(parseStandard("0 0 15 * 5").next(at("2024-01-01T00:00:00Z")))).toBe("2024-01-05T00:00:00.000Z");
  });

  it("refuses what robfig/cron refuses, in its words", () => {
    expect(scheduleError("")).toBe("empty spec string");
    expect(scheduleError("* * * *")).toBe("expected exactly 5 fields, found 4: [* * * *]");
    expect(scheduleError("0 0 * * * *")).toBe("expected exactly 5 fields, found 6: [0 0 * * * *]");
    expect(scheduleError("60 * * * *")).toBe("end of range (60) above maximum (59): 60");
    expect(scheduleError("* * * * 7")).toBe("end of range (7) above maximum (6): 7");
    expect(scheduleError("0 0 L * *")).toBe('failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax');
    expect(scheduleError("5-1 * * * *")).toBe("beginning of range (5) beyond end of range (1): 5-1");
    expect(scheduleError("*/0 * * * *")).toBe("step of range should be a positive number: */0");
    expect(scheduleError("1-2-3 * * * *")).toBe("too many hyphens: 1-2-3");
    expect(scheduleError("@fortnightly")).toBe("unrecognized descriptor: @fortnightly");
    expect(scheduleError("@every soon")).toBe('failed to parse duration @every soon: time: invalid duration "soon"');
    expect(scheduleError("0 0 31 2 *")).toBeUndefined();
  });

  it("reads a schedule in its time zone, and TZ= prefixes as robfig/cron does", () => {
    const ny = cronJobSchedule("0 9 * * *", "America/New_York");
    expect(iso(ny.next(at("2024-01-01T00:00:00Z")))).toBe("2024-01-01T14:00:00.000Z");
    expect(iso(ny.next(at("2024-07-01T00:00:00Z")))).toBe("2024-07-01T13:00:00.000Z");
    expect(iso(cronJobSchedule("CRON_TZ=Asia/Tokyo 0 9 * * *", undefined).next(at("2024-01-01T00:00:00Z")))).toBe("2024-01-02T00:00:00.000Z");
    expect(timeZoneError("Mars/Olympus")).toBe("unknown time zone Mars/Olympus");
    expect(timeZoneError("utc")).toBe("unknown time zone utc");
    expect(rfc3339InZone(at("2024-01-01T14:00:00Z"), "America/New_York")).toBe("2024-01-01T09:00:00-05:00");
    expect(rfc3339InZone(at("2024-01-01T14:00:00Z"), undefined)).toBe("2024-01-01T14:00:00Z");
  });
});
