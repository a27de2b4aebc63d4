/**
 * How Go's fmt prints decoded JSON values, for the places kubectl shows them raw:
 * jsonpath results (`%v`), and the object dump in jsonpath errors (`%#v`).
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A number as `%v` prints it. JSON integers decode to int64 and print in full; other
 * values are float64, which Go writes in exponent form below 1e-4 and from 1e6 on.
 */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
  const [mantissa, exp] = n.toExponential().split("e") as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(n);
}

/** Go's type name for a decoded JSON value, as error messages spell it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** `%#v` of a decoded JSON value: `map[string]interface {}{"kind":"Pod", …}`. */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return goNumber(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(", ")}}`;
  if (isRecord(v)) {
    const entries = Object.keys(v)
      .sort(byKey)
      .map((k) => `${JSON.stringify(k)}:${goSyntax(v[k])}`);
    return `map[string]interface {}{${entries.join(", ")}}`;
  }
  return String(v);
}
