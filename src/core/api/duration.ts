/**
 * Go's duration syntax (`time.ParseDuration`), which metav1.Duration fields decode, kubectl
 * uses for `--timeout` and `--since`, and cron's `@every` takes: `30s`, `5m`, `1h30m`,
 * `500ms`, `1.5h`.
 */
const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const NUMBER = String.raw`(\d+\.?\d*|\.\d+)`;
const PART = new RegExp(`^${NUMBER}(ns|us|µs|μs|ms|s|m|h)`);
const BARE_NUMBER = new RegExp(`^${NUMBER}$`);
const OTHER_UNIT = new RegExp(`^${NUMBER}([^\\d.]+)`);

/** A duration's sign and its magnitude in (fractional) milliseconds; throws Go's message. */
function parseParts(text: string): { sign: 1 | -1; ms: number } {
  const invalid = new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign: 1 | -1 = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s.startsWith("-")) sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return { sign: 1, ms: 0 };
  if (s === "") throw invalid;
  let ms = 0;
  while (s.length > 0) {
    const m = PART.exec(s);
    if (!m) {
      if (BARE_NUMBER.test(s)) throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
      const unit = OTHER_UNIT.exec(s);
      if (unit) throw new Error(`time: unknown unit ${JSON.stringify(unit[2])} in duration ${JSON.stringify(text)}`);
      throw invalid;
    }
    ms += Number(m[1]) * UNITS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return { sign, ms };
}

/**
 * A Go duration in whole milliseconds; throws Go's message (`time: invalid duration "x"`,
 * `time: missing unit in duration "5"`, `time: unknown unit "d" in duration "1d"`).
 */
export function parseGoDuration(text: string): number {
  const { sign, ms } = parseParts(text);
  return sign * Math.round(ms);
}

/** As parseGoDuration, but keeping fractions of a millisecond (`1.5us` is 0.0015). */
export function parseGoDurationExact(text: string): number {
  const { sign, ms } = parseParts(text);
  return sign * ms;
}
