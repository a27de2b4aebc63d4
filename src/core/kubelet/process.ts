import { isBuiltin, Shell, ShellExit, type FsOp, type Io, type Proc, type Resume, type ShellHost, type Signal, type Vfs } from "../shell/index.js";
import type { CatalogueProgram } from "./catalogue/index.js";
import { runProgram, type ProgramContext } from "./program-runner.js";
import { LOG_FLUSH_MS } from "./stages.js";

/** One line a process wrote, at virtual time `ts`. */
export interface ProcessOutput {
  ts: number;
  stream: "stdout" | "stderr";
  text: string;
}

/** How and when a process ended. */
export interface ProcessExit {
  at: number;
  code: number;
  reason: "Completed" | "Error" | "OOMKilled";
}

/** What `exec` returns (a probe, a hook, `kdeck exec`). */
export interface ExecOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** It was still running when its time ran out (a probe's timeoutSeconds). */
  timedOut: boolean;
  /** What it changed in the filesystem, to be replayed after a restart of kdeck. */
  ops: FsOp[];
  /** Virtual time it took on its own clock. */
  elapsedMs: number;
}

/** Everything a container's process is started from; the same input gives the same process. */
export interface ProcessSpec {
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly fs: Vfs;
  readonly startedAt: number;
  readonly program: ProgramContext;
  /** `sim.kdeck.dev/exit-after`: ends by itself after this long. */
  readonly exitAfter?: { afterMs: number; code: number };
  /** Memory passes the limit this long after start. */
  readonly oomAfterMs?: number;
  readonly logRate?: { perSecond: number; template: string };
}

/** A listening server inside the container. */
interface Listener {
  readonly ports: readonly number[];
  readonly openAt: number;
  closedAt?: number;
  readonly program: CatalogueProgram;
  readonly start: number;
}

/** Commands run by exec stop after this much virtual time (a `tail -f` in an exec). */
const EXEC_LIMIT_MS = 60_000;

/**
 * A container's main process in virtual time: the script or program its command runs
 * (a generator from the shell interpreter or a catalogue program), what its
 * `sim.kdeck.dev/` annotations script, and its servers' listening ports. The kubelet
 * moves it forward with {@link advance} only as far as virtual time has gone, and only
 * up to its own next action, so nothing runs ahead of a probe or a signal.
 */
export class SimProcess {
  now: number;
  exit: ProcessExit | undefined;
  private readonly gen: Proc;
  /** When the script next wants to run (Infinity: only a signal wakes it). */
  private genWake: number;
  private resume: Resume;
  private readonly output: ProcessOutput[] = [];
  private readonly partial = { stdout: "", stderr: "" };
  private readonly listeners: Listener[] = [];
  private readonly signals: { at: number; sig: Signal }[] = [];
  private logs = 0;
  readonly host: ShellHost;

  constructor(readonly spec: ProcessSpec) {
    this.now = spec.startedAt;
    this.genWake = spec.startedAt;
    this.host = this.makeHost(() => this.now, false);
    this.gen = this.main();
  }

  get startedAt(): number {
    return this.spec.startedAt;
  }

  get fs(): Vfs {
    return this.spec.fs;
  }

  /** The next virtual time this process does something the kubelet should see (or a log flush). */
  get wakeAt(): number | undefined {
    if (this.exit) return undefined;
    const next = this.nextEvent();
    const rate = this.spec.logRate;
    const logFlush = rate ? Math.ceil(this.logTime(this.logs + 1) / LOG_FLUSH_MS) * LOG_FLUSH_MS : Infinity;
    const w = Math.min(next, logFlush);
    return Number.isFinite(w) ? w : undefined;
  }

  /** The next virtual time the process itself acts (Infinity: only a signal wakes it). */
  nextEvent(): number {
    const s = this.spec;
    return Math.min(
      this.genWake,
      this.signals[0]?.at ?? Infinity,
      s.exitAfter ? s.startedAt + s.exitAfter.afterMs : Infinity,
      s.oomAfterMs !== undefined ? s.startedAt + s.oomAfterMs : Infinity,
    );
  }

  /** Runs everything due before `t` (or at `t` too, when `inclusive`). */
  advance(t: number, inclusive: boolean): void {
    const s = this.spec;
    while (!this.exit) {
      const e = this.nextEvent();
      if (!Number.isFinite(e) || (inclusive ? e > t : e >= t)) break;
      this.now = Math.max(this.now, e);
      const sig = this.signals[0];
      if (sig && sig.at <= e) {
        this.signals.shift();
        if (sig.sig === "KILL") this.end(e, 137, "Error");
        else this.step({ signal: sig.sig });
      } else if (s.oomAfterMs !== undefined && e >= s.startedAt + s.oomAfterMs) this.end(e, 137, "OOMKilled");
      else if (s.exitAfter && e >= s.startedAt + s.exitAfter.afterMs) this.end(e, s.exitAfter.code, s.exitAfter.code === 0 ? "Completed" : "Error");
      else this.step(undefined);
    }
    this.emitRateLogs(this.exit ? this.exit.at : t);
  }

  /** Sends a signal at `at` (the caller has advanced the process to `at`). KILL ends it at once. */
  signal(sig: Signal, at: number): void {
    if (this.exit) return;
    this.signals.push({ at, sig });
    this.signals.sort((a, b) => a.at - b.at);
    this.advance(at, true);
  }

  /** Lines written since the last call, complete lines only (a partial line waits for its newline or the exit). */
  takeOutput(): ProcessOutput[] {
    const out = this.output.splice(0, this.output.length);
    // Rate-scripted lines and access-log lines interleave with the script's by time.
    return out.length > 1 ? out.sort((a, b) => a.ts - b.ts) : out;
  }

  listens(port: number, at: number): boolean {
    return this.listener(port, at) !== undefined;
  }

  /** The HTTP status a GET of `path` gets, or undefined when nothing listens (connection refused). */
  http(port: number, path: string, at: number, ip: string): number | undefined {
    const l = this.listener(port, at);
    if (!l) return undefined;
    const p = l.program;
    let status = 200;
    if (p.healthyForMs !== undefined) status = path === "/healthz" && at - l.start >= p.healthyForMs ? 500 : 200;
    else if (p.http) status = p.http.paths[path] ?? p.http.otherwise;
    if (p.accessLog) this.write("stdout", `${this.spec.program.format(p.accessLog, at, { path, status: String(status), ip })}\n`, at);
    return status;
  }

  /** A gRPC health check's answer, or undefined when nothing listens. */
  grpc(port: number, at: number): "SERVING" | "UNIMPLEMENTED" | undefined {
    const l = this.listener(port, at);
    if (!l) return undefined;
    return l.program.grpcPorts?.includes(port) || l.program.ports === undefined ? "SERVING" : "UNIMPLEMENTED";
  }

  private listener(port: number, at: number): Listener | undefined {
    if (this.exit && at >= this.exit.at) return undefined;
    return this.listeners.find((l) => l.ports.includes(port) && at >= l.openAt && (l.closedAt === undefined || at < l.closedAt));
  }

  /**
   * Runs a command in the container at `at`, to completion, on its own clock (its sleeps
   * do not hold the cluster up). `shell` keeps state between calls (an interactive session).
   */
  exec(argv: readonly string[] | { script: string }, at: number, opts: { stdin?: string; limitMs?: number; shell?: ExecShell; alongside?: boolean } = {}): ExecOutcome {
    const clock = opts.shell?.clock ?? { t: at };
    clock.t = Math.max(clock.t, at);
    const start = clock.t;
    const host = opts.shell?.shell.host ?? this.makeHost(() => clock.t, true);
    const sh = opts.shell?.shell ?? new Shell(host, this.spec.env);
    let stdout = "";
    let stderr = "";
    const io: Io = { stdin: opts.stdin ?? "", out: (t) => void (stdout += t), err: (t) => void (stderr += t) };
    const ops: FsOp[] = [];
    const fs = this.spec.fs;
    const prev = fs.onChange;
    fs.onChange = (op) => ops.push(op);
    let exitCode = 0;
    let timedOut = false;
    try {
      const g = Array.isArray(argv) ? sh.invoke(argv as readonly string[], io) : sh.evalText((argv as { script: string }).script, io);
      let r = g.next();
      const limit = opts.limitMs ?? EXEC_LIMIT_MS;
      while (!r.done) {
        if (r.value.until - start > limit) {
          timedOut = true;
          clock.t = start + limit;
          g.return(0);
          break;
        }
        clock.t = Math.max(clock.t, r.value.until);
        // A preStop hook runs alongside the main process (`nginx -s quit; while killall -0 nginx; …`).
        if (opts.alongside) this.advance(clock.t, true);
        r = g.next();
      }
      if (r.done) exitCode = r.value;
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      exitCode = e.code;
      if (opts.shell) opts.shell.exited = true;
    } finally {
      fs.onChange = prev;
    }
    if (!timedOut) sh.status = exitCode;
    return { stdout, stderr, exitCode: exitCode & 0xff, timedOut, ops, elapsedMs: clock.t - start };
  }

  /** A shell that keeps its variables and directory between commands (`kubectl exec -it … sh`). */
  openShell(at: number): ExecShell {
    const clock = { t: at };
    const shell = new Shell(this.makeHost(() => clock.t, true), this.spec.env);
    return { shell, clock, exited: false };
  }

  // ---- internals ---------------------------------------------------------------------

  private *main(): Proc {
    const argv = this.spec.argv;
    const io = this.io(this.host);
    if (argv.length === 0) return 0;
    try {
      if (isBuiltin(argv[0]!)) {
        const sh = new Shell(this.host, this.spec.env);
        return yield* sh.invoke(argv, io);
      }
      return yield* this.program(argv, io, this.spec.env, this.host, true);
    } catch (e) {
      if (e instanceof ShellExit) return e.code;
      throw e;
    }
  }

  private io(host: ShellHost): Io {
    return { stdin: "", out: (t) => this.write("stdout", t, host.now()), err: (t) => this.write("stderr", t, host.now()) };
  }

  private *program(argv: readonly string[], io: Io, env: ReadonlyMap<string, string>, host: ShellHost, main: boolean): Proc {
    return yield* runProgram(argv, io, env, {
      ...this.spec.program,
      now: () => host.now(),
      main,
      inExec: host !== this.host,
      listen: (ports, openAt, program) => {
        const l: Listener = { ports, openAt, program, start: host.now() };
        this.listeners.push(l);
        return () => void (l.closedAt = host.now());
      },
      signalMain: (sig) => this.signalFromInside("1", sig, host.now()),
      shell: (script, sio) => new Shell(host, env).runText(script, sio),
    });
  }

  private makeHost(now: () => number, inExec: boolean): ShellHost {
    const spec = this.spec;
    const host: ShellHost = {
      fs: spec.fs,
      hostname: spec.program.hostname,
      userland: spec.program.userland,
      now,
      program: (argv, io, env) => this.program(argv, io, env, host, false),
      signal: (target, sig) => this.signalFromInside(target, sig, now()),
      processes: () => [[1, spec.argv.join(" ")], ...(inExec ? ([[7, "sh"]] as [number, string][]) : [])],
    };
    return host;
  }

  /** `kill 1`, `killall -0 nginx`, `nginx -s quit` from inside the container. */
  private signalFromInside(target: string, sig: Signal | 0, at: number): boolean {
    const main = this.spec.argv;
    const names = new Set([main[0] ?? "", ...main.map((a) => a.slice(a.lastIndexOf("/") + 1)), this.spec.program.programName ?? ""]);
    if (target !== "1" && !names.has(target)) return false;
    if (this.exit && this.exit.at <= at) return false;
    if (sig !== 0) {
      this.signals.push({ at, sig });
      this.signals.sort((a, b) => a.at - b.at);
    }
    return true;
  }

  private step(resume: Resume): void {
    this.resume = resume;
    let r: IteratorResult<{ until: number }, number>;
    try {
      r = this.gen.next(this.resume);
    } catch (e) {
      if (!(e instanceof ShellExit)) throw e;
      r = { done: true, value: e.code };
    }
    if (r.done) this.end(this.now, r.value & 0xff, r.value === 0 ? "Completed" : "Error");
    else this.genWake = Math.max(r.value.until, this.now + (r.value.until <= this.now ? 1 : 0));
  }

  private end(at: number, code: number, reason: ProcessExit["reason"]): void {
    if (this.exit) return;
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream]) this.output.push({ ts: at, stream, text: this.partial[stream] });
      this.partial[stream] = "";
    }
    for (const l of this.listeners) if (l.closedAt === undefined) l.closedAt = at;
    this.exit = { at, code, reason };
  }

  private write(stream: "stdout" | "stderr", text: string, ts: number): void {
    const all = this.partial[stream] + text;
    const lines = all.split("\n");
    this.partial[stream] = lines.pop()!;
    for (const line of lines) this.output.push({ ts, stream, text: line });
  }

  private logTime(n: number): number {
    return this.spec.startedAt + Math.round((n * 1000) / this.spec.logRate!.perSecond);
  }

  /** `sim.kdeck.dev/log-rate` lines up to `t`, made only when asked for. */
  private emitRateLogs(t: number): void {
    const rate = this.spec.logRate;
    if (!rate) return;
    for (;;) {
      const ts = this.logTime(this.logs + 1);
      if (ts > t) break;
      this.logs++;
      const line = this.spec.program.format(rate.template, ts, { n: String(this.logs) });
      this.output.push({ ts, stream: "stdout", text: line });
    }
  }
}

/** An interactive exec session's state. */
export interface ExecShell {
  readonly shell: Shell;
  readonly clock: { t: number };
  exited: boolean;
}
