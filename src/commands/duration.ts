/** Go's duration syntax (`time.ParseDuration`), which kubectl uses for `--timeout`, `--since` and `kdeck advance` accepts. */
export { parseGoDuration as parseDuration } from "../client/time.js";

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
