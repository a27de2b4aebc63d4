import type { Redirect } from "./ast.js";
import { expandString } from "./expansion.js";
import type { Shell } from "./interpreter.js";
import type { Io, Proc } from "./types.js";
import { normalize } from "./vfs.js";

/** The streams after `>`, `>>`, `<`, `2>&1`; a string is the error to print. */
export function redirect(sh: Shell, redirs: readonly Redirect[], io: Io): Io | string {
  let { stdin, out, err } = io;
  for (const r of redirs) {
    // Targets are literal words in practice; expansions in them run without yielding.
    const target = drain(expandString(sh, r.target));
    if (r.op === "<<") {
      stdin = target;
      continue;
    }
    if (r.op === ">&" || r.op === "<&") {
      const to = target === "1" ? out : target === "2" ? err : undefined;
      if (!to) continue;
      if (r.fd === 2) err = to;
      else if (r.fd === 1) out = to;
      continue;
    }
    const path = normalize(target, sh.cwd);
    if (r.op === "<") {
      const content = sh.host.fs.read(path);
      if (content === "ENOENT" || content === "EISDIR") return `sh: can't open '${target}': ${content === "ENOENT" ? "No such file or directory" : "Is a directory"}\n`;
      stdin = content;
      continue;
    }
    let sink: (t: string) => void;
    if (path === "/dev/null") sink = () => {};
    else if (path === "/dev/stdout" || path === "/proc/1/fd/1") sink = io.out;
    else if (path === "/dev/stderr" || path === "/proc/1/fd/2") sink = io.err;
    else {
      const fs = sh.host.fs;
      const failed = fs.write(path, "", r.op === ">>");
      if (failed) return `sh: can't create ${target}: ${failed === "EISDIR" ? "Is a directory" : failed === "EROFS" ? "Read-only file system" : "nonexistent directory"}\n`;
      sink = (t) => void fs.write(path, t, true);
    }
    if (r.fd === 2) err = sink;
    else out = sink;
  }
  return { stdin, out, err };
}

/** Runs a generator that is known not to yield (a redirection target's expansion). */
function drain<T>(g: Proc<T>): T {
  let r = g.next();
  while (!r.done) r = g.next();
  return r.value;
}
