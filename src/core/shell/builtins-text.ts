/* eslint-disable require-yield -- every builtin has the generator signature so it can wait; most finish at once. */
import type { Builtin } from "./builtins.js";
import { readInputs } from "./builtins-fs.js";
import { globToRegExp } from "./arith.js";
import type { Proc } from "./types.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `date` at virtual time `ms`, in UTC (containers run with TZ unset): `Mon Jan  1 00:00:05 UTC 2024` or a `+FORMAT`. */
export function formatDate(ms: number, format?: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const fields: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    y: p2(d.getUTCFullYear() % 100),
    m: p2(d.getUTCMonth() + 1),
    d: p2(d.getUTCDate()),
    e: String(d.getUTCDate()).padStart(2, " "),
    H: p2(d.getUTCHours()),
    M: p2(d.getUTCMinutes()),
    S: p2(d.getUTCSeconds()),
    s: String(Math.floor(ms / 1000)),
    N: String((ms % 1000) * 1_000_000).padStart(9, "0"),
    a: DAYS[d.getUTCDay()]!,
    A: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.getUTCDay()]!,
    b: MONTHS[d.getUTCMonth()]!,
    h: MONTHS[d.getUTCMonth()]!,
    Z: "UTC",
    z: "+0000",
    n: "\n",
    t: "\t",
    "%": "%",
  };
  fields.T = `${fields.H}:${fields.M}:${fields.S}`;
  fields.F = `${fields.Y}-${fields.m}-${fields.d}`;
  fields.D = `${fields.m}/${fields.d}/${fields.y}`;
  fields.R = `${fields.H}:${fields.M}`;
  fields.c = `${fields.a} ${fields.b} ${fields.e} ${fields.T} ${fields.Y}`;
  if (format === undefined) return `${fields.a} ${fields.b} ${fields.e} ${fields.T} UTC ${fields.Y}`;
  return format.replace(/%([A-Za-z%])/g, (m, c: string) => fields[c] ?? m);
}

/** Backslash escapes of `echo -e` and `printf`. */
function unescape(s: string): { text: string; stop: boolean } {
  let stop = false;
  const text = s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (_m, e: string) => {
    if (stop) return "";
    switch (e[0]) {
      case "n": return "\n";
      case "t": return "\t";
      case "r": return "\r";
      case "\\": return "\\";
      case "a": return "\x07";
      case "e": return "\x1b";
      case "c": stop = true; return "";
      case "0": return String.fromCharCode(Number.parseInt(e.slice(1) || "0", 8));
      case "x": return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      default: return `\\${e}`;
    }
  });
  return { text, stop };
}

function printf(format: string, args: readonly string[]): string {
  let out = "";
  let i = 0;
  do {
    let consumed = false;
    out += unescape(format).text.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifxXoceg%])/g, (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === "%") return "%";
      consumed = true;
      const arg = args[i++] ?? "";
      let s: string;
      switch (conv) {
        case "d":
        case "i":
          s = String(Math.trunc(Number(arg) || 0));
          break;
        case "x":
        case "X":
          s = (Math.trunc(Number(arg) || 0) >>> 0).toString(16);
          if (conv === "X") s = s.toUpperCase();
          break;
        case "o":
          s = (Math.trunc(Number(arg) || 0) >>> 0).toString(8);
          break;
        case "f":
        case "e":
        case "g":
          s = (Number(arg) || 0).toFixed(prec !== undefined ? Number(prec) : 6);
          break;
        case "c":
          s = arg.slice(0, 1);
          break;
        default:
          s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
      }
      const w = Number(width || 0);
      if (s.length < w) s = flags.includes("-") ? s.padEnd(w) : s.padStart(w, flags.includes("0") && conv !== "s" ? "0" : " ");
      return s;
    });
    if (!consumed) break;
  } while (i < args.length);
  return out;
}

function* seq(_sh: unknown, argv: readonly string[], io: { out(t: string): void }): Proc {
  const nums = argv.slice(1).map(Number);
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  // Bounded: a huge seq would fill memory in zero virtual time.
  for (let v = first, n = 0; step > 0 ? v <= last : v >= last; v += step, n++) {
    if (n >= 100_000 || step === 0) break;
    io.out(`${v}\n`);
  }
  return 0;
}

export const TEXT_BUILTINS: Readonly<Record<string, Builtin>> = {
  *echo(_sh, argv, io) {
    let args = argv.slice(1);
    let newline = true;
    let escapes = false;
    while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
      if (args[0]!.includes("n")) newline = false;
      if (args[0]!.includes("e")) escapes = true;
      args = args.slice(1);
    }
    let text = args.join(" ");
    if (escapes) {
      const u = unescape(text);
      text = u.text;
      if (u.stop) newline = false;
    }
    io.out(newline ? `${text}\n` : text);
    return 0;
  },
  *printf(_sh, argv, io) {
    if (argv.length < 2) {
      io.err("printf: usage: printf format [arguments]\n");
      return 2;
    }
    io.out(printf(argv[1]!, argv.slice(2)));
    return 0;
  },
  *date(sh, argv, io) {
    const format = argv.slice(1).find((a) => a.startsWith("+"));
    const iso = argv.find((a) => a.startsWith("-I") || a.startsWith("--iso"));
    const now = sh.host.now();
    if (iso) io.out(`${formatDate(now, iso.includes("s") ? "%Y-%m-%dT%H:%M:%S+00:00" : "%Y-%m-%d")}\n`);
    else io.out(`${formatDate(now, format?.slice(1))}\n`);
    return 0;
  },
  *grep(sh, argv, io) {
    const flags = new Set<string>();
    const rest: string[] = [];
    for (const a of argv.slice(1)) {
      if (/^-[a-zA-Z]+$/.test(a) && rest.length === 0) for (const f of a.slice(1)) flags.add(f);
      else rest.push(a);
    }
    const [pattern = "", ...files] = rest;
    let re: RegExp;
    try {
      re = new RegExp(flags.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern.replace(/\\\|/g, "|"), flags.has("i") ? "i" : "");
    } catch {
      io.err(`grep: bad regex '${pattern}'\n`);
      return 2;
    }
    const { text, status } = readInputs(sh, "grep", files, io);
    const matched = text.split("\n").filter((l, i, all) => (i < all.length - 1 || l !== "") && re.test(l) !== flags.has("v"));
    if (flags.has("c")) io.out(`${matched.length}\n`);
    else if (!flags.has("q")) for (const l of matched) io.out(`${l}\n`);
    return status ? 2 : matched.length > 0 ? 0 : 1;
  },
  *wc(sh, argv, io) {
    const flags = argv.slice(1).filter((a) => a.startsWith("-")).join("");
    const { text, status } = readInputs(sh, "wc", argv.slice(1).filter((a) => !a.startsWith("-")), io);
    const l = (text.match(/\n/g) ?? []).length;
    const w = text.split(/\s+/).filter(Boolean).length;
    const c = text.length;
    const parts = flags ? [flags.includes("l") ? l : undefined, flags.includes("w") ? w : undefined, flags.includes("c") || flags.includes("m") ? c : undefined] : [l, w, c];
    io.out(`${parts.filter((x) => x !== undefined).join(" ")}\n`);
    return status;
  },
  seq,
  *basename(_sh, argv, io) {
    let b = (argv[1] ?? "").replace(/\/+$/, "");
    b = b.slice(b.lastIndexOf("/") + 1);
    if (argv[2] && b.endsWith(argv[2])) b = b.slice(0, -argv[2].length);
    io.out(`${b}\n`);
    return 0;
  },
  *dirname(_sh, argv, io) {
    const p = (argv[1] ?? "").replace(/\/+$/, "");
    const i = p.lastIndexOf("/");
    io.out(`${i < 0 ? "." : i === 0 ? "/" : p.slice(0, i)}\n`);
    return 0;
  },
  *sort(sh, argv, io) {
    const { text, status } = readInputs(sh, "sort", argv.slice(1).filter((a) => !a.startsWith("-")), io);
    const ls = text.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");
    ls.sort(argv.includes("-n") ? (a, b) => Number.parseFloat(a) - Number.parseFloat(b) : undefined);
    if (argv.includes("-r")) ls.reverse();
    for (const l of argv.includes("-u") ? [...new Set(ls)] : ls) io.out(`${l}\n`);
    return status;
  },
  *uniq(sh, argv, io) {
    const { text, status } = readInputs(sh, "uniq", argv.slice(1).filter((a) => !a.startsWith("-")), io);
    let prev: string | undefined;
    for (const l of text.split("\n").filter((x, i, all) => i < all.length - 1 || x !== "")) {
      if (l !== prev) io.out(`${l}\n`);
      prev = l;
    }
    return status;
  },
  *tr(_sh, argv, io) {
    const args = argv.slice(1).filter((a) => !a.startsWith("-"));
    const expand = (set: string) => set.replace(/\[:upper:\]/g, "A-Z").replace(/\[:lower:\]/g, "a-z").replace(/(.)-(.)/g, (_m, a: string, b: string) => {
      let s = "";
      for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) s += String.fromCharCode(c);
      return s;
    });
    const from = expand(args[0] ?? "");
    const to = expand(args[1] ?? "");
    let out = "";
    for (const ch of io.stdin) {
      const i = from.indexOf(ch);
      if (argv.includes("-d")) out += i >= 0 ? "" : ch;
      else out += i >= 0 ? (to[Math.min(i, to.length - 1)] ?? "") : ch;
    }
    io.out(out);
    return 0;
  },
  *cut(sh, argv, io) {
    let delim = "\t";
    let fields: number[] = [];
    const files: string[] = [];
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === "-d") delim = argv[++i] ?? "\t";
      else if (a.startsWith("-d")) delim = a.slice(2);
      else if (a === "-f") fields = (argv[++i] ?? "").split(",").map(Number);
      else if (a.startsWith("-f")) fields = a.slice(2).split(",").map(Number);
      else files.push(a);
    }
    const { text, status } = readInputs(sh, "cut", files, io);
    for (const l of text.split("\n").filter((x, i, all) => i < all.length - 1 || x !== "")) {
      const parts = l.split(delim);
      io.out(`${fields.map((f) => parts[f - 1] ?? "").join(delim)}\n`);
    }
    return status;
  },
  *expr(_sh, argv, io) {
    const [a = "", op, b = ""] = argv.slice(1);
    const x = Number(a);
    const y = Number(b);
    let v: string | number;
    switch (op) {
      case "+": v = x + y; break;
      case "-": v = x - y; break;
      case "*": v = x * y; break;
      case "/": v = Math.trunc(x / y); break;
      case "%": v = x % y; break;
      case "=": v = a === b ? 1 : 0; break;
      case "!=": v = a !== b ? 1 : 0; break;
      case "<": v = x < y ? 1 : 0; break;
      case ">": v = x > y ? 1 : 0; break;
      case ":": v = (new RegExp(`^(?:${b})`).exec(a)?.[0] ?? "").length; break;
      default: v = a;
    }
    io.out(`${v}\n`);
    return v === 0 || v === "" ? 1 : 0;
  },
  *fnmatch(_sh, argv) {
    return globToRegExp(argv[1] ?? "").test(argv[2] ?? "") ? 0 : 1;
  },
};
