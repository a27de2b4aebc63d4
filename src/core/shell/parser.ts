import type { AndOr, Assignment, Command, ParamOp, Pipeline, Redirect, Script, Word, WordPart } from "./ast.js";

/** A script the parser could not read, worded as busybox sh words it. */
export class ShellSyntaxError extends Error {}

const RESERVED = new Set(["if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "case", "esac", "{", "}", "!"]);
const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses parsed scripts once: containers of one template share the tree. */
const cache = new Map<string, Script>();
const CACHE_MAX = 2000;

/** Parses a script (cached by its text). Throws {@link ShellSyntaxError}. */
export function parseScript(source: string): Script {
  const hit = cache.get(source);
  if (hit) return hit;
  const script = new Parser(source).script();
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(source, script);
  return script;
}

/**
 * A recursive-descent parser straight over the characters: the shell's grammar depends
 * on context (a `}` is a word unless it starts a command), so there is no separate lexer.
 */
class Parser {
  private i = 0;
  constructor(private s: string) {}

  script(): Script {
    const out = this.list(new Set(), false);
    this.blank(true);
    if (this.i < this.s.length) throw this.error(`unexpected "${this.s[this.i]}"`);
    return out;
  }

  private error(what: string): ShellSyntaxError {
    return new ShellSyntaxError(`sh: syntax error: ${what}`);
  }

  /** Skips blanks, comments and line continuations; newlines too when `newlines`. */
  private blank(newlines: boolean): void {
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
  private reserved(): string | undefined {
    const m = /^([a-z]+|[{}!])/.exec(this.s.slice(this.i, this.i + 6));
    if (!m || !RESERVED.has(m[1]!)) return undefined;
    const after = this.s[this.i + m[1]!.length];
    return after === undefined || META.has(after) ? m[1] : undefined;
  }

  private expectWord(w: string): void {
    this.blank(true);
    if (this.reserved() !== w) throw this.error(`expected "${w}"`);
    this.i += w.length;
  }

  /** A list of and-or lists until one of `stop` (a reserved word), `)` or `;;`. */
  private list(stop: ReadonlySet<string>, inParens: boolean): Script {
    const out: AndOr[] = [];
    for (;;) {
      this.blank(true);
      while (this.s[this.i] === ";" && this.s[this.i + 1] !== ";") {
        this.i++;
        this.blank(true);
      }
      if (this.i >= this.s.length) break;
      const c = this.s[this.i]!;
      if (c === ")" || (c === ";" && this.s[this.i + 1] === ";")) {
        if (!inParens && c === ")") throw this.error('unexpected ")"');
        break;
      }
      const r = this.reserved();
      if (r && stop.has(r)) break;
      out.push(this.andOr());
      this.blank(false);
      const sep = this.s[this.i];
      if (sep === ";" && this.s[this.i + 1] !== ";") this.i++;
      else if (sep === "&" && this.s[this.i + 1] !== "&") {
        this.i++;
        out[out.length - 1] = { ...out[out.length - 1]!, background: true };
      } else if (sep === "\n") this.i++;
    }
    return out;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: "&&" | "||"; pipeline: Pipeline }[] = [];
    for (;;) {
      this.blank(false);
      const two = this.s.slice(this.i, this.i + 2);
      if (two !== "&&" && two !== "||") break;
      this.i += 2;
      this.blank(true);
      rest.push({ op: two, pipeline: this.pipeline() });
    }
    return { first, rest, background: false };
  }

  private pipeline(): Pipeline {
    this.blank(false);
    let negate = false;
    if (this.reserved() === "!") {
      negate = true;
      this.i++;
    }
    const commands = [this.command()];
    for (;;) {
      this.blank(false);
      if (this.s[this.i] !== "|" || this.s[this.i + 1] === "|") break;
      this.i++;
      this.blank(true);
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): Command {
    this.blank(false);
    const r = this.reserved();
    if (r === "if") return this.withRedirs(this.ifCommand());
    if (r === "while" || r === "until") return this.withRedirs(this.loop(r === "until"));
    if (r === "for") return this.withRedirs(this.forCommand());
    if (r === "case") return this.withRedirs(this.caseCommand());
    if (r === "{") {
      this.i++;
      const body = this.list(new Set(["}"]), false);
      this.expectWord("}");
      return this.withRedirs({ kind: "group", body, subshell: false, redirs: [] });
    }
    if (this.s[this.i] === "(") {
      this.i++;
      const body = this.list(new Set(), true);
      if (this.s[this.i] !== ")") throw this.error('expected ")"');
      this.i++;
      return this.withRedirs({ kind: "group", body, subshell: true, redirs: [] });
    }
    if (r && r !== "!") throw this.error(`unexpected "${r}"`);
    return this.simple();
  }

  private withRedirs(c: Command): Command {
    if (c.kind === "func") return c;
    const redirs: Redirect[] = [];
    for (;;) {
      this.blank(false);
      const r = this.redirect();
      if (!r) break;
      redirs.push(r);
    }
    return redirs.length > 0 ? { ...c, redirs } : c;
  }

  private ifCommand(): Command {
    this.i += 2;
    const clauses: { cond: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    for (;;) {
      const cond = this.list(new Set(["then"]), false);
      this.expectWord("then");
      const body = this.list(new Set(["elif", "else", "fi"]), false);
      clauses.push({ cond, body });
      this.blank(true);
      const r = this.reserved();
      this.i += (r ?? "").length;
      if (r === "elif") continue;
      if (r === "else") {
        otherwise = this.list(new Set(["fi"]), false);
        this.expectWord("fi");
      } else if (r !== "fi") throw this.error('expected "fi"');
      break;
    }
    return { kind: "if", clauses, ...(otherwise ? { otherwise } : {}), redirs: [] };
  }

  private loop(until: boolean): Command {
    this.i += 5; // `while` and `until` alike
    const cond = this.list(new Set(["do"]), false);
    this.expectWord("do");
    const body = this.list(new Set(["done"]), false);
    this.expectWord("done");
    return { kind: "loop", until, cond, body, redirs: [] };
  }

  private forCommand(): Command {
    this.i += 3;
    this.blank(false);
    const name = this.rawName();
    if (!name) throw this.error("bad for loop variable");
    this.blank(true);
    let items: Word[] | undefined;
    if (this.reserved() === "in") {
      this.i += 2;
      items = [];
      for (;;) {
        this.blank(false);
        const c = this.s[this.i];
        if (c === undefined || c === ";" || c === "\n") break;
        const w = this.word();
        if (!w) break;
        items.push(w);
      }
    }
    this.blank(false);
    if (this.s[this.i] === ";") this.i++;
    this.expectWord("do");
    const body = this.list(new Set(["done"]), false);
    this.expectWord("done");
    return { kind: "for", name, ...(items ? { items } : {}), body, redirs: [] };
  }

  private caseCommand(): Command {
    this.i += 4;
    this.blank(false);
    const word = this.word();
    if (!word) throw this.error("bad case");
    this.expectWord("in");
    const items: { patterns: Word[]; body: Script }[] = [];
    for (;;) {
      this.blank(true);
      if (this.reserved() === "esac") {
        this.i += 4;
        break;
      }
      if (this.s[this.i] === "(") this.i++;
      const patterns: Word[] = [];
      for (;;) {
        this.blank(false);
        const w = this.word();
        if (!w) throw this.error("bad case pattern");
        patterns.push(w);
        this.blank(false);
        if (this.s[this.i] === "|") this.i++;
        else break;
      }
      if (this.s[this.i] !== ")") throw this.error('expected ")"');
      this.i++;
      const body = this.list(new Set(["esac"]), true);
      items.push({ patterns, body });
      this.blank(true);
      if (this.s.startsWith(";;", this.i)) this.i += 2;
    }
    return { kind: "case", word, items, redirs: [] };
  }

  private rawName(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  private simple(): Command {
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      this.blank(false);
      const c = this.s[this.i];
      if (c === undefined || c === ";" || c === "\n" || c === "&" || c === "|" || c === ")") break;
      const r = this.redirect();
      if (r) {
        redirs.push(r);
        continue;
      }
      if (c === "(") {
        // `name() { …; }`: a function definition.
        const name = words.length === 1 ? literalOf(words[0]!) : undefined;
        if (name && NAME.test(name) && this.s[this.i + 1] === ")") {
          this.i += 2;
          this.blank(true);
          return { kind: "func", name, body: this.command() };
        }
        throw this.error('unexpected "("');
      }
      if (words.length === 0) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(this.s.slice(this.i, this.i + 256));
        if (m) {
          this.i += m[0].length;
          assigns.push({ name: m[1]!, value: this.word() ?? { parts: [] } });
          continue;
        }
      }
      const w = this.word();
      if (!w) throw this.error(`unexpected "${c}"`);
      words.push(w);
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) throw this.error("unexpected end of command");
    return { kind: "simple", assigns, words, redirs };
  }

  private redirect(): Redirect | undefined {
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
  private word(): Word | undefined {
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

  private doubleQuoted(parts: WordPart[]): void {
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
  private dollar(quoted: boolean): WordPart | undefined {
    const s = this.s;
    if (s[this.i] === "`") {
      const end = s.indexOf("`", this.i + 1);
      if (end < 0) throw this.error("unterminated `");
      const inner = s.slice(this.i + 1, end);
      this.i = end + 1;
      return { kind: "cmd", script: new Parser(inner).script(), quoted };
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
      const expr = new Parser(s.slice(this.i + 3, j)).arithWord();
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
      return { kind: "param", name: m[1]!, op: m[2] as ParamOp, arg: new Parser(m[3]!).argWord(), quoted };
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(s.slice(this.i + 1, this.i + 257));
    if (!m) return undefined;
    this.i += 1 + m[1]!.length;
    return { kind: "param", name: m[1]!, quoted };
  }

  /** The operand of `${x:-…}`: quotes and expansions, but spaces are literal. */
  private argWord(): Word {
    return this.looseWord();
  }

  /** The inside of `$((…))`: expansions apply, everything else is literal. */
  private arithWord(): Word {
    return this.looseWord();
  }

  private looseWord(): Word {
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
