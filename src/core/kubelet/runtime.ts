import type { Container, Pod } from "kubernetes-types/core/v1";
import { hexHash, imageName, type ImageRef } from "./images.js";
import { SIMPLE_PROGRAM_RUN_MS } from "./stages.js";

/**
 * The container runtime as the simulated kubelet sees it: what an image costs to pull,
 * and what a container's process does once started. This is the one place that
 * decides what a command does; a shell interpreter and an image catalogue replace
 * {@link SimpleRuntime} later without the kubelet changing.
 */
export interface ContainerRuntime {
  image(ref: ImageRef): ImageInfo;
  /**
   * The process a container runs. Must be a pure function of its input: the kubelet
   * asks again after a restart of kdeck and must get the same answer.
   */
  process(start: ContainerStart): ContainerProcess;
}

export interface ImageInfo {
  /** Compressed size, reported in the Pulled event and node.status.images. */
  sizeBytes: number;
  /** How long a pull takes, when the runtime knows better than the stage table. */
  pullMs?: number;
}

export interface ContainerStart {
  pod: Pod;
  container: Container;
  /** Virtual time the process started, epoch ms. */
  startedAt: number;
  /** 0 for the first instance. */
  restartCount: number;
}

/** One line a process writes, `afterMs` after it started. */
export interface ProcessOutput {
  afterMs: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface ContainerProcess {
  /** Lines it writes, in order of `afterMs`. */
  output: readonly ProcessOutput[];
  /** When it exits by itself, and with which code; absent: it runs until stopped. */
  exit?: { afterMs: number; code: number };
  /**
   * Whether SIGTERM ends it at once (exit 0). Otherwise it is killed when the grace
   * period ends (exit 137).
   */
  exitsOnTerm: boolean;
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);
const FOREVER = Infinity;

/**
 * A first runtime: a container without a command is a server and runs until stopped
 * (nginx writes its startup lines); a command runs a few shell words (`echo`, `sleep`,
 * `exit`, `date`, `true`, `false`) and any other program runs a short while and exits 0.
 * `while`/`until` loops, `sleep infinity` and `tail -f` run forever.
 */
export class SimpleRuntime implements ContainerRuntime {
  image(ref: ImageRef): ImageInfo {
    // Between 2 MB and 200 MB, stable per image, until a catalogue knows real sizes.
    const n = parseInt(hexHash(imageName(ref), 8), 16);
    return { sizeBytes: 2_000_000 + (n % 198_000_000) };
  }

  process(start: ContainerStart): ContainerProcess {
    const argv = [...(start.container.command ?? []), ...(start.container.args ?? [])];
    if (argv.length === 0) return serverProcess(start);
    const program = basename(argv[0]!);
    const script = SHELLS.has(program) && /^-[a-z]*c[a-z]*$/.test(argv[1] ?? "") ? (argv[2] ?? "") : argv.map(quoteWord).join(" ");
    return runScript(script, start.startedAt);
  }
}

function runScript(script: string, startedAt: number): ContainerProcess {
  const output: ProcessOutput[] = [];
  let elapsed = 0;
  let status = 0;
  for (const statement of splitStatements(script)) {
    const words = splitWords(statement);
    while (words.length > 0 && ["do", "then", "else", "done", "fi", "{", "}"].includes(words[0]!)) words.shift();
    const [cmd, ...args] = words;
    if (cmd === undefined) continue;
    switch (basename(cmd)) {
      case "while":
      case "until":
        return { output, exitsOnTerm: false };
      case "for":
        // A loop over words: finite, but beyond this runtime to follow.
        return finish(output, elapsed, 0);
      case "echo": {
        const text = args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a))).join(" ");
        output.push({ afterMs: elapsed, stream: "stdout", text });
        status = 0;
        break;
      }
      case "printf":
        output.push({ afterMs: elapsed, stream: "stdout", text: (args[0] ?? "").replace(/\\n$/, "") });
        status = 0;
        break;
      case "date":
        output.push({ afterMs: elapsed, stream: "stdout", text: busyboxDate(startedAt + elapsed) });
        status = 0;
        break;
      case "sleep": {
        const ms = durationMs(args[0] ?? "0");
        if (ms === FOREVER) return { output, exitsOnTerm: false };
        elapsed += ms;
        status = 0;
        break;
      }
      case "tail":
        // `tail -f` follows its file forever.
        if (args.some((a) => /^-[a-zA-Z]*[fF]/.test(a))) return { output, exitsOnTerm: false };
        status = 0;
        break;
      case "exit":
        return finish(output, elapsed, Number.parseInt(args[0] ?? String(status), 10) & 0xff);
      case "false":
        status = 1;
        break;
      default:
        status = 0;
    }
  }
  return finish(output, elapsed, status);
}

function finish(output: ProcessOutput[], elapsed: number, code: number): ContainerProcess {
  return { output, exit: { afterMs: Math.max(elapsed, SIMPLE_PROGRAM_RUN_MS), code }, exitsOnTerm: true };
}

/** Splits on `;`, `&&`, `||`, `|` and newlines outside quotes. */
function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ";" || ch === "\n" || ch === "|" || (ch === "&" && script[i + 1] === "&")) {
      if (ch === "&" || (ch === "|" && script[i + 1] === "|")) i++;
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Whitespace-separated words with quotes removed. */
function splitWords(statement: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  for (const ch of statement) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur = (cur ?? "") + ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur = cur ?? "";
    } else if (/\s/.test(ch)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? "") + ch;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

function quoteWord(w: string): string {
  return /[\s;&|'"]/.test(w) ? `'${w.replace(/'/g, "")}'` : w;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `sleep`'s argument: seconds, or with an s/m/h/d suffix; `infinity` never ends. */
function durationMs(arg: string): number {
  if (arg === "infinity" || arg === "inf") return FOREVER;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Math.round(Number(m[1]) * unit);
}

/** busybox `date`: `Mon Jan  1 00:00:05 UTC 2024`. */
function busyboxDate(ms: number): string {
  const d = new Date(ms);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const time = d.toISOString().slice(11, 19);
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, " ")} ${time} UTC ${d.getUTCFullYear()}`;
}

/** A server runs until stopped; nginx says what its entrypoint says. */
function serverProcess(start: ContainerStart): ContainerProcess {
  const image = basename((start.container.image ?? "").split("@")[0]!.replace(/:[^/:]*$/, ""));
  if (image !== "nginx") return { output: [], exitsOnTerm: false };
  const tag = /:(\d+\.\d+(?:\.\d+)?)/.exec(start.container.image ?? "")?.[1];
  const version = tag ? (tag.split(".").length === 2 ? `${tag}.0` : tag) : "1.27.3";
  const stamp = (afterMs: number) => new Date(start.startedAt + afterMs).toISOString().slice(0, 19).replace(/-/g, "/").replace("T", " ");
  const lines: [number, "stdout" | "stderr", string][] = [
    [5, "stdout", "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"],
    [5, "stdout", "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"],
    [6, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"],
    [8, "stdout", "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"],
    [9, "stdout", "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"],
    [10, "stdout", "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"],
    [11, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"],
    [12, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"],
    [13, "stdout", "/docker-entrypoint.sh: Configuration complete; ready for start up"],
    [20, "stderr", `${stamp(20)} [notice] 1#1: using the "epoll" event method`],
    [20, "stderr", `${stamp(20)} [notice] 1#1: nginx/${version}`],
    [20, "stderr", `${stamp(20)} [notice] 1#1: OS: Linux 6.1.0-kdeck`],
    [20, "stderr", `${stamp(20)} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`],
    [21, "stderr", `${stamp(21)} [notice] 1#1: start worker processes`],
    [21, "stderr", `${stamp(21)} [notice] 1#1: start worker process 29`],
  ];
  return { output: lines.map(([afterMs, stream, text]) => ({ afterMs, stream, text })), exitsOnTerm: false };
}
