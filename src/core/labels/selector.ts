import type { LabelSelector } from "kubernetes-types/meta/v1";

/**
 * Label selectors: the string syntax (`app=web,tier!=db,env in (a,b),!canary,track`)
 * and the structured `matchLabels`/`matchExpressions` form, compiled to one
 * requirement list so both match the same way.
 */
export type Operator = "=" | "!=" | "in" | "notin" | "exists" | "!";

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Selector = Requirement[];

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Parses kubectl's `-l` syntax. The empty string selects everything. */
export function parseSelector(text: string): Selector {
  const reqs: Requirement[] = [];
  let i = 0;
  const s = text;
  const skipWs = () => {
    while (i < s.length && s[i] === " ") i++;
  };
  const readWord = () => {
    skipWs();
    const start = i;
    while (i < s.length && !" ,=!()".includes(s[i]!)) i++;
    return s.slice(start, i);
  };
  while (true) {
    skipWs();
    if (i >= s.length) break;
    let negate = false;
    if (s[i] === "!") {
      negate = true;
      i++;
    }
    const key = readWord();
    if (!key || !KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
    skipWs();
    if (negate) {
      reqs.push({ key, op: "!", values: [] });
    } else if (i >= s.length || s[i] === ",") {
      reqs.push({ key, op: "exists", values: [] });
    } else if (s.startsWith("!=", i)) {
      i += 2;
      reqs.push({ key, op: "!=", values: [checkValue(readWord())] });
    } else if (s.startsWith("==", i)) {
      i += 2;
      reqs.push({ key, op: "=", values: [checkValue(readWord())] });
    } else if (s[i] === "=") {
      i += 1;
      reqs.push({ key, op: "=", values: [checkValue(readWord())] });
    } else {
      const word = readWord().toLowerCase();
      if (word !== "in" && word !== "notin") throw new SelectorError(`found '${word || s[i]}', expected: '=', '!=', '==', 'in', notin'`);
      skipWs();
      if (s[i] !== "(") throw new SelectorError(`found '${s[i] ?? ""}', expected: '('`);
      i++;
      const values: string[] = [];
      while (true) {
        skipWs();
        if (s[i] === ")") {
          i++;
          break;
        }
        values.push(checkValue(readWord()));
        skipWs();
        if (s[i] === ",") i++;
        else if (s[i] !== ")") throw new SelectorError(`found '${s[i] ?? "end of string"}', expected: ',' or ')'`);
      }
      reqs.push({ key, op: word, values });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ",") throw new SelectorError(`found '${s[i]}', expected: ',' or end of string`);
      i++;
    }
  }
  return reqs;
}

function checkValue(v: string): string {
  if (!VALUE.test(v) || v.length > 63) throw new SelectorError(`invalid label value: "${v}"`);
  return v;
}

/** Compiles a structured selector. `undefined` selects nothing when `nilMatchesNothing` (as for workloads). */
export function fromLabelSelector(sel: LabelSelector | undefined): Selector {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key, op: "=", values: [value] });
  for (const e of sel?.matchExpressions ?? []) {
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, op: "in", values: e.values ?? [] });
        break;
      case "NotIn":
        reqs.push({ key: e.key, op: "notin", values: e.values ?? [] });
        break;
      case "Exists":
        reqs.push({ key: e.key, op: "exists", values: [] });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, op: "!", values: [] });
        break;
      default:
        throw new SelectorError(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  return reqs;
}

/** A `matchLabels`-only selector from a map (Services, ReplicationControllers). */
export function fromMap(map: Record<string, string> | undefined): Selector {
  return Object.entries(map ?? {}).map(([key, v]) => ({ key, op: "=" as const, values: [v] }));
}

export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        if (!has || v !== r.values[0]) return false;
        break;
      case "!=":
        if (has && v === r.values[0]) return false;
        break;
      case "in":
        if (!has || !r.values.includes(v!)) return false;
        break;
      case "notin":
        if (has && r.values.includes(v!)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Renders a selector back to kubectl's string form (for describe and messages). */
export function selectorString(sel: Selector): string {
  return sel
    .map((r) => {
      switch (r.op) {
        case "=":
          return `${r.key}=${r.values[0]}`;
        case "!=":
          return `${r.key}!=${r.values[0]}`;
        case "in":
          return `${r.key} in (${r.values.join(",")})`;
        case "notin":
          return `${r.key} notin (${r.values.join(",")})`;
        case "exists":
          return r.key;
        case "!":
          return `!${r.key}`;
      }
    })
    .join(",");
}

/**
 * `metav1.LabelSelectorAsSelector(sel).String()`: the requirements sorted by key, the
 * values of `in`/`notin` sorted. Throws a SelectorError for an unknown operator; callers
 * decide how that reads (a table cell says `<error>`, a command fails).
 */
export function labelSelectorText(sel: LabelSelector): string {
  const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const reqs = fromLabelSelector(sel).map((r) => ({ ...r, values: [...r.values].sort(byKey) }));
  return selectorString(reqs.sort((a, b) => byKey(a.key, b.key)));
}
