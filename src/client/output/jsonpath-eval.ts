/**
 * client-go's jsonpath evaluator: walks decoded JSON along a parsed template, with
 * kubectl's range/end bookkeeping. `jsonpath.ts` prints its results; `sort-by.ts`
 * compares them.
 */
import { goTypeName } from "./go-format.js";
import { JsonPathSyntaxError, parseJsonPath, type JsonPathNode, type ListNode } from "./jsonpath-parser.js";

export interface JsonPathOptions {
  /**
   * Missing fields print nothing instead of failing (kubectl's
   * --allow-missing-template-keys, true by default).
   */
  allowMissingKeys?: boolean;
}

/** A jsonpath template kubectl would refuse; the message reads as kubectl's, minus `error: `. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonPathError";
  }
}

/** A failure while walking the data (client-go's evaluation errors). */
export class EvalError extends Error {}

/** A JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Arrays in order, maps by sorted key (client-go's iterHelper); anything else is not iterable. */
function iterate(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return Object.keys(v).sort(byKey).map((k) => v[k]);
  return undefined;
}

const isNil = (v: unknown): boolean => v === null || v === undefined;

function compare(op: string, l: unknown, r: unknown): boolean {
  // client-go ignores comparisons between incompatible types (they are simply false).
  // Numbers compare as numbers: decoded JSON here does not tell int64 from float64.
  const comparable =
    (typeof l === "number" && typeof r === "number") ||
    (typeof l === "string" && typeof r === "string") ||
    (typeof l === "boolean" && typeof r === "boolean" && (op === "==" || op === "!="));
  if (!comparable) {
    if (!["<", ">", "==", "!=", "<=", ">="].includes(op)) throw new EvalError(`unrecognized filter operator ${op}`);
    return false;
  }
  const a = l as number | string;
  const b = r as number | string;
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
    default:
      throw new EvalError(`unrecognized filter operator ${op}`);
  }
}

/** client-go's JSONPath evaluator, range bookkeeping included. */
export class Evaluator {
  private stack: unknown[][] = [];
  private cur: unknown[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;

  constructor(private readonly allowMissingKeys: boolean) {}

  findResults(data: unknown, nodes: readonly JsonPathNode[]): unknown[][] {
    this.cur = [data];
    const full: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]!);
      // An `end` inside a loop body ends this iteration.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        break;
      }
      // A `range`: run the rest of the template once per result.
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        for (let k = 0; k < results.length; k++) {
          if (k === results.length - 1) this.inRange--;
          full.push(...this.findResults(results[k], nodes.slice(i + 1)));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: unknown[], node: JsonPathNode): unknown[] {
    switch (node.type) {
      case "list":
        return this.evalList(input, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(input, node.name);
      case "array":
        return this.evalArray(input, node.params);
      case "filter":
        return this.evalFilter(input, node);
      case "int":
      case "float":
      case "bool":
        return input.map(() => node.value);
      case "wildcard":
        return input.filter((v) => !isNil(v)).flatMap((v) => iterate(v) ?? []);
      case "recursive":
        return this.evalRecursive(input);
      case "union":
        return node.nodes.flatMap((list) => this.evalList(input, list));
      case "identifier":
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: unknown[], node: ListNode): unknown[] {
    let cur = input;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    if (name === "range") {
      this.stack.push(this.cur);
      this.beginRange++;
      return input;
    }
    if (name === "end") {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      const popped = this.stack.pop();
      if (!popped) throw new EvalError("not in range, nothing to end");
      this.cur = popped;
      return [];
    }
    throw new EvalError(`unrecognized identifier ${name}`);
  }

  private evalField(input: unknown[], name: string): unknown[] {
    if (input.length === 0) return [];
    const results: unknown[] = [];
    for (const v of input) {
      if (isRecord(v) && Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new EvalError(`${name} is not found`);
    return results;
  }

  private evalArray(input: unknown[], params: readonly { known: boolean; value: number; derived: boolean }[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      if (!Array.isArray(v)) throw new EvalError(`${goTypeName(v)} is not array or slice`);
      const len = v.length;
      const p = params.map((x) => ({ ...x }));
      const [from, to, step] = p as [(typeof p)[0], (typeof p)[0], (typeof p)[0]];
      if (!from.known) from.value = 0;
      if (from.value < 0) from.value += len;
      if (!to.known) to.value = len;
      if (to.value < 0 || (to.value === 0 && to.derived)) to.value += len;
      if (to.value === from.value) return result;
      if (from.value >= len || from.value < 0) throw new EvalError(`array index out of bounds: index ${from.value}, length ${len}`);
      if (to.value > len || to.value < 0) throw new EvalError(`array index out of bounds: index ${to.value - 1}, length ${len}`);
      if (from.value > to.value) throw new EvalError(`starting index ${from.value} is greater than ending index ${to.value}`);
      let s = 1;
      if (step.known) {
        if (step.value <= 0) throw new EvalError("step must be > 0");
        s = step.value;
      }
      const slice = v.slice(from.value, to.value);
      for (let i = 0; i < slice.length; i += s) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      const children = iterate(v);
      if (!children || children.length === 0) continue;
      result.push(v, ...this.evalRecursive(children));
    }
    return result;
  }

  private evalFilter(input: unknown[], node: Extract<JsonPathNode, { type: "filter" }>): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      const elements = iterate(v) ?? [v];
      for (const element of elements) {
        let lefts: unknown[];
        try {
          lefts = this.evalList([element], node.left);
        } catch (err) {
          if (!(err instanceof EvalError) || !this.allowMissingKeys) throw err;
          lefts = [];
        }
        const rights = this.evalList([element], node.right);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new EvalError("can only compare one element at a time");
        if (node.operator === "exists") {
          results.push(element);
          continue;
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new EvalError("can only compare one element at a time");
        if (compare(node.operator, lefts[0], rights[0])) results.push(element);
      }
    }
    return results;
  }
}

/** Parses a template, turning a syntax error into kubectl's "error parsing jsonpath". */
export function parseTemplate(template: string): ListNode {
  try {
    return parseJsonPath(template);
  } catch (err) {
    if (err instanceof JsonPathSyntaxError) throw new JsonPathError(`error parsing jsonpath ${template}, ${err.message}`);
    throw err;
  }
}

/**
 * Every value the first expression of a template finds, unprinted — what `--sort-by`
 * compares. Missing fields give an empty list.
 */
export function findJsonPathValues(template: string, data: unknown): unknown[] {
  const root = parseTemplate(template);
  try {
    return new Evaluator(true).findResults(data, root.nodes)[0] ?? [];
  } catch (err) {
    if (err instanceof EvalError) throw new JsonPathError(err.message);
    throw err;
  }
}
