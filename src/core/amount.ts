/**
 * Exact resource quantities, as apimachinery's `resource.Quantity` keeps them: nano-unit
 * integers with the format they were written in, the canonical `Quantity.String()`
 * (`250m`, `1500m`, `2`, `128Mi`, `1536`, `2k`), and arithmetic that keeps the first
 * operand's format as Go's `Add` and `Sub` do. Describe, quota accounting and the
 * LimitRanger all print and compare quantities through it.
 */

/** How a quantity was written, which decides how it prints. */
export type QuantityFormat = "BinarySI" | "DecimalSI" | "DecimalExponent";

/** A quantity in nano-units of its base unit (cores, bytes, …). */
export interface Amount {
  nanos: bigint;
  format: QuantityFormat;
}

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const BINARY_POWER: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** Zero, as a missing entry of a ResourceList reads. */
export const ZERO: Amount = { nanos: 0n, format: "DecimalSI" };

function pow(base: bigint, exp: number): bigint {
  let r = 1n;
  for (let i = 0; i < exp; i++) r *= base;
  return r;
}

/** Integer division rounding away from zero: Kubernetes rounds quantities up, never losing a request. */
function divUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d === n ? q : n < 0n ? q - 1n : q + 1n;
}

/** Parses `250m`, `1.5Gi`, `2e3`, `4` (or a number). Unparsable input reads as zero. */
export function parseAmount(q: string | number | undefined): Amount {
  if (q === undefined) return ZERO;
  const m = QUANTITY.exec(String(q).trim());
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return ZERO;
  const sign = m[1] === "-" ? -1n : 1n;
  const frac = m[3] ?? "";
  const digits = BigInt(`${m[2] || "0"}${frac}`);
  let format: QuantityFormat = "DecimalSI";
  let exp10 = -frac.length + 9;
  let multiplier = 1n;
  if (m[4]) {
    format = "DecimalExponent";
    exp10 += Number(m[4].slice(1));
  } else if (m[5] && BINARY_POWER[m[5]] !== undefined) {
    format = "BinarySI";
    multiplier = pow(1024n, BINARY_POWER[m[5]]!);
  } else {
    exp10 += DECIMAL_EXPONENT[m[5] ?? ""]!;
  }
  const scaled = exp10 >= 0 ? digits * pow(10n, exp10) * multiplier : divUp(digits * multiplier, pow(10n, -exp10));
  return { nanos: sign * scaled, format };
}

const STRICT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The quantity `s` spells, or undefined when it is not one (`1.10.2`, `web-1`, `""`). */
export function tryParseAmount(s: string): Amount | undefined {
  return STRICT.test(s.trim()) ? parseAmount(s) : undefined;
}

/** `a + b`, in `a`'s format unless `a` is zero (Go's Quantity.Add). */
export function addAmounts(a: Amount, b: Amount): Amount {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

function decimalString(nanos: bigint, format: QuantityFormat): string {
  const negative = nanos < 0n;
  let mantissa = negative ? -nanos : nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= pow(10n, r);
  exponent -= r;
  const suffix = format === "DecimalExponent" ? (exponent === 0 ? "" : `e${exponent}`) : (DECIMAL_SUFFIX[exponent] ?? `e${exponent}`);
  return `${negative ? "-" : ""}${mantissa}${suffix}`;
}

/** The canonical text of a quantity, as `Quantity.String()` prints it. */
export function formatAmount(a: Amount): string {
  if (a.nanos === 0n) return "0";
  if (a.format === "BinarySI") {
    const unit = 1_000_000_000n;
    const bytesLimit = 1024n * unit;
    const small = a.nanos > -bytesLimit && a.nanos < bytesLimit;
    if (!small && a.nanos % unit === 0n) {
      let value = a.nanos / unit;
      let power = 0;
      while (value % 1024n === 0n && power < BINARY_SUFFIX.length - 1) {
        value /= 1024n;
        power++;
      }
      return `${value}${BINARY_SUFFIX[power]}`;
    }
    return decimalString(a.nanos, "DecimalSI");
  }
  return decimalString(a.nanos, a.format);
}

/** A quantity string in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`). */
export function canonicalQuantity(q: string | number | undefined): string {
  return formatAmount(parseAmount(q));
}

/** Value in milli-units rounded up, as `MilliValue()`. */
export function milliValue(a: Amount): bigint {
  return divUp(a.nanos, 1_000_000n);
}

/** Value in whole units rounded up, as `Value()`. */
export function wholeValue(a: Amount): bigint {
  return divUp(a.nanos, 1_000_000_000n);
}

/** Which is larger (Go's Quantity.Cmp > 0). */
export function greater(a: Amount, b: Amount): boolean {
  return a.nanos > b.nanos;
}

/** `a - b`, in `a`'s format unless `a` is zero (Go's Quantity.Sub). */
export function subtractAmounts(a: Amount, b: Amount): Amount {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** -1, 0 or 1 as `a` is smaller than, equal to or larger than `b` (Go's Quantity.Cmp). */
export function compareAmounts(a: Amount, b: Amount): number {
  return a.nanos === b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1;
}

/** A whole number of units in `format` (Go's resource.NewQuantity). */
export function wholeAmount(value: bigint | number, format: QuantityFormat = "DecimalSI"): Amount {
  return { nanos: BigInt(value) * 1_000_000_000n, format };
}
