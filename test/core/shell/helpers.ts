import { baseLayer, FsLayer, Shell, Vfs, type Proc, type ShellHost, type Signal } from "../../../src/core/shell/index.js";

/** A small host: an in-memory filesystem, a clock the runner moves, programs that print their argv. */
export function testHost(userland: "busybox" | "gnu" = "busybox"): ShellHost & { t: number; signals: string[] } {
  const fs = new Vfs(new FsLayer(baseLayer({ "/etc/hostname": "pod\n" }, ["/tmp", "/bin", "/root"])));
  const host = {
    fs,
    hostname: "pod",
    userland,
    t: 0,
    signals: [] as string[],
    now: () => host.t,
    // eslint-disable-next-line require-yield -- a program that prints and ends at once.
    *program(argv: readonly string[], io: { out(t: string): void }): Proc {
      io.out(`[${argv.join(" ")}]\n`);
      return 0;
    },
    signal(target: string, sig: Signal | 0) {
      host.signals.push(`${target}:${sig}`);
      return target === "1";
    },
    processes: (): [number, string][] => [[1, "sh -c script"]],
  };
  return host;
}

export interface RunResult {
  /** `ms:line` for each output line, stderr lines prefixed `!`. */
  lines: string[];
  code: number | undefined;
  shell: Shell;
}

/** Runs a script, moving virtual time to each wake-up, until it ends or `limitMs` passes; `signalAt` sends one signal. */
export function runScript(script: string, opts: { limitMs?: number; host?: ReturnType<typeof testHost>; signalAt?: [number, Signal] } = {}): RunResult {
  const host = opts.host ?? testHost();
  const sh = new Shell(host, { HOME: "/root", PATH: "/bin:/usr/bin" });
  const lines: string[] = [];
  const io = { stdin: "", out: (t: string) => lines.push(...split(host.t, t, "")), err: (t: string) => lines.push(...split(host.t, t, "!")) };
  const g = sh.runText(script, io);
  let r = g.next();
  const limit = opts.limitMs ?? 3_600_000;
  let signalled = false;
  while (!r.done) {
    const sig = opts.signalAt;
    if (sig && !signalled && r.value.until > sig[0]) {
      signalled = true;
      host.t = sig[0];
      r = g.next({ signal: sig[1] });
      continue;
    }
    if (r.value.until > limit) break;
    host.t = r.value.until;
    r = g.next();
  }
  return { lines, code: r.done ? r.value : undefined, shell: sh };
}

function split(t: number, text: string, prefix: string): string[] {
  return text.replace(/\n$/, "").split("\n").map((l) => `${t}:${prefix}${l}`);
}
