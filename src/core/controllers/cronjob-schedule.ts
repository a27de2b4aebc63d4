/**
 * CronJob schedules as Kubernetes reads them: robfig/cron v3's standard parser (five
 * fields, `@hourly`-style descriptors, `@every <duration>`, `TZ=`/`CRON_TZ=`
 * prefixes), with its error messages word for word, so that validation refuses what
 * the API server refuses. Activation times come from `cron-parser` over the fields
 * this module has already checked and normalised.
 */
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { parseGoDurationExact } from "../api/duration.js";

/** When a schedule next fires. */
export interface CronSchedule {
  /** The first activation strictly after `afterMs` (epoch ms), or NaN when there is none. */
  next(afterMs: number): number;
}

/** A schedule robfig/cron refuses; the message is its own. */
export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CronSyntaxError";
  }
}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTH_NAMES },
  { min: 0, max: 6, names: DOW_NAMES },
];

/** The descriptors robfig/cron knows, as the five fields they stand for. */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** One parsed field: the values it allows, and whether it was `*` or `?` (which matters for day matching). */
interface FieldSet {
  values: Set<number>;
  star: boolean;
}

/**
 * Parses a schedule as `cron.ParseStandard` does and returns its activations. A
 * `TZ=`/`CRON_TZ=` prefix sets the zone; otherwise `defaultZone` (UTC, the zone a
 * controller manager runs in, when absent).
 */
export function parseStandard(spec: string, defaultZone = "UTC"): CronSchedule {
  if (spec.length === 0) throw new CronSyntaxError("empty spec string");
  let zone = defaultZone;
  let rest = spec;
  if (rest.startsWith("TZ=") || rest.startsWith("CRON_TZ=")) {
    const space = rest.indexOf(" ");
    const eq = rest.indexOf("=");
    const name = space < 0 ? rest.slice(eq + 1) : rest.slice(eq + 1, space);
    const zoneError = timeZoneError(name);
    if (zoneError) throw new CronSyntaxError(`provided bad location ${name}: ${zoneError}`);
    zone = name;
    rest = space < 0 ? "" : rest.slice(space).trim();
  }
  if (rest.startsWith("@")) {
    const every = "@every ";
    if (rest.startsWith(every)) return everySchedule(rest, rest.slice(every.length));
    const fields = DESCRIPTORS[rest];
    if (!fields) throw new CronSyntaxError(`unrecognized descriptor: ${rest}`);
    return fieldSchedule(parseFields(fields.split(" ")), zone);
  }
  const fields = rest.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) throw new CronSyntaxError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  return fieldSchedule(parseFields(fields), zone);
}

/** The message `cron.ParseStandard` gives for `spec`, or undefined when it parses. */
export function scheduleError(spec: string): string | undefined {
  try {
    parseStandard(spec);
    return undefined;
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}

/**
 * The schedule the CronJob controller runs (its formatSchedule): a schedule that
 * names its own zone is used as written, otherwise `timeZone` applies.
 */
export function cronJobSchedule(schedule: string, timeZone: string | undefined): CronSchedule {
  if (schedule.includes("TZ") || !timeZone || timeZoneError(timeZone)) return parseStandard(schedule);
  return parseStandard(schedule, timeZone);
}

/**
 * Go's `time.LoadLocation` verdict on a zone name: undefined when it loads, else its
 * error (`unknown time zone Mars/Olympus`). Names are case-sensitive, as files are.
 */
export function timeZoneError(name: string): string | undefined {
  if (name === "" || name === "UTC") return undefined;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) return `unknown time zone ${name}`;
    return undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

/** `2024-01-01T09:00:00-05:00`: Go's RFC 3339 rendering of an instant in a zone. */
export function rfc3339InZone(ms: number, zone: string | undefined): string {
  const z = zone && !timeZoneError(zone) ? zone : "UTC";
  const offsetMinutes = zoneOffsetMinutes(ms, z);
  const local = new Date(ms + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  if (offsetMinutes === 0) return `${date}T${time}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${date}T${time}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

function zoneOffsetMinutes(ms: number, zone: string): number {
  if (zone === "UTC") return 0;
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? "");
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

function parseFields(fields: readonly string[]): FieldSet[] {
  return fields.map((f, i) => parseField(f, FIELDS[i]!));
}

/** robfig's getField: comma-separated ranges. */
function parseField(field: string, bounds: Bounds): FieldSet {
  const set: FieldSet = { values: new Set(), star: false };
  for (const expr of field.split(",").filter((e) => e.length > 0)) {
    const r = parseRange(expr, bounds);
    for (const v of r.values) set.values.add(v);
    if (r.star) set.star = true;
  }
  return set;
}

/** robfig's getRange: `*`, `?`, `n`, `a-b`, each with an optional `/step`. */
function parseRange(expr: string, bounds: Bounds): FieldSet {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, bounds.names);
    else throw new CronSyntaxError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (singleDigit) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronSyntaxError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
  const values = new Set<number>();
  for (let v = start; v <= end; v += step) values.add(v);
  return { values, star };
}

function parseIntOrName(expr: string, names: Readonly<Record<string, number>> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** Go's strconv.Atoi, then robfig's refusal of negatives. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronSyntaxError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) {
    throw new CronSyntaxError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  }
  if (n < 0) throw new CronSyntaxError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** The checked fields handed to cron-parser, in the zone they are read in. */
function fieldSchedule(fields: FieldSet[], zone: string): CronSchedule {
  const text = fields.map((f) => (f.star ? "*" : [...f.values].sort((a, b) => a - b).join(","))).join(" ");
  let expression: CronExpression | undefined;
  return {
    next(afterMs: number): number {
      try {
        expression ??= CronExpressionParser.parse(text, { currentDate: new Date(afterMs), tz: zone });
        expression.reset(new Date(afterMs));
        return expression.next().getTime();
      } catch {
        // A schedule that never fires (the 31st of February) has no next activation.
        return NaN;
      }
    },
  };
}

/** `@every 1h30m`: a constant delay, at least a second, in whole seconds. */
function everySchedule(descriptor: string, text: string): CronSchedule {
  let ms: number;
  try {
    ms = parseGoDurationExact(text);
  } catch {
    throw new CronSyntaxError(`failed to parse duration ${descriptor}: time: invalid duration ${JSON.stringify(text)}`);
  }
  const delay = Math.max(1000, ms - (ms % 1000));
  return { next: (afterMs) => afterMs - (afterMs % 1000) + delay };
}
