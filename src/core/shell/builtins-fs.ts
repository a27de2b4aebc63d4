/* eslint-disable require-yield -- every builtin has the generator signature so it can wait; most finish at once. */
import type { Builtin } from "./builtins.js";
import type { Shell } from "./interpreter.js";
import type { Io, Proc } from "./types.js";
import { normalize, type FsError } from "./vfs.js";

/** The C library's words for an errno. */
export function strerror(e: FsError): string {
  return {
    ENOENT: "No such file or directory",
    EISDIR: "Is a directory",
    ENOTDIR: "Not a directory",
    EEXIST: "File exists",
    EROFS: "Read-only file system",
    ENOTEMPTY: "Directory not empty",
  }[e];
}

/** Flags (`-rf`) and operands, the way getopt splits them. */
function opts(argv: readonly string[]): { flags: Set<string>; args: string[] } {
  const flags = new Set<string>();
  const args: string[] = [];
  let done = false;
  for (const a of argv.slice(1)) {
    if (!done && a === "--") done = true;
    else if (!done && /^-[A-Za-z]+$/.test(a)) for (const f of a.slice(1)) flags.add(f);
    else args.push(a);
  }
  return { flags, args };
}

/** "can't open 'x'" (busybox) or "x:" (GNU): the two families' error wording. */
function cantOpen(sh: Shell, cmd: string, path: string, e: FsError): string {
  return sh.host.userland === "busybox" ? `${cmd}: can't open '${path}': ${strerror(e)}\n` : `${cmd}: ${path}: ${strerror(e)}\n`;
}

/** Reads the operands (or stdin) as one text, printing errors; `status` is 1 if any failed. */
export function readInputs(sh: Shell, cmd: string, args: readonly string[], io: Io): { text: string; status: number } {
  if (args.length === 0 || (args.length === 1 && args[0] === "-")) return { text: io.stdin, status: 0 };
  let text = "";
  let status = 0;
  for (const a of args) {
    const content = a === "-" ? io.stdin : sh.host.fs.read(normalize(a, sh.cwd));
    if (content === "ENOENT" || content === "EISDIR" || content === "ENOTDIR" || content === "EEXIST" || content === "EROFS" || content === "ENOTEMPTY") {
      io.err(cantOpen(sh, cmd, a, content));
      status = 1;
    } else text += content;
  }
  return { text, status };
}

function lines(text: string): string[] {
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
}

function* tail(sh: Shell, argv: readonly string[], io: Io): Proc {
  let n = 10;
  let fromStart = false;
  let follow = false;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-n" || a === "-c") {
      const v = argv[++i] ?? "10";
      fromStart = v.startsWith("+");
      n = Number.parseInt(v.replace("+", ""), 10);
    } else if (/^-n\+?\d+$/.test(a)) {
      fromStart = a.includes("+");
      n = Number.parseInt(a.slice(2).replace("+", ""), 10);
    } else if (/^-[fF]+$/.test(a) || a === "--follow" || a === "--retry") follow = true;
    else if (/^-[a-zA-Z]+$/.test(a)) follow ||= /[fF]/.test(a);
    else files.push(a);
  }
  const pick = (text: string) => {
    const ls = lines(text);
    return fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
  };
  if (!follow || files.length === 0) {
    const { text, status } = readInputs(sh, "tail", files, io);
    for (const l of pick(text)) io.out(`${l}\n`);
    if (follow) yield* sh.sleepUntil(Infinity);
    return status;
  }
  // Following: print the tail, then poll the file each second for what was appended.
  const path = normalize(files[0]!, sh.cwd);
  let seen = 0;
  let first = true;
  for (;;) {
    const content = sh.host.fs.read(path);
    if (typeof content === "string" && !["ENOENT", "EISDIR", "ENOTDIR"].includes(content)) {
      if (content.length < seen) seen = 0;
      if (first) {
        for (const l of pick(content)) io.out(`${l}\n`);
        seen = content.length;
        first = false;
      } else if (content.length > seen) {
        io.out(content.slice(seen));
        seen = content.length;
      }
    } else if (first) {
      io.err(cantOpen(sh, "tail", files[0]!, "ENOENT"));
      first = false;
    }
    const r = yield* sh.sleepUntil(sh.host.now() + 1000);
    if (r !== 0) return r;
  }
}

function* test(sh: Shell, argv: readonly string[], io: Io): Proc {
  let args = argv.slice(1);
  if (argv[0] === "[") {
    if (args[args.length - 1] !== "]") {
      io.err("[: missing ]\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  const fs = sh.host.fs;
  const unary = (op: string, v: string): boolean | undefined => {
    const node = () => fs.stat(normalize(v, sh.cwd));
    switch (op) {
      case "-z": return v === "";
      case "-n": return v !== "";
      case "-e": return !!node();
      case "-f": return node()?.type === "file";
      case "-d": return node()?.type === "dir";
      case "-s": { const n = node(); return n?.type === "file" && n.content.length > 0; }
      case "-r": case "-w": case "-x": return !!node();
      case "-L": case "-h": case "-p": case "-S": case "-b": case "-c": return false;
      default: return undefined;
    }
  };
  const binary = (a: string, op: string, b: string): boolean | undefined => {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case "=": case "==": return a === b;
      case "!=": return a !== b;
      case "-eq": return x === y;
      case "-ne": return x !== y;
      case "-lt": return x < y;
      case "-le": return x <= y;
      case "-gt": return x > y;
      case "-ge": return x >= y;
      default: return undefined;
    }
  };
  const evalExpr = (a: readonly string[]): boolean => {
    const or = a.indexOf("-o");
    if (or > 0) return evalExpr(a.slice(0, or)) || evalExpr(a.slice(or + 1));
    const and = a.indexOf("-a");
    if (and > 0) return evalExpr(a.slice(0, and)) && evalExpr(a.slice(and + 1));
    if (a[0] === "!") return !evalExpr(a.slice(1));
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== "";
    if (a.length === 2) return unary(a[0]!, a[1]!) ?? false;
    if (a.length === 3) return binary(a[0]!, a[1]!, a[2]!) ?? false;
    return false;
  };
  return evalExpr(args) ? 0 : 1;
}

export const FS_BUILTINS: Readonly<Record<string, Builtin>> = {
  *cat(sh, argv, io) {
    const { args } = opts(argv);
    const { text, status } = readInputs(sh, "cat", args, io);
    if (text) io.out(text);
    return status;
  },
  *touch(sh, argv, io) {
    let status = 0;
    for (const a of opts(argv).args) {
      const path = normalize(a, sh.cwd);
      if (sh.host.fs.stat(path)) continue;
      const e = sh.host.fs.write(path, "", false);
      if (e) {
        io.err(sh.host.userland === "busybox" ? `touch: ${a}: ${strerror(e)}\n` : `touch: cannot touch '${a}': ${strerror(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
  *rm(sh, argv, io) {
    const { flags, args } = opts(argv);
    let status = 0;
    for (const a of args) {
      const path = normalize(a, sh.cwd);
      const node = sh.host.fs.stat(path);
      const e = node?.type === "dir" && !flags.has("r") && !flags.has("R") ? "EISDIR" : sh.host.fs.rm(path, true);
      if (e && !(e === "ENOENT" && flags.has("f"))) {
        io.err(sh.host.userland === "busybox" ? `rm: can't remove '${a}': ${strerror(e)}\n` : `rm: cannot remove '${a}': ${strerror(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
  *mkdir(sh, argv, io) {
    const { flags, args } = opts(argv);
    let status = 0;
    for (const a of args) {
      const e = sh.host.fs.mkdir(normalize(a, sh.cwd), flags.has("p"));
      if (e) {
        io.err(sh.host.userland === "busybox" ? `mkdir: can't create directory '${a}': ${strerror(e)}\n` : `mkdir: cannot create directory '${a}': ${strerror(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
  *rmdir(sh, argv, io) {
    let status = 0;
    for (const a of opts(argv).args) {
      const e = sh.host.fs.rm(normalize(a, sh.cwd), false);
      if (e) {
        io.err(`rmdir: '${a}': ${strerror(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
  *ls(sh, argv, io) {
    const { flags, args } = opts(argv);
    let status = 0;
    const targets = args.length > 0 ? args : ["."];
    targets.forEach((a, i) => {
      const path = normalize(a, sh.cwd);
      const node = sh.host.fs.stat(path);
      if (!node) {
        io.err(sh.host.userland === "busybox" ? `ls: ${a}: No such file or directory\n` : `ls: cannot access '${a}': No such file or directory\n`);
        status = sh.host.userland === "busybox" ? 1 : 2;
        return;
      }
      const long = (name: string, p: string) => {
        const n = sh.host.fs.stat(p);
        const size = n?.type === "file" ? n.content.length : 4096;
        return flags.has("l") ? `${n?.type === "dir" ? "drwxr-xr-x" : "-rw-r--r--"}    1 root     root     ${String(size).padStart(8)} Jan  1 00:00 ${name}` : name;
      };
      if (node.type === "file") {
        io.out(`${long(a, path)}\n`);
        return;
      }
      if (targets.length > 1) io.out(`${i > 0 ? "\n" : ""}${a}:\n`);
      const names = sh.host.fs.list(path);
      if (typeof names === "string") return;
      const shown = flags.has("a") ? [".", "..", ...names] : names.filter((n) => !n.startsWith("."));
      for (const n of shown) io.out(`${long(n, `${path === "/" ? "" : path}/${n}`)}\n`);
    });
    return status;
  },
  *tee(sh, argv, io) {
    const { flags, args } = opts(argv);
    io.out(io.stdin);
    for (const a of args) sh.host.fs.write(normalize(a, sh.cwd), io.stdin, flags.has("a"));
    return 0;
  },
  *head(sh, argv, io) {
    let n = 10;
    const files: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "-n") n = Number(argv[++i] ?? 10);
      else if (/^-n?\d+$/.test(a)) n = Number(a.replace(/^-n?/, ""));
      else files.push(a);
    }
    const { text, status } = readInputs(sh, "head", files, io);
    for (const l of lines(text).slice(0, n)) io.out(`${l}\n`);
    return status;
  },
  tail,
  test,
  "[": test,
};
