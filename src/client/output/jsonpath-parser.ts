/**
 * The parser of client-go's util/jsonpath, the dialect kubectl accepts: text outside
 * `{}`, and inside it fields (`.a.b`, `['a']`), slices (`[0]`, `[-1:]`, `[*]`),
 * recursive descent (`..name`), unions (`[0,1]`), filters (`[?(@.x=="y")]`), quoted
 * literals (`{"\n"}`), and `range`/`end`. Ported closely so that what parses, and the
 * errors for what does not, match kubectl.
 */

export interface SliceParam {
  known: boolean;
  value: number;
  /** The end of `[i]`, derived as i+1 (so `[-1]` means the last element). */
  derived: boolean;
}

export interface ListNode {
  type: "list";
  nodes: JsonPathNode[];
}

export type JsonPathNode =
  | ListNode
  | { type: "text"; text: string }
  | { type: "field"; name: string }
  | { type: "identifier"; name: string }
  | { type: "array"; params: [SliceParam, SliceParam, SliceParam] }
  | { type: "filter"; left: ListNode; right: ListNode; operator: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: ListNode[] };

/** A template that does not parse; the message is the one client-go gives. */
export class JsonPathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonPathSyntaxError";
  }
}

const EOF = -1;
const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

const isSpace = (r: number): boolean => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number): boolean => r === 0x0d || r === 0x0a;
const isDigit = (r: number): boolean => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));

function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || ".,[]$@{}".includes(String.fromCodePoint(r));
}

/** Go's `%#U`: `U+0025 '%'`. */
function goRune(r: number): string {
  return `U+${r.toString(16).toUpperCase().padStart(4, "0")} '${String.fromCodePoint(r)}'`;
}

/** Go's strconv.Unquote, extended (as client-go does) to single-quoted strings. */
export function unquoteExtend(s: string): string {
  const fail = (): never => {
    throw new JsonPathSyntaxError("invalid syntax");
  };
  if (s.length < 2) fail();
  const quote = s[0]!;
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) fail();
  const body = s.slice(1, -1);
  if (!body.includes("\\") && !body.includes(quote)) return body;
  let out = "";
  const chars = [...body];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === quote) fail();
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = chars[++i];
    if (e === undefined) fail();
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
    if (simple[e!] !== undefined) {
      out += simple[e!];
    } else if (e === "'" || e === '"') {
      if (e !== quote) fail();
      out += e;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = chars.slice(i + 1, i + 1 + n).join("");
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) fail();
      out += String.fromCodePoint(cp);
      i += n;
    } else if (e! >= "0" && e! <= "7") {
      const oct = chars.slice(i, i + 3).join("");
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) fail();
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 2;
    } else {
      fail();
    }
  }
  return out;
}

function newList(): ListNode {
  return { type: "list", nodes: [] };
}

class Parser {
  readonly root: ListNode = newList();
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): ListNode {
    this.input = text;
    this.pos = 0;
    this.parseText(this.root);
    return this.root;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith("{", this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    // Iterative where Go recurses, so long actions cannot exhaust the stack.
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith("}")) return this.parseRightDelim();
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathSyntaxError("unclosed action");
      if (r === 0x20 || r === 0x40 || r === 0x24) {
        // A space, `@` or `$`: the current object, nothing to add.
        this.consumeText();
      } else if (r === 0x5b) {
        this.parseArray(cur);
      } else if (r === 0x22 || r === 0x27) {
        this.parseQuote(cur, r);
      } else if (r === 0x2e) {
        this.parseField(cur);
      } else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        throw new JsonPathSyntaxError(`unrecognized character in action: ${goRune(r)}`);
      }
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes[cur.nodes.length - 1]?.type === "recursive") throw new JsonPathSyntaxError("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === 0x2b || first === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: "int", value: parseInt(value, 10) });
    } else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: "float", value: parseFloat(value) });
    } else {
      throw new JsonPathSyntaxError(`cannot parse number ${value}`);
    }
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated array");
      if (r === 0x5d) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === "*") text = ":";

    const parts = text.split(",");
    if (parts.length > 1) {
      const union = parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, "")}]`));
      cur.nodes.push({ type: "union", nodes: union });
      return;
    }

    const dict = DICT_KEY.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }

    const m = SLICE.exec(text);
    if (!m) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: [SliceParam, SliceParam, SliceParam] = [
      { known: false, value: 0, derived: false },
      { known: false, value: 0, derived: false },
      { known: false, value: 0, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? "";
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") {
          params[i]!.known = false;
        } else {
          if (!/^[+-]?\d+$/.test(v)) throw new JsonPathSyntaxError(`array index ${v} is not a number`);
          params[i] = { known: true, value: parseInt(v, 10), derived: false };
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      }
    }
    cur.nodes.push({ type: "array", params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated filter");
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === 0x29 && begin === end) {
        break;
      }
    }
    if (this.next() !== 0x5d) throw new JsonPathSyntaxError("unclosed array expect ]");
    const text = this.consumeText().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) {
      cur.nodes.push({ type: "filter", left: parseAction(text), right: newList(), operator: "exists" });
    } else {
      cur.nodes.push({ type: "filter", left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (err) {
      throw new JsonPathSyntaxError(`unquote string ${value} error ${(err as Error).message}`);
    }
    cur.nodes.push({ type: "text", text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", name: value.replace(/\\/g, "") });
  }

  /** Scans to the next terminator that is not escaped with a backslash. */
  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c) {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** Parses the inside of one `{…}` (unions, quoted keys and filters are parsed this way). */
function parseAction(text: string): ListNode {
  return new Parser().parse(`{${text}}`).nodes[0] as ListNode;
}

/** Parses a kubectl jsonpath template into its root list of text and actions. */
export function parseJsonPath(template: string): ListNode {
  return new Parser().parse(template);
}
