import type { ParamOp, Redirect, Script, Word, WordPart } from "./ast.js";

/** A script the parser could not read, worded as busybox sh words it. */
export class ShellSyntaxError extends Error {}

const RESERVED = new Set(["if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "case", "esac", "{", "}", "!"]);
const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);

/**
 * The parser's cursor and its word-level half: blanks, reserved words, words with their
 * quotes and expansions, redirections. The shell's grammar depends on context (a `}`
 * is a word unless it starts a command), so there is no separate lexer: the command
 * grammar (parser.ts) extends this over the same characters, and supplies the command
 * lists that `$(…)` and `` `…` `` contain.
 */
export abstract class WordReader {
  protected i = 0;
  constructor(protected s: string) {}

  /** A command list up to one of `stop` (a reserved word), `)` or `;;`. */
  protected abstract list(stop: ReadonlySet<string>, inParens: boolean): Script;
  /** A whole script of its own (a backquoted command). */
  protected abstract parse(source: string): Script;
  /** A reader over other text (a parameter's operand, an arithmetic expression). */
  protected abstract fork(source: string): WordReader;

  protected error(what: string): ShellSyntaxError {
    return new ShellSyntaxError(`sh: syntax error: ${what}`);
  }

  /** Skips blanks, comments and line continuations; newlines too when `newlines`. */
  protected blank(newlines: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === " " || c === "\t" || (newlines && c === "\n")) this.i++;
      else if (c === "\\" && s[this.i + 1] === "\n") this.i += 2;
      else if (c === "#") while (this.i < s.length && s[this.i] !== "\n") this.i++;
      else break;
    }
  }

  /** The reserved word at the cursor, if one starts here. */
  protected reserved(): string | undefined {
    const m = /^([a-z]+|[{}!])/.exec(this.s.slice(this.i, this.i + 6));
    if (!m || !RESERVED.has(m[1]!)) return undefined;
    const after = this.s[this.i + m[1]!.length];
    return after === undefined || META.has(after) ? m[1] : undefined;
  }

  protected expectWord(w: string): void {
    this.blank(true);
    if (this.reserved() !== w) throw this.error(`expected "${w}"`);
    this.i += w.length;
  }

  protected rawName(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  protected redirect(): Redirect | undefined {
    const m = /^(\d?)(>>|>&|<&|<<-?|>\||>|<)/.exec(this.s.slice(this.i, this.i + 4));
    if (!m) return undefined;
    this.i += m[0].length;
    let op = m[2] === ">|" ? ">" : (m[2]!.startsWith("<<") ? "<<" : m[2]) as Redirect["op"];
    const fd = m[1] ? Number(m[1]) : op.startsWith("<") ? 0 : 1;
    this.blank(false);
    if (op === "<<") {
      const delim = literalOf(this.word() ?? { parts: [] }) ?? "EOF";
      const lineEnd = this.s.indexOf("\n", this.i);
      if (lineEnd < 0) return { fd, op, target: { parts: [{ kind: "lit", text: "", quoted: true }] } };
      const rest = this.s.slice(lineEnd + 1);
      const end = new RegExp(`^\\t*${delim.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m").exec(rest);
      const body = end ? rest.slice(0, end.index) : rest;
      // The heredoc's body is consumed: splice it out of the rest of the script.
      const after = end ? lineEnd + 1 + end.index + end[0].length : this.s.length;
      this.s = this.s.slice(0, lineEnd + 1) + this.s.slice(after + 1);
      op = "<<";
      return { fd, op, target: { parts: [{ kind: "lit", text: body, quoted: true }] } };
    }
    const target = this.word();
    if (!target) throw this.error("missing redirection target");
    return { fd, op, target };
  }

  /** One word, up to the next unquoted metacharacter. */
  protected word(): Word | undefined {
    const parts: WordPart[] = [];
    let lit = "";
    const flush = (quoted = false) => {
      if (lit) parts.push({ kind: "lit", text: lit, quoted });
      lit = "";
    };
    const s = this.s;
    const start = this.i;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (META.has(c)) break;
      if (c === "\\") {
        const n = s[this.i + 1];
        this.i += 2;
        if (n === "\n" || n === undefined) continue;
        flush();
        parts.push({ kind: "lit", text: n, quoted: true });
      } else if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw this.error("unterminated quoted string");
        flush();
        parts.push({ kind: "lit", text: s.slice(this.i + 1, end), quoted: true });
        this.i = end + 1;
      } else if (c === '"') {
        flush();
        this.i++;
        this.doubleQuoted(parts);
      } else if (c === "$" || c === "`") {
        const p = this.dollar(false);
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.i++;
        }
      } else {
        lit += c;
        this.i++;
      }
    }
    flush();
    if (this.i === start) return undefined;
    return { parts };
  }

  protected doubleQuoted(parts: WordPart[]): void {
    const s = this.s;
    let lit = "";
    const flush = () => {
      if (lit) parts.push({ kind: "lit", text: lit, quoted: true });
      lit = "";
    };
    // An empty "" still makes a (quoted, empty) word.
    parts.push({ kind: "lit", text: "", quoted: true });
    for (;;) {
      if (this.i >= s.length) throw this.error("unterminated quoted string");
      const c = s[this.i]!;
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === "\\" && /[$`"\\\n]/.test(s[this.i + 1] ?? "")) {
        if (s[this.i + 1] !== "\n") lit += s[this.i + 1];
        this.i += 2;
      } else if (c === "$" || c === "`") {
        const p = this.dollar(true);
        if (p) {
          flush();
          parts.push(p);
        } else {
          lit += c;
          this.i++;
        }
      } else {
        lit += c;
        this.i++;
      }
    }
    flush();
  }

  /** `$name`, `${…}`, `$(…)`, `$((…))`, `` `…` `` at the cursor, or undefined for a lone `$`. */
  protected dollar(quoted: boolean): WordPart | undefined {
    const s = this.s;
    if (s[this.i] === "`") {
      const end = s.indexOf("`", this.i + 1);
      if (end < 0) throw this.error("unterminated `");
      const inner = s.slice(this.i + 1, end);
      this.i = end + 1;
      return { kind: "cmd", script: this.parse(inner), quoted };
    }
    const n = s[this.i + 1];
    if (n === "(" && s[this.i + 2] === "(") {
      let depth = 0;
      let j = this.i + 3;
      for (; j < s.length; j++) {
        if (s[j] === "(") depth++;
        else if (s[j] === ")") {
          if (depth === 0 && s[j + 1] === ")") break;
          depth--;
        }
      }
      if (j >= s.length) throw this.error("unterminated $((");
      const expr = this.fork(s.slice(this.i + 3, j)).arithWord();
      this.i = j + 2;
      return { kind: "arith", expr, quoted };
    }
    if (n === "(") {
      this.i += 2;
      const script = this.list(new Set(), true);
      if (s[this.i] !== ")") throw this.error('expected ")"');
      this.i++;
      return { kind: "cmd", script, quoted };
    }
    if (n === "{") {
      const end = s.indexOf("}", this.i + 2);
      if (end < 0) throw this.error("missing }");
      const body = s.slice(this.i + 2, end);
      this.i = end + 1;
      if (body.startsWith("#") && body.length > 1) return { kind: "param", name: body.slice(1), op: "len", quoted };
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])(:-|:=|:\+|:\?|##|%%|-|=|\+|\?|#|%)?([\s\S]*)$/.exec(body);
      if (!m) throw this.error(`bad substitution`);
      if (!m[2]) return { kind: "param", name: m[1]!, quoted };
      return { kind: "param", name: m[1]!, op: m[2] as ParamOp, arg: this.fork(m[3]!).argWord(), quoted };
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(s.slice(this.i + 1, this.i + 257));
    if (!m) return undefined;
    this.i += 1 + m[1]!.length;
    return { kind: "param", name: m[1]!, quoted };
  }

  /** The operand of `${x:-…}`: quotes and expansions, but spaces are literal. */
  protected argWord(): Word {
    return this.looseWord();
  }

  /** The inside of `$((…))`: expansions apply, everything else is literal. */
  protected arithWord(): Word {
    return this.looseWord();
  }

  protected looseWord(): Word {
    const parts: WordPart[] = [];
    let lit = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === "$" || c === "`") {
        const p = this.dollar(false);
        if (p) {
          if (lit) parts.push({ kind: "lit", text: lit, quoted: true });
          lit = "";
          parts.push(p);
          continue;
        }
      }
      if (c === "'" || c === '"') {
        if (lit) parts.push({ kind: "lit", text: lit, quoted: true });
        lit = "";
        if (c === '"') {
          this.i++;
          this.doubleQuoted(parts);
        } else {
          const end = this.s.indexOf("'", this.i + 1);
          parts.push({ kind: "lit", text: this.s.slice(this.i + 1, end < 0 ? undefined : end), quoted: true });
          this.i = end < 0 ? this.s.length : end + 1;
        }
        continue;
      }
      lit += c;
      this.i++;
    }
    if (lit) parts.push({ kind: "lit", text: lit, quoted: true });
    return { parts };
  }
}

/** The text of a word made only of literal parts. */
export function literalOf(w: Word): string | undefined {
  let out = "";
  for (const p of w.parts) {
    if (p.kind !== "lit") return undefined;
    out += p.text;
  }
  return out;
}
