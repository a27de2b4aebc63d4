/** Durations as the `>` prompt reads them: Go's syntax (`30s`, `5m`, `1h30m`, `1.5h`, `250ms`). */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or undefined when `text` is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total > 0 ? Math.round(total) : undefined;
}

/** `5m`, `1h30m`, `45s`: the shortest exact spelling of whole seconds. */
export function formatDuration(ms: number): string {
  let s = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [["h", 3600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(s / size);
    if (n > 0) parts.push(`${n}${unit}`);
    s -= n * size;
  }
  return parts.join("") || `${ms}ms`;
}

/** Speeds `+` and `-` step through. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;

export function nextSpeed(current: number, step: 1 | -1): number {
  if (current <= 0) return step > 0 ? 1 : SPEEDS[0];
  const i = SPEEDS.findIndex((s) => s >= current);
  const at = i < 0 ? SPEEDS.length - 1 : SPEEDS[i] === current ? i + step : step > 0 ? i : i - 1;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at))]!;
}
