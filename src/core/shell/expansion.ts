import { ArithError, evalArith, globToRegExp } from "./arith.js";
import type { Word } from "./ast.js";
import { ShellExit } from "./control.js";
import type { Shell } from "./interpreter.js";
import type { Io, Proc } from "./types.js";

/*
 * Word expansion: parameters (with `${x:-…}` and the other operators), command
 * substitution, arithmetic, `~`, then field splitting of what was not quoted.
 */

/** Words to fields: expansions, then field splitting of the unquoted ones. */
export function* fields(sh: Shell, words: readonly Word[]): Proc<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(yield* wordFields(sh, w)));
  return out;
}

function* wordFields(sh: Shell, w: Word): Proc<string[]> {
  const out: string[] = [];
  let cur: string | undefined;
  for (let idx = 0; idx < w.parts.length; idx++) {
    const p = w.parts[idx]!;
    if (p.kind === "lit") {
      let text = p.text;
      if (idx === 0 && !p.quoted && (text === "~" || text.startsWith("~/"))) text = (sh.vars.get("HOME") ?? "/root") + text.slice(1);
      if (p.quoted || text) cur = (cur ?? "") + text;
      continue;
    }
    if (p.kind === "param" && (p.name === "@" || p.name === "*") && !p.op) {
      const args = sh.positional;
      if (p.quoted && p.name === "@") {
        args.forEach((a, i) => {
          if (i > 0) {
            out.push(cur ?? "");
            cur = undefined;
          }
          cur = (cur ?? "") + a;
        });
        continue;
      }
    }
    const value = yield* expandPart(sh, p);
    if (p.quoted) {
      cur = (cur ?? "") + value;
      continue;
    }
    if (!value) continue;
    const tokens = value.split(/[ \t\n]+/);
    tokens.forEach((t, i) => {
      if (i > 0 && cur !== undefined) {
        out.push(cur);
        cur = undefined;
      }
      if (t) cur = (cur ?? "") + t;
    });
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

/** A word as one string (assignments, redirection targets, `case`). */
export function* expandString(sh: Shell, w: Word): Proc<string> {
  let out = "";
  for (const p of w.parts) out += p.kind === "lit" ? p.text : yield* expandPart(sh, p);
  return out;
}

function* expandPart(sh: Shell, p: Word["parts"][number]): Proc<string> {
  switch (p.kind) {
    case "lit":
      return p.text;
    case "cmd": {
      const sub = sh.subshell();
      let captured = "";
      const io: Io = { stdin: "", out: (t) => void (captured += t), err: () => {} };
      sh.status = yield* sub.runTop(p.script, io);
      return captured.replace(/\n+$/, "");
    }
    case "arith": {
      const text = yield* expandString(sh, p.expr);
      try {
        return String(evalArith(text, { get: (n) => sh.vars.get(n), set: (n, v) => void sh.vars.set(n, v) }));
      } catch (e) {
        if (e instanceof ArithError) throw new ShellExit(2);
        throw e;
      }
    }
    case "param":
      return yield* param(sh, p);
  }
}

function* param(sh: Shell, p: Extract<Word["parts"][number], { kind: "param" }>): Proc<string> {
  const value = lookup(sh, p.name);
  const arg = () => (p.arg ? expandString(sh, p.arg) : emptyProc());
  switch (p.op) {
    case undefined:
      return value ?? "";
    case "len":
      return String((value ?? "").length);
    case ":-":
      return value ? value : yield* arg();
    case "-":
      return value !== undefined ? value : yield* arg();
    case ":=":
    case "=": {
      if (value !== undefined && (p.op === "=" || value)) return value;
      const v = yield* arg();
      sh.vars.set(p.name, v);
      return v;
    }
    case ":+":
      return value ? yield* arg() : "";
    case "+":
      return value !== undefined ? yield* arg() : "";
    case ":?":
    case "?":
      if (value !== undefined && (p.op === "?" || value)) return value;
      throw new ShellExit(1);
    case "#":
    case "##":
    case "%":
    case "%%":
      return trimPattern(value ?? "", yield* arg(), p.op);
  }
}

/** A variable or special parameter's value; undefined when unset. */
export function lookup(sh: Shell, name: string): string | undefined {
  switch (name) {
    case "?":
      return String(sh.status);
    case "$":
      return "1";
    case "!":
      return "";
    case "#":
      return String(sh.positional.length);
    case "@":
    case "*":
      return sh.positional.join(" ");
    case "-":
      return "";
    case "0":
      return sh.name;
  }
  if (/^\d+$/.test(name)) return sh.positional[Number(name) - 1];
  return sh.vars.get(name);
}


// eslint-disable-next-line require-yield -- an empty expansion, shaped like the others.
function* emptyProc(): Proc<string> {
  return "";
}

function trimPattern(value: string, pattern: string, op: "#" | "##" | "%" | "%%"): string {
  const re = globToRegExp(pattern);
  if (op === "#" || op === "##") {
    const lengths = [...Array(value.length + 1).keys()];
    for (const n of op === "#" ? lengths : lengths.reverse()) if (re.test(value.slice(0, n))) return value.slice(n);
  } else {
    const starts = [...Array(value.length + 1).keys()];
    for (const n of op === "%" ? starts.reverse() : starts) if (re.test(value.slice(n))) return value.slice(0, n);
  }
  return value;
}
