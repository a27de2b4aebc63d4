/**
 * Kubernetes resource quantities (`100m`, `1.5`, `128Mi`, `1G`, `2e3`).
 * Values are returned in base units as numbers: cores for CPU, bytes for memory.
 * CPU is compared in millicores to avoid float drift.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** True when `s` is a syntactically valid quantity. */
export function isQuantity(s: unknown): boolean {
  if (typeof s === "number") return Number.isFinite(s);
  return typeof s === "string" && QUANTITY.test(s.trim()) && !Number.isNaN(parseFloat(s));
}

/** Parses a quantity to base units. Throws on a malformed value. */
export function parseQuantity(q: string | number): number {
  if (typeof q === "number") return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const n = parseFloat(m[1]!);
  if (m[2]) return n * 10 ** parseInt(m[2].slice(1), 10);
  const suffix = m[3] ?? "";
  return n * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** CPU quantity in whole millicores (rounded up, as Kubernetes does). */
export function cpuMillis(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(Math.round(parseQuantity(q) * 1e6) / 1e3);
}

/** Memory (or any byte quantity) in bytes. */
export function bytes(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(parseQuantity(q));
}

/** Formats millicores the way kubectl does: `250m`, `2`. */
export function formatCpuMillis(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Formats bytes with the largest binary suffix that divides them: `128Mi`, `16Gi`, `1500k` falls back to bytes. */
export function formatBytes(b: number): string {
  for (const [suffix, mult] of [["Ei", 2 ** 60], ["Pi", 2 ** 50], ["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) {
    if (b >= mult && b % mult === 0) return `${b / mult}${suffix}`;
  }
  return String(b);
}
