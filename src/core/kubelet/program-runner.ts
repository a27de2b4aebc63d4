import type { Io, Proc, Resume, Signal } from "../shell/index.js";
import { formatDate } from "../shell/index.js";
import { basename, lookupProgram, PI_2000, type CatalogueImage, type CatalogueProgram, type ProgramMatch } from "./catalogue/index.js";
import { PROGRAMS } from "./catalogue/programs.js";

/** What a container's programs know of it (fixed for the container's life). */
export interface ProgramContext {
  readonly hostname: string;
  readonly userland: "busybox" | "gnu";
  readonly podIP?: string;
  /** The image tag's version, for log lines. */
  readonly version: string;
  readonly image?: CatalogueImage;
  /** The image's own program (for `docker-entrypoint.sh --flag`). */
  readonly defaultProgram?: string;
  /** The main program's name (`nginx`), for `killall -0 nginx`. */
  readonly programName?: string;
  /** The container's declared `ports`: what an unknown server listens on. */
  readonly declaredPorts: readonly number[];
  readonly restartPolicy: string;
  /** Fills a catalogue log template at virtual time `at`. */
  format(template: string, at: number, extra?: Readonly<Record<string, string>>): string;
}

/** One run of a program: the context plus where it runs. */
export interface ProgramRun extends ProgramContext {
  now(): number;
  /** It is the container's main process (argv[0] of its command), not a command in a script. */
  readonly main: boolean;
  /** It runs in an exec (a probe, a hook, `kdeck exec`): it opens no ports. */
  readonly inExec: boolean;
  /** Opens ports from `openAt`; returns a function that closes them. */
  listen(ports: readonly number[], openAt: number, program: CatalogueProgram): () => void;
  signalMain(sig: Signal): boolean;
  shell(script: string, io: Io): Proc;
}

/**
 * A program that is neither a builtin nor in the catalogue runs this long and exits 0,
 * printing nothing. As a container's main process under restartPolicy Always it is
 * taken for a server instead (see the README's "Simulated containers").
 */
export const UNKNOWN_PROGRAM_RUN_MS = 1000;

const STOP_SIGNALS: ReadonlySet<Signal> = new Set(["TERM", "INT", "QUIT"]);

/** Waits until `until`; returns the first stop signal that arrives before. */
function* waitFor(run: ProgramRun, until: number): Proc<Signal | undefined> {
  while (run.now() < until) {
    const r: Resume = yield { until };
    if (r?.signal && STOP_SIGNALS.has(r.signal)) return r.signal;
  }
  return undefined;
}

/** Runs argv as a program: from the catalogue, a language runtime's inline code, or the unknown-program rule. */
export function* runProgram(argv: readonly string[], io: Io, env: ReadonlyMap<string, string>, run: ProgramRun): Proc {
  const match = lookupProgram(argv, run.defaultProgram);
  const language = match && ["perl", "python3", "node"].includes(match.name) ? yield* runLanguage(match, io, run) : undefined;
  if (language !== undefined) return language;
  if (match && !(language === undefined && ["perl", "python3", "node"].includes(match.name) && hasScript(match.argv))) {
    return yield* runCatalogue(match, io, env, run);
  }
  // docker-entrypoint.sh with an unknown command runs that command (`exec "$@"`).
  const base = basename(argv[0] ?? "");
  if (base === "docker-entrypoint.sh" && argv.length > 1) return yield* runProgram(argv.slice(1), io, env, run);
  if (run.main && run.restartPolicy === "Always" && !run.inExec) return yield* runCatalogue({ name: base, program: PROGRAMS["generic-server"]!, argv }, io, env, run);
  yield* waitFor(run, run.now() + UNKNOWN_PROGRAM_RUN_MS);
  return 0;
}

/** A script file argument (`python app.py`, `node server.js`): the program is not the catalogue's REPL. */
function hasScript(argv: readonly string[]): boolean {
  const rest = argv.slice(1);
  return rest.length > 0 && !rest.some((a) => /^-(c|e|m|[a-zA-Z]*e)$/.test(a) || a.startsWith("-M"));
}

/** Inline code of perl, python and node: what they print, or undefined to fall through. */
function* runLanguage(match: ProgramMatch, io: Io, run: ProgramRun): Proc<number | undefined> {
  const argv = match.argv;
  const code = argv.slice(1).find((_a, i) => /^-(c|e|[a-zA-Z]*e)$/.test(argv[i] ?? "")) ?? "";
  let out: string | undefined;
  if (match.name === "perl") {
    const pi = /bpi\((\d+)\)/.exec(code);
    if (pi) out = `${roundedPi(Number(pi[1]))}\n`;
    else {
      const p = /print\s+(?:"([^"]*)"|'([^']*)')/.exec(code);
      if (p) out = `${(p[1] ?? p[2] ?? "").replace(/\\n/g, "\n")}${argv.some((a) => /^-[a-z]*l/.test(a)) ? "\n" : ""}`;
    }
  } else if (match.name === "python3") {
    const http = argv.indexOf("http.server");
    if (argv.includes("-m") && http >= 0) {
      const port = Number(argv[http + 1] ?? 8000) || 8000;
      const program: CatalogueProgram = { kind: "server", ports: [port], listenAfterMs: 50, startup: [[50, "stderr", `Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`]], accessLog: '{ip} - - [{clf}] "GET {path} HTTP/1.1" {status} -', onTerm: { afterMs: 0, exitCode: 0 }, usage: { cpuMillis: 1, memoryBytes: 12_000_000 } };
      return yield* runCatalogue({ name: "python3", program, argv }, io, new Map(), run);
    }
    const p = /print\((?:"([^"]*)"|'([^']*)')\)/.exec(code);
    if (p) out = `${p[1] ?? p[2]}\n`;
  } else if (match.name === "node") {
    const p = /console\.log\((?:"([^"]*)"|'([^']*)'|`([^`]*)`)\)/.exec(code);
    if (p) out = `${p[1] ?? p[2] ?? p[3]}\n`;
  }
  if (out === undefined && code === "") return undefined;
  const start = run.now();
  yield* waitFor(run, start + (match.name === "perl" && out && out.length > 100 ? (match.program.runMs ?? 1000) : 100));
  if (out) io.out(out);
  return 0;
}

/** pi to `digits` significant digits, rounded as Math::BigFloat rounds. */
function roundedPi(digits: number): string {
  const n = Math.max(1, Math.min(digits, 2000));
  return n === 2000 ? PI_2000 : PI_2000.slice(0, n + 1);
}

function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1];
    if (argv[i]!.startsWith(`${flag}=`)) return argv[i]!.slice(flag.length + 1);
  }
  return undefined;
}

/** A catalogue program: startup lines, ports, then it runs until stopped (a server) or for its run time (a job). */
function* runCatalogue(match: ProgramMatch, io: Io, env: ReadonlyMap<string, string>, run: ProgramRun): Proc {
  const p = match.program;
  const argv = match.argv;
  const start = run.now();
  const line = (spec: readonly [number, "stdout" | "stderr", string], at: number) => {
    const text = `${run.format(spec[2], at)}\n`;
    if (spec[1] === "stdout") io.out(text);
    else io.err(text);
  };
  if (match.name === "nginx" && argv.includes("-s")) {
    const action = flagValue(argv, "-s");
    return run.signalMain(action === "reload" ? "HUP" : action === "stop" ? "TERM" : "QUIT") ? 0 : 1;
  }
  if (match.name === "nginx" && argv.includes("-t")) {
    io.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
    return 0;
  }
  if (p.requires && !p.requires.anyOf.some((k) => env.get(k))) {
    for (const l of p.requires.lines) line(l, start);
    return 1;
  }
  if (p.kind === "job") {
    yield* waitFor(run, start + (p.runMs ?? UNKNOWN_PROGRAM_RUN_MS));
    return p.exitCode ?? 0;
  }
  const flagged = p.portFlag ? Number(flagValue(argv, p.portFlag) ?? NaN) : NaN;
  const ports = !Number.isNaN(flagged) ? [flagged] : (p.ports ?? run.declaredPorts);
  const close = run.inExec ? () => {} : run.listen(ports, start + (p.listenAfterMs ?? 0), p);
  let stop: Signal | undefined;
  for (const spec of p.startup ?? []) {
    stop = yield* waitFor(run, start + spec[0]);
    if (stop) break;
    line(spec, run.now());
  }
  if (!stop) stop = yield* waitFor(run, Infinity);
  const onTerm = p.onTerm ?? { afterMs: 0, exitCode: 0 };
  const termAt = run.now();
  for (const spec of onTerm.lines ?? []) {
    yield* waitFor(run, termAt + spec[0]);
    line(spec, run.now());
  }
  yield* waitFor(run, termAt + onTerm.afterMs);
  close();
  return onTerm.exitCode;
}

/** The catalogue's log templates filled in. */
export function formatTemplate(template: string, at: number, values: Readonly<Record<string, string>>): string {
  if (!template.includes("{")) return template;
  // Log-rate lines run through here by the hundred thousand: the template is split once.
  let parts = TEMPLATES.get(template);
  if (!parts) {
    parts = template.split(/\{([a-zA-Z]+)\}/);
    if (TEMPLATES.size > 1000) TEMPLATES.clear();
    TEMPLATES.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += field(parts[i]!, at, values) + parts[i + 1]!;
  return out;
}

const TEMPLATES = new Map<string, string[]>();
let secondCache = { second: NaN, text: "" };

/** RFC 3339 to the second, cached: consecutive lines share their second. */
function rfc3339Second(at: number): string {
  const second = Math.floor(at / 1000);
  if (second !== secondCache.second) secondCache = { second, text: new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
  return secondCache.text;
}

function field(key: string, at: number, values: Readonly<Record<string, string>>): string {
  const m = `{${key}}`;
  {
    switch (key) {
      case "nginxTime":
        return formatDate(at, "%Y/%m/%d %H:%M:%S");
      case "iso":
        return new Date(at).toISOString().replace(/Z$/, "");
      case "time":
        return rfc3339Second(at);
      case "clf":
        return formatDate(at, "%d/%b/%Y:%H:%M:%S +0000");
      case "redisTime":
        return `${formatDate(at, "%d %b %Y %H:%M:%S")}.${String(at % 1000).padStart(3, "0")}`;
      case "httpdTime":
        return `${formatDate(at, "%a %b %d %H:%M:%S")}.${String(at % 1000).padStart(3, "0")}000 ${formatDate(at, "%Y")}`;
      case "pgTime":
        return `${formatDate(at, "%Y-%m-%d %H:%M:%S")}.${String(at % 1000).padStart(3, "0")}`;
      case "epoch":
        return String(Math.floor(at / 1000));
      default:
        return values[key] ?? m;
    }
  }
}
