/**
 * `kdeck` with no verb: the full-screen console on the alternate screen. Resolves when
 * the user quits (`q`, `ctrl-c`) or the process is asked to stop (SIGTERM aborts
 * `signal`), always with the terminal restored.
 */
import "./production.js";
import type { Cluster } from "../client/cluster.js";
import { runInteractiveShell } from "../client/shell/repl.js";
import { Console, type WatchStatusSource } from "./console.js";
import { editText, findClipboard } from "./data/system.js";
import { DEFAULT_LOG_CAPACITY } from "./state/log-ring.js";
import { mountConsole, type MountedConsole } from "./mount.js";
import { TerminalSession } from "./terminal.js";
import { ConsoleWatch } from "./watch-status.js";

export interface RunConsoleOptions {
  cluster: Cluster;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Aborted by SIGINT/SIGTERM (see src/cli.ts): the console quits. */
  signal: AbortSignal;
  namespace?: string;
  /** `--watch DIR`: follow a manifest folder while the console runs. */
  watchDir?: string;
  /** A watch status source instead (tests). */
  watch?: WatchStatusSource;
}

/** Lines the Logs pane keeps: `KDECK_LOG_LINES`, else 50,000. */
export function logCapacity(env: NodeJS.ProcessEnv): number {
  const raw = env.KDECK_LOG_LINES;
  if (raw === undefined || raw === "") return DEFAULT_LOG_CAPACITY;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100) throw new Error(`KDECK_LOG_LINES must be a whole number of at least 100, not "${raw}"`);
  return n;
}

/** True when the console can run here: both ends are a terminal. */
export function canRunConsole(stdin: { isTTY?: boolean }, stdout: { isTTY?: boolean }): boolean {
  return stdin.isTTY === true && stdout.isTTY === true;
}

export async function runConsole(opts: RunConsoleOptions): Promise<void> {
  const capacity = logCapacity(opts.env);
  const terminal = new TerminalSession({ stdout: opts.stdout, stdin: opts.stdin });
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  let redraw: () => void = () => undefined;
  let hold: () => void = () => undefined;
  const folderWatch = opts.watchDir ? new ConsoleWatch(opts.cluster, opts.watchDir, opts.namespace ?? "default") : undefined;
  const watch = opts.watch ?? folderWatch;
  const c = new Console({
    cluster: opts.cluster,
    quit: () => quit(),
    clipboard: findClipboard(opts.env),
    edit: (text, name) => {
      const saved = terminal.suspend(() => editText(text, opts.env, name));
      redraw();
      return saved;
    },
    shell: async (session, title) => {
      hold();
      try {
        return await terminal.suspendAsync(() => {
          opts.stdout.write(`kdeck: a shell in ${title}; exit or ctrl-d returns to the console\n`);
          return runInteractiveShell(session, { input: opts.stdin, output: opts.stdout, terminal: true, signal: opts.signal });
        });
      } finally {
        redraw();
      }
    },
    logCapacity: capacity,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(watch ? { watch } : {}),
  });
  // A crash anywhere (a watch callback, a timer) must not leave the terminal raw and blank.
  const crash = (e: unknown): void => {
    terminal.leave();
    opts.stderr.write(`kdeck: the console stopped: ${e instanceof Error ? e.message : String(e)}\n`);
    if (opts.env.KDECK_DEBUG && e instanceof Error && e.stack) opts.stderr.write(`${e.stack}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  opts.signal.addEventListener("abort", () => quit(), { once: true });
  // The terminal went away (its window closed, ssh dropped): nobody is left to see the console.
  const hangUp = (): void => quit();
  process.on("SIGHUP", hangUp);
  opts.stdin.once("end", hangUp);
  terminal.enter();
  let mounted: MountedConsole | undefined;
  let stopping = false;
  try {
    c.start({ events: "later" });
    // The first frame is drawn at once; this resolves when the keyboard is read.
    mounted = await mountConsole(c, { stdout: opts.stdout, stdin: opts.stdin });
    const m = mounted;
    redraw = () => m.redraw();
    hold = () => m.writer.hold();
    // Keys work: now the long jobs, each its own task so that keys are read between them:
    // events (often the largest list), then the engine (or following the one running).
    setImmediate(() => {
      c.loadEvents();
      setImmediate(() => {
        if (stopping) return;
        opts.cluster.startRealtime();
        folderWatch?.start();
      });
    });
    await Promise.race([quitting, mounted.waitUntilExit()]);
  } finally {
    stopping = true;
    c.stop();
    mounted?.unmount();
    terminal.leave();
    process.off("uncaughtException", crash);
    process.off("unhandledRejection", crash);
    process.off("SIGHUP", hangUp);
    opts.stdin.off("end", hangUp);
    // The round in progress finishes, leaving everything applied; the terminal is already back.
    await folderWatch?.stop();
  }
}
