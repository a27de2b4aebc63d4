import type { AndOr, Assignment, Command, Pipeline, Redirect, Script, Word } from "./ast.js";
import { literalOf, WordReader } from "./parser-words.js";

export { literalOf, ShellSyntaxError } from "./parser-words.js";

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
 * A recursive-descent parser of the command grammar: lists, and-or lists, pipelines,
 * compound commands (`if`, `while`/`until`, `for`, `case`, groups, subshells, function
 * definitions) and simple commands, over the words {@link WordReader} reads.
 */
class Parser extends WordReader {
  script(): Script {
    const out = this.list(new Set(), false);
    this.blank(true);
    if (this.i < this.s.length) throw this.error(`unexpected "${this.s[this.i]}"`);
    return out;
  }

  /** A list of and-or lists until one of `stop` (a reserved word), `)` or `;;`. */
  protected list(stop: ReadonlySet<string>, inParens: boolean): Script {
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


  protected parse(source: string): Script {
    return new Parser(source).script();
  }

  protected fork(source: string): WordReader {
    return new Parser(source);
  }
}
