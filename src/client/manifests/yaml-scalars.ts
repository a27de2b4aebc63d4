/**
 * YAML scalar resolution as Kubernetes does it. kubectl turns YAML into JSON with
 * sigs.k8s.io/yaml, which decodes with go-yaml v2: a YAML 1.1-flavoured resolver.
 * kdeck resolves the same way so a manifest means the same thing here as on a real
 * cluster, surprises included:
 *
 * - `yes`/`no`, `on`/`off`, `y`/`n` (any of their capitalisations) are booleans, so
 *   `enabled: on` in a ConfigMap's data is refused there as it is by Kubernetes;
 * - `0644` is octal (420), as are `0o644`; `0x1F` is hex; `1_000` is 1000;
 * - `12:30` stays a string (go-yaml dropped YAML 1.1's base-60 numbers);
 * - timestamps stay strings; `.inf` and `.nan` cannot become JSON and are errors.
 */

/** A resolved scalar and its YAML tag in go-yaml's short form (`!!int`, `!!str`…). */
export interface ResolvedScalar {
  tag: "!!null" | "!!bool" | "!!int" | "!!float" | "!!str";
  value: null | boolean | number | string;
}

const WORDS = new Map<string, ResolvedScalar>();
function words(tag: ResolvedScalar["tag"], value: ResolvedScalar["value"], list: string[]): void {
  for (const w of list) WORDS.set(w, { tag, value });
}
words("!!bool", true, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
words("!!bool", false, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
words("!!null", null, ["", "~", "null", "Null", "NULL"]);
words("!!float", NaN, [".nan", ".NaN", ".NAN"]);
words("!!float", Infinity, [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
words("!!float", -Infinity, ["-.inf", "-.Inf", "-.INF"]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint`: sign, then a 0x/0o/0b/0 prefix. */
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, body] = m as unknown as [string, string, string];
  let digits = body;
  let prefix = "";
  if (/^0[xXoObB]/.test(body)) {
    prefix = body.slice(0, 2).toLowerCase();
    digits = body.slice(2);
  } else if (body.length > 1 && body.startsWith("0")) {
    prefix = "0o";
    digits = body.slice(1);
  }
  const magnitude = BigInt(prefix ? `${prefix}${digits}` : digits);
  const n = sign === "-" ? -magnitude : magnitude;
  if (n < INT64_MIN || n > UINT64_MAX) return undefined;
  return Number(n);
}

/** Resolves an untagged plain scalar the way go-yaml v2 does. */
export function resolvePlainScalar(text: string): ResolvedScalar {
  const known = WORDS.get(text);
  if (known) return known;
  const hint = text[0];
  if (hint === ".") {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text)) return { tag: "!!float", value: Number(text) };
  } else if (hint !== undefined && /[-+0-9]/.test(hint)) {
    const plain = text.replace(/_/g, "");
    const int = parseGoInt(plain);
    if (int !== undefined) return { tag: "!!int", value: int };
    if (YAML_FLOAT.test(plain)) return { tag: "!!float", value: Number(plain) };
  }
  return { tag: "!!str", value: text };
}

/** Raised for a scalar that cannot become JSON; the message is go-yaml's or encoding/json's. */
export class ScalarError extends Error {}

/**
 * The JSON value of a YAML scalar, given its explicit tag (if any) and whether it
 * was written plain (unquoted, not a block scalar).
 */
export function resolveScalar(text: string, plain: boolean, tag: string | undefined): null | boolean | number | string {
  if (!tag) return finite(plain ? resolvePlainScalar(text).value : text, text);
  const short = tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
  switch (short) {
    case "!!null":
    case "!!bool":
    case "!!int":
    case "!!float": {
      const r = resolvePlainScalar(text);
      if (r.tag !== short && !(short === "!!float" && r.tag === "!!int")) {
        throw new ScalarError(`cannot decode ${r.tag} \`${text}\` as a ${short}`);
      }
      return finite(r.value, text);
    }
    case "!!binary":
      return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      // !!str, !!timestamp and application tags (`!foo`) all decode to the text.
      return text;
  }
}

function finite<T>(value: T, text: string): T {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new ScalarError(`json: unsupported value: ${Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf"} (from \`${text}\`)`);
  }
  return value;
}

/**
 * A map key as the JSON object key sigs.k8s.io/yaml makes of it: numbers and
 * booleans become their text (`on:` becomes the key `"true"`, as in Kubernetes).
 */
export function keyString(value: null | boolean | number | string): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  }
  return String(value);
}
