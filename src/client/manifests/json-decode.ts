import type { SourceNode, SourcePosition } from "./source-tree.js";
import type { DecodedDocument } from "./yaml-decode.js";

/**
 * Decodes a JSON manifest stream (kubectl reads a file that starts with `{` as a
 * sequence of JSON objects) with the position of every field. Syntax errors use
 * Go's encoding/json wording, which is what kubectl prints; duplicate fields, which
 * the API server's strict field validation refuses, are reported here with both lines.
 */
export function decodeJsonStream(text: string): DecodedDocument[] {
  const parser = new JsonParser(text);
  const docs: DecodedDocument[] = [];
  for (;;) {
    parser.skipSpace();
    if (parser.atEnd()) break;
    const start = parser.position(parser.offset);
    try {
      const { value, tree } = parser.value("beginning of value");
      docs.push({ index: docs.length, start, value, tree });
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      const pos = parser.position(e.offset);
      docs.push({ index: docs.length, start, error: { message: `json: line ${pos.line}: ${e.message}`, ...pos } });
      // After a syntax error the rest of the stream cannot be trusted, as in kubectl.
      break;
    }
  }
  return docs;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Go's quoteChar: how encoding/json shows the offending character. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const s = JSON.stringify(c).slice(1, -1);
  return `'${s}'`;
}

class JsonParser {
  offset = 0;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
  }

  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 };
  }

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  skipSpace(): void {
    while (this.offset < this.text.length && " \t\r\n".includes(this.text[this.offset] as string)) this.offset++;
  }

  private fail(context: string): never {
    if (this.atEnd()) throw new JsonSyntaxError("unexpected end of JSON input", this.offset);
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.text[this.offset] as string)} ${context}`, this.offset);
  }

  value(context: string): { value: unknown; tree: SourceNode } {
    this.skipSpace();
    const pos = this.position(this.offset);
    const c = this.text[this.offset];
    if (c === "{") return this.object(pos);
    if (c === "[") return this.array(pos);
    if (c === '"') return { value: this.string(), tree: pos };
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return { value: this.number(), tree: pos };
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (c === word[0]) {
        for (let i = 1; i < word.length; i++) {
          this.offset++;
          if (this.text[this.offset] !== word[i]) this.fail(`in literal ${word} (expecting '${word[i]}')`);
        }
        this.offset++;
        return { value, tree: pos };
      }
    }
    return this.fail(`looking for ${context}`);
  }

  private object(pos: SourcePosition): { value: unknown; tree: SourceNode } {
    this.offset++;
    const value: Record<string, unknown> = {};
    const fields = new Map<string, { key: SourcePosition; value: SourceNode }>();
    this.skipSpace();
    if (this.text[this.offset] === "}") {
      this.offset++;
      return { value, tree: { ...pos, fields } };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.fail("looking for beginning of object key string");
      const keyOffset = this.offset;
      const keyPos = this.position(keyOffset);
      const key = this.string();
      const previous = fields.get(key);
      if (previous) throw new JsonSyntaxError(`duplicate field "${key}" (first set at line ${previous.key.line})`, keyOffset);
      this.skipSpace();
      if (this.text[this.offset] !== ":") this.fail("after object key");
      this.offset++;
      const member = this.value("beginning of value");
      Object.defineProperty(value, key, { value: member.value, writable: true, enumerable: true, configurable: true });
      fields.set(key, { key: keyPos, value: member.tree });
      this.skipSpace();
      const c = this.text[this.offset];
      if (c === ",") {
        this.offset++;
        continue;
      }
      if (c === "}") {
        this.offset++;
        return { value, tree: { ...pos, fields } };
      }
      this.fail("after object key:value pair");
    }
  }

  private array(pos: SourcePosition): { value: unknown; tree: SourceNode } {
    this.offset++;
    const value: unknown[] = [];
    const items: SourceNode[] = [];
    this.skipSpace();
    if (this.text[this.offset] === "]") {
      this.offset++;
      return { value, tree: { ...pos, items } };
    }
    for (;;) {
      const item = this.value("beginning of value");
      value.push(item.value);
      items.push(item.tree);
      this.skipSpace();
      const c = this.text[this.offset];
      if (c === ",") {
        this.offset++;
        continue;
      }
      if (c === "]") {
        this.offset++;
        return { value, tree: { ...pos, items } };
      }
      this.fail("after array element");
    }
  }

  private string(): string {
    this.offset++;
    let out = "";
    for (;;) {
      const c = this.text[this.offset];
      if (c === undefined) this.fail("in string literal");
      if (c === '"') {
        this.offset++;
        return out;
      }
      if (c < " ") this.fail("in string literal");
      if (c !== "\\") {
        out += c;
        this.offset++;
        continue;
      }
      this.offset++;
      const e = this.text[this.offset];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.offset++;
      } else if (e === "u") {
        let code = 0;
        for (let i = 0; i < 4; i++) {
          this.offset++;
          const h = this.text[this.offset];
          if (h === undefined || !/[0-9a-fA-F]/.test(h)) this.fail("in \\u hexadecimal character escape");
          code = code * 16 + parseInt(h, 16);
        }
        out += String.fromCharCode(code);
        this.offset++;
      } else {
        this.fail("in string escape code");
      }
    }
  }

  private number(): number {
    const start = this.offset;
    const digit = (): boolean => {
      const c = this.text[this.offset];
      return c !== undefined && c >= "0" && c <= "9";
    };
    if (this.text[this.offset] === "-") this.offset++;
    if (this.text[this.offset] === "0") this.offset++;
    else if (digit()) while (digit()) this.offset++;
    else this.fail("in numeric literal");
    if (this.text[this.offset] === ".") {
      this.offset++;
      if (!digit()) this.fail("after decimal point in numeric literal");
      while (digit()) this.offset++;
    }
    if (this.text[this.offset] === "e" || this.text[this.offset] === "E") {
      this.offset++;
      if (this.text[this.offset] === "+" || this.text[this.offset] === "-") this.offset++;
      if (!digit()) this.fail("in exponent of numeric literal");
      while (digit()) this.offset++;
    }
    return Number(this.text.slice(start, this.offset));
  }
}
