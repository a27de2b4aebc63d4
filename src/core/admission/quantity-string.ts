/**
 * Kubernetes' canonical form of a quantity (`resource.Quantity.String()`), which its
 * messages print: `2000m` → `2`, `1000` → `1k`, `0.5` → `500m`, `1024Mi` → `1Gi`,
 * `1e3` → `1e3`. Exact arithmetic on BigInt, so no float rounding shows up in messages.
 */

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** The canonical string of a quantity; the input unchanged when it does not parse. */
export function canonicalQuantity(q: string | number): string {
  const s = String(q).trim();
  const m = QUANTITY.exec(s);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return s;
  const negative = m[1] === "-";
  const frac = m[3] ?? "";
  let mantissa = BigInt(`${m[2] || "0"}${frac}` || "0");
  let exp10 = -frac.length;
  if (m[4]) {
    exp10 += Number(m[4].slice(1));
    return format(negative, mantissa, exp10, "exponent");
  }
  const suffix = m[5] ?? "";
  if (suffix in BINARY_EXP) {
    // Bytes = mantissa · 10^exp10 · 1024^k; shown in base 1024 only when a whole number ≥ 1024.
    mantissa *= 1024n ** BigInt(BINARY_EXP[suffix]!);
    const whole = exp10 >= 0 ? mantissa * 10n ** BigInt(exp10) : mantissa % 10n ** BigInt(-exp10) === 0n ? mantissa / 10n ** BigInt(-exp10) : undefined;
    if (whole === undefined || whole < 1024n) return format(negative, mantissa, exp10, "decimal");
    let k = 0;
    let n = whole;
    while (k < 6 && n % 1024n === 0n) {
      n /= 1024n;
      k++;
    }
    return `${negative ? "-" : ""}${n}${BINARY_SUFFIX[k]}`;
  }
  return format(negative, mantissa, exp10 + DECIMAL_EXP[suffix]!, "decimal");
}

function format(negative: boolean, mantissa: bigint, exp10: number, style: "decimal" | "exponent"): string {
  if (mantissa === 0n) return "0";
  let m = mantissa;
  let e = exp10;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  // Quantities keep at most nanounit precision and round up beyond it.
  if (e < -9) {
    const div = 10n ** BigInt(-9 - e);
    m = m / div + (m % div === 0n ? 0n : 1n);
    e = -9;
  }
  const r = ((e % 3) + 3) % 3;
  if (r !== 0) {
    m *= 10n ** BigInt(r);
    e -= r;
  }
  if (e > 18) {
    m *= 10n ** BigInt(e - 18);
    e = 18;
  }
  const sign = negative ? "-" : "";
  if (style === "exponent") return `${sign}${m}${e === 0 ? "" : `e${e}`}`;
  return `${sign}${m}${DECIMAL_SUFFIX[e]}`;
}
