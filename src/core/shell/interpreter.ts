import { globToRegExp } from "./arith.js";
import type { AndOr, Command, Pipeline, Script, Word } from "./ast.js";
import { BUILTINS } from "./builtins.js";
import { ShellExit } from "./control.js";
import { expandString, fields, lookup } from "./expansion.js";
import { parseScript, ShellSyntaxError } from "./parser.js";
import { redirect } from "./redirect.js";
import { SIGNAL_NUMBERS, type Io, type Proc, type Resume, type ShellHost, type Signal } from "./types.js";

export { ShellExit };
class LoopControl {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {}
}
class FuncReturn {
  constructor(readonly code: number) {}
}

/**
 * A busy loop (no `sleep`) would run forever in zero virtual time: after this many
 * commands without yielding, the shell lets this much virtual time pass, so a
 * runaway loop runs at about 10,000 commands per virtual second.
 */
const BUSY_COMMANDS = 1000;
const BUSY_YIELD_MS = 100;

/**
 * A POSIX-sh-subset interpreter over a virtual filesystem. Every execution function is
 * a generator: a `sleep` yields the virtual time it wants to wake at, so the driver
 * (kubelet/process.ts) runs a script lazily, only as far as virtual time has gone, and
 * an endless `while true; do …; sleep 5; done` costs nothing until time passes. The
 * same script, host and start time always take the same steps (no wall clock, no
 * randomness): the kubelet rebuilds a container after a restart of kdeck by replaying it.
 */
export class Shell {
  readonly vars: Map<string, string>;
  readonly exported: Set<string>;
  positional: string[];
  cwd = "/";
  status = 0;
  readonly traps = new Map<string, string>();
  readonly functions = new Map<string, Command>();
  /** Signals received and not yet handled by a trap (PID 1 ignores the others). */
  readonly pending: Signal[] = [];
  /** `$0`. */
  name = "sh";
  private busy = 0;

  constructor(
    readonly host: ShellHost,
    env: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
    positional: string[] = [],
  ) {
    this.vars = new Map(env instanceof Map ? env : Object.entries(env));
    this.exported = new Set(this.vars.keys());
    this.positional = positional;
    if (!this.vars.has("PWD")) this.vars.set("PWD", "/");
    this.cwd = this.vars.get("PWD") ?? "/";
  }

  /** A copy for `( … )` and `$( … )`: changes inside do not leak out. */
  subshell(): Shell {
    const s = new Shell(this.host, this.vars, [...this.positional]);
    s.exported.clear();
    for (const e of this.exported) s.exported.add(e);
    s.cwd = this.cwd;
    s.status = this.status;
    s.name = this.name;
    for (const [k, v] of this.traps) s.traps.set(k, v);
    for (const [k, v] of this.functions) s.functions.set(k, v);
    return s;
  }

  /** The exported environment, for programs and `env`. */
  environ(): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  /** Runs script text; a syntax error prints as sh prints it and exits 2. */
  *runText(text: string, io: Io): Proc {
    let script: Script;
    try {
      script = parseScript(text);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err(`${e.message}\n`);
      return (this.status = 2);
    }
    return yield* this.runTop(script, io);
  }

  /** Runs script text in this shell without catching `exit` (`eval`, trap handlers). */
  *evalText(text: string, io: Io): Proc {
    let script: Script;
    try {
      script = parseScript(text);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err(`${e.message}\n`);
      return (this.status = 2);
    }
    return yield* this.script(script, io);
  }

  /** Runs a parsed script to its end or `exit`, then the EXIT trap. */
  *runTop(script: Script, io: Io): Proc {
    let code: number;
    try {
      code = yield* this.script(script, io);
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      code = e.code;
    }
    const onExit = this.traps.get("EXIT");
    if (onExit) {
      this.traps.delete("EXIT");
      try {
        yield* this.evalText(onExit, io);
      } catch (e) {
        if (!(e instanceof ShellExit)) throw e;
        code = e.code;
      }
    }
    return code & 0xff;
  }

  *script(script: Script, io: Io): Proc {
    for (const item of script) yield* this.andOr(item, io);
    return this.status;
  }

  private *andOr(item: AndOr, io: Io): Proc {
    let status = yield* this.pipeline(item.first, io);
    for (const { op, pipeline } of item.rest) {
      if ((op === "&&" && status !== 0) || (op === "||" && status === 0)) continue;
      status = yield* this.pipeline(pipeline, io);
    }
    return status;
  }

  private *pipeline(p: Pipeline, io: Io): Proc {
    let stdin = io.stdin;
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      const last = i === p.commands.length - 1;
      let captured = "";
      const stage: Io = last ? { ...io, stdin, out: io.out, err: io.err } : { stdin, out: (t) => void (captured += t), err: io.err };
      status = yield* this.command(p.commands[i]!, stage);
      stdin = captured;
    }
    if (p.negate) status = status === 0 ? 1 : 0;
    this.status = status;
    yield* this.afterCommand(io);
    return this.status;
  }

  /** Runs traps for signals that arrived, and lets virtual time pass in a busy loop. */
  private *afterCommand(io: Io): Proc<void> {
    while (this.pending.length > 0) {
      const sig = this.pending.shift()!;
      const action = this.traps.get(sig);
      if (action === undefined || action === "") continue;
      const saved = this.status;
      // An `exit` in the handler ends the script (it is not caught here).
      yield* this.evalText(action, io);
      this.status = saved;
    }
    if (++this.busy >= BUSY_COMMANDS) {
      this.busy = 0;
      yield* this.sleepUntil(this.host.now() + BUSY_YIELD_MS);
    }
  }

  /**
   * Waits until `until`. A signal with a trap interrupts the wait (status 128+n);
   * one without is ignored, as PID 1 ignores signals it has no handler for.
   */
  *sleepUntil(until: number): Proc {
    this.busy = 0;
    for (;;) {
      if (this.host.now() >= until) return 0;
      const r: Resume = yield { until };
      const sig = r?.signal;
      if (sig && this.traps.has(sig) && this.traps.get(sig) !== "") {
        // The handler runs once the interrupted command has returned (afterCommand).
        this.pending.push(sig);
        return 128 + SIGNAL_NUMBERS[sig];
      }
    }
  }

  *command(c: Command, io: Io): Proc {
    if (c.kind === "func") {
      this.functions.set(c.name, c.body);
      return (this.status = 0);
    }
    const redirected = c.redirs.length > 0 ? redirect(this, c.redirs, io) : io;
    if (typeof redirected === "string") {
      io.err(redirected);
      return (this.status = 1);
    }
    const rio = redirected;
    switch (c.kind) {
      case "simple":
        return (this.status = yield* this.simple(c, rio));
      case "group": {
        if (!c.subshell) return yield* this.script(c.body, rio);
        const sub = this.subshell();
        try {
          return (this.status = yield* sub.script(c.body, rio));
        } catch (e) {
          if (e instanceof ShellExit) return (this.status = e.code);
          throw e;
        }
      }
      case "if": {
        for (const clause of c.clauses) {
          if ((yield* this.script(clause.cond, rio)) === 0) return yield* this.script(clause.body, rio);
        }
        if (c.otherwise) return yield* this.script(c.otherwise, rio);
        return (this.status = 0);
      }
      case "loop":
        return yield* this.loop(c, rio);
      case "for": {
        const items = c.items ? yield* this.fields(c.items) : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.vars.set(c.name, item);
          const r = yield* this.loopBody(c.body, rio);
          status = r.status;
          if (r.stop) break;
        }
        return (this.status = status);
      }
      case "case": {
        const value = yield* this.string(c.word);
        for (const item of c.items) {
          for (const pat of item.patterns) {
            if (globToRegExp(yield* this.string(pat)).test(value)) return yield* this.script(item.body, rio);
          }
        }
        return (this.status = 0);
      }
    }
  }

  private *loop(c: Extract<Command, { kind: "loop" }>, io: Io): Proc {
    let status = 0;
    for (;;) {
      const cond = yield* this.script(c.cond, io);
      if ((cond === 0) === c.until) break;
      const r = yield* this.loopBody(c.body, io);
      status = r.status;
      if (r.stop) break;
    }
    return (this.status = status);
  }

  private *loopBody(body: Script, io: Io): Proc<{ status: number; stop: boolean }> {
    try {
      return { status: yield* this.script(body, io), stop: false };
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return { status: 0, stop: e.kind === "break" };
    }
  }

  private *simple(c: Extract<Command, { kind: "simple" }>, io: Io): Proc {
    const argv = yield* this.fields(c.words);
    const assigns: [string, string][] = [];
    for (const a of c.assigns) assigns.push([a.name, yield* this.string(a.value)]);
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      return 0;
    }
    // `VAR=x cmd`: the assignments hold for that command only.
    const saved = assigns.map(([k]) => [k, this.vars.get(k), this.exported.has(k)] as const);
    for (const [k, v] of assigns) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    try {
      return yield* this.invoke(argv, io);
    } finally {
      for (const [k, v, exp] of saved) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
        if (!exp) this.exported.delete(k);
      }
    }
  }

  /** Runs one command by name: a function, a builtin, or a program of the host. */
  *invoke(argv: readonly string[], io: Io): Proc {
    const name = argv[0]!;
    const fn = this.functions.get(name);
    if (fn) {
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        return yield* this.command(fn, io);
      } catch (e) {
        if (e instanceof FuncReturn) return e.code;
        throw e;
      } finally {
        this.positional = saved;
      }
    }
    const base = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
    const builtin = BUILTINS[base];
    if (builtin && (!name.includes("/") || /^\/(usr\/)?s?bin\//.test(name))) return yield* builtin(this, argv, io);
    return yield* this.host.program(argv, io, this.environ());
  }

  /** `break N` / `continue N` / `return N` unwind to their construct. */
  control(kind: "break" | "continue" | "return", n: number): never {
    if (kind === "return") throw new FuncReturn(n);
    throw new LoopControl(kind, Math.max(1, n));
  }

  /** Words to fields: expansions, then field splitting of the unquoted ones (expansion.ts). */
  *fields(words: readonly Word[]): Proc<string[]> {
    return yield* fields(this, words);
  }

  /** A word as one string (assignments, redirection targets, `case`). */
  *string(w: Word): Proc<string> {
    return yield* expandString(this, w);
  }

  /** A variable or special parameter's value; undefined when unset. */
  lookup(name: string): string | undefined {
    return lookup(this, name);
  }
}
