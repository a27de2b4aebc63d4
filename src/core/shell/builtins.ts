/* eslint-disable require-yield -- every builtin has the generator signature so it can wait; most finish at once. */
import { FS_BUILTINS } from "./builtins-fs.js";
import { TEXT_BUILTINS } from "./builtins-text.js";
import { ShellExit } from "./control.js";
import type { Shell } from "./interpreter.js";
import { SIGNAL_NUMBERS, type Io, type Proc, type Signal } from "./types.js";
import { normalize } from "./vfs.js";

/** A builtin command: the shell, argv (argv[0] is its name) and its streams. */
export type Builtin = (sh: Shell, argv: readonly string[], io: Io) => Proc;

/** `sleep`'s argument: seconds, or with an s/m/h/d suffix; `infinity` never ends. */
export function durationMs(arg: string): number | undefined {
  if (arg === "infinity" || arg === "inf") return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Math.round(Number(m[1]) * unit);
}

function signalOf(name: string): Signal | 0 | undefined {
  const n = name.replace(/^-/, "").toUpperCase().replace(/^SIG/, "");
  if (n === "0") return 0;
  if (n in SIGNAL_NUMBERS) return n as Signal;
  const byNumber = Object.entries(SIGNAL_NUMBERS).find(([, v]) => String(v) === n);
  return byNumber ? (byNumber[0] as Signal) : undefined;
}

function* ok(): Proc {
  return 0;
}

const CORE: Record<string, Builtin> = {
  ":": () => ok(),
  true: () => ok(),
  false: function* () {
    return 1;
  },
  *sleep(sh, argv, io) {
    let total = 0;
    for (const a of argv.slice(1)) {
      const ms = durationMs(a);
      if (ms === undefined) {
        io.err(`sleep: invalid number '${a}'\n`);
        return 1;
      }
      total += ms;
    }
    if (argv.length < 2) {
      io.err("sleep: missing operand\n");
      return 1;
    }
    return yield* sh.sleepUntil(sh.host.now() + total);
  },
  *exit(sh, argv) {
    const n = argv[1] !== undefined ? Number.parseInt(argv[1], 10) : sh.status;
    throw new ShellExit(Number.isNaN(n) ? 2 : n & 0xff);
  },
  *return(sh, argv) {
    return sh.control("return", argv[1] !== undefined ? Number.parseInt(argv[1], 10) & 0xff : sh.status);
  },
  *break(sh, argv) {
    return sh.control("break", Number(argv[1] ?? 1));
  },
  *continue(sh, argv) {
    return sh.control("continue", Number(argv[1] ?? 1));
  },
  *export(sh, argv) {
    for (const a of argv.slice(1).filter((x) => x !== "-p")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
      sh.exported.add(name);
    }
    return 0;
  },
  *unset(sh, argv) {
    for (const a of argv.slice(1).filter((x) => !x.startsWith("-"))) {
      sh.vars.delete(a);
      sh.exported.delete(a);
      sh.functions.delete(a);
    }
    return 0;
  },
  *set(sh, argv) {
    const dd = argv.indexOf("--");
    if (dd >= 0) sh.positional = argv.slice(dd + 1);
    return 0;
  },
  *shift(sh, argv) {
    sh.positional = sh.positional.slice(Number(argv[1] ?? 1));
    return 0;
  },
  *trap(sh, argv, io) {
    if (argv.length === 1) {
      for (const [sig, action] of sh.traps) io.out(`trap -- '${action}' ${sig}\n`);
      return 0;
    }
    const action = argv[1]!;
    for (const name of argv.slice(2)) {
      const sig = name === "EXIT" || name === "0" ? "EXIT" : signalOf(name);
      if (!sig) {
        io.err(`trap: ${name}: bad trap\n`);
        return 1;
      }
      if (action === "-") sh.traps.delete(String(sig));
      else sh.traps.set(String(sig), action);
    }
    return 0;
  },
  *cd(sh, argv, io) {
    const target = normalize(argv[1] ?? sh.vars.get("HOME") ?? "/", sh.cwd);
    const n = sh.host.fs.stat(target);
    if (!n || n.type !== "dir") {
      io.err(`sh: cd: can't cd to ${argv[1]}: ${n ? "Not a directory" : "No such file or directory"}\n`);
      return 2;
    }
    sh.cwd = target;
    sh.vars.set("PWD", target);
    return 0;
  },
  *pwd(sh, _argv, io) {
    io.out(`${sh.cwd}\n`);
    return 0;
  },
  *eval(sh, argv, io) {
    return yield* sh.evalText(argv.slice(1).join(" "), io);
  },
  *exec(sh, argv, io) {
    if (argv.length < 2) return 0;
    throw new ShellExit(yield* sh.invoke(argv.slice(1), io));
  },
  *wait() {
    return 0;
  },
  *sh(sh, argv, io) {
    return yield* nestedShell(sh, argv, io);
  },
  *hostname(sh, _argv, io) {
    io.out(`${sh.host.hostname}\n`);
    return 0;
  },
  *env(sh, argv, io) {
    let i = 1;
    const extra: [string, string][] = [];
    for (; i < argv.length; i++) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[i]!);
      if (!m) break;
      extra.push([m[1]!, m[2]!]);
    }
    if (i >= argv.length) {
      const env = sh.environ();
      for (const [k, v] of extra) env.set(k, v);
      for (const [k, v] of env) io.out(`${k}=${v}\n`);
      return 0;
    }
    const child = sh.subshell();
    for (const [k, v] of extra) {
      child.vars.set(k, v);
      child.exported.add(k);
    }
    return yield* child.invoke(argv.slice(i), io);
  },
  *printenv(sh, argv, io) {
    const env = sh.environ();
    if (argv.length === 1) {
      for (const [k, v] of env) io.out(`${k}=${v}\n`);
      return 0;
    }
    let status = 0;
    for (const name of argv.slice(1)) {
      const v = env.get(name);
      if (v === undefined) status = 1;
      else io.out(`${v}\n`);
    }
    return status;
  },
  *read(sh, argv, io) {
    const names = argv.slice(1).filter((a) => !a.startsWith("-"));
    if (io.stdin === "") return 1;
    const nl = io.stdin.indexOf("\n");
    const line = nl < 0 ? io.stdin : io.stdin.slice(0, nl);
    const words = line.trim().split(/[ \t]+/);
    (names.length > 0 ? names : ["REPLY"]).forEach((n, i, all) => sh.vars.set(n, i === all.length - 1 ? words.slice(i).join(" ") : (words[i] ?? "")));
    return 0;
  },
  *kill(sh, argv, io) {
    let sig: Signal | 0 = "TERM";
    const targets: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "-s" || a === "-n") sig = signalOf(argv[++i] ?? "") ?? "TERM";
      else if (a.startsWith("-") && targets.length === 0) sig = signalOf(a) ?? "TERM";
      else targets.push(a);
    }
    let status = 0;
    for (const t of targets) {
      if (!sh.host.signal(t, sig)) {
        io.err(`sh: can't kill pid ${t}: No such process\n`);
        status = 1;
      }
    }
    return status;
  },
  *killall(sh, argv, io) {
    let sig: Signal | 0 = "TERM";
    let status = 0;
    for (const a of argv.slice(1)) {
      if (a.startsWith("-")) sig = signalOf(a) ?? "TERM";
      else if (!sh.host.signal(a, sig)) {
        if (sig !== 0) io.err(`killall: ${a}: no process killed\n`);
        status = 1;
      }
    }
    return status;
  },
  *ps(sh, _argv, io) {
    io.out("PID   USER     TIME  COMMAND\n");
    for (const [pid, cmd] of sh.host.processes()) io.out(`${String(pid).padStart(5)} root      0:00 ${cmd}\n`);
    return 0;
  },
  *id(_sh, _argv, io) {
    io.out("uid=0(root) gid=0(root) groups=0(root)\n");
    return 0;
  },
  *whoami(_sh, _argv, io) {
    io.out("root\n");
    return 0;
  },
  *uname(sh, argv, io) {
    const all = argv.includes("-a");
    if (all) io.out(`Linux ${sh.host.hostname} 6.1.0-kdeck #1 SMP x86_64 GNU/Linux\n`);
    else if (argv.includes("-r")) io.out("6.1.0-kdeck\n");
    else if (argv.includes("-m")) io.out("x86_64\n");
    else io.out("Linux\n");
    return 0;
  },
};

/** `sh -c 'script' [name args…]`, `sh script.sh`, or `sh` reading its script from stdin. */
function* nestedShell(sh: Shell, argv: readonly string[], io: Io): Proc {
  const child = new (sh.constructor as new (...a: ConstructorParameters<typeof Shell>) => Shell)(sh.host, sh.environ());
  child.cwd = sh.cwd;
  let i = 1;
  while (i < argv.length && /^-[a-z]+$/.test(argv[i]!) && !argv[i]!.includes("c")) i++;
  if (argv[i] !== undefined && /^-[a-z]*c[a-z]*$/.test(argv[i]!)) {
    const script = argv[i + 1] ?? "";
    child.name = argv[i + 2] ?? argv[0]!;
    child.positional = argv.slice(i + 3);
    return yield* child.runText(script, io);
  }
  if (argv[i] !== undefined) {
    const path = normalize(argv[i]!, sh.cwd);
    const text = sh.host.fs.read(path);
    if (text === "ENOENT" || text === "EISDIR") {
      io.err(`${argv[0]}: can't open '${argv[i]}': No such file or directory\n`);
      return 2;
    }
    child.name = argv[i]!;
    child.positional = argv.slice(i + 1);
    return yield* child.runText(text, io);
  }
  return yield* child.runText(io.stdin, { ...io, stdin: "" });
}

/** Whether argv[0] runs a builtin (a shell, `sleep`, `echo`…) rather than a program. */
export function isBuiltin(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base in BUILTINS && (!name.includes("/") || /^\/(usr\/)?s?bin\//.test(name));
}

/** Every builtin by name (also reached as /bin/NAME and /usr/bin/NAME). */
export const BUILTINS: Readonly<Record<string, Builtin>> = {
  ...CORE,
  bash: CORE.sh!,
  ash: CORE.sh!,
  dash: CORE.sh!,
  ...FS_BUILTINS,
  ...TEXT_BUILTINS,
};
