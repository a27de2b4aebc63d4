/**
 * Go's duration syntax (`time.ParseDuration`), which kubectl uses for `--timeout`,
 * `--since` and which `kdeck advance` accepts: `30s`, `5m`, `1h30m`, `500ms`, `1.5h`.
 */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration into milliseconds; throws Go's message for anything else. */
export function parseDuration(text: string): number {
  const invalid = new Error(`time: invalid duration "${text}"`);
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s.startsWith("-")) sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid;
  let total = 0;
  const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) {
      if (/^(\d+\.?\d*|\.\d+)$/.test(s)) throw new Error(`time: missing unit in duration "${text}"`);
      const unit = /^(\d+\.?\d*|\.\d+)([^\d.]+)/.exec(s);
      if (unit) throw new Error(`time: unknown unit "${unit[2]}" in duration "${text}"`);
      throw invalid;
    }
    total += Number(m[1]) * UNITS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * Math.round(total);
}

/**
 * A duration the way a person would write it back: `30s`, `5m`, `1h30m`, `500ms`,
 * `1m30.5s` (Go's own `String()` would say `5m0s`).
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 0) return "-" + formatDuration(-ms);
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}
