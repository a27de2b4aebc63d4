import { describe, expect, it } from "vitest";
import { parseScript, ShellSyntaxError } from "../../../src/core/shell/index.js";
import { runScript, testHost } from "./helpers.js";

describe("shell interpreter", () => {
  it("echoes and exits with a code", () => {
    expect(runScript("echo hello; exit 3")).toMatchObject({ lines: ["0:hello"], code: 3 });
  });

  it("runs the liveness-exec script in virtual time", () => {
    const host = testHost();
    const r = runScript("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600", { host, limitMs: 20_000 });
    expect(r.code).toBeUndefined();
    expect(host.fs.stat("/tmp/healthy")?.type).toBe("file");
    const done = runScript("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600", { host });
    expect(done.code).toBe(0);
    expect(host.fs.stat("/tmp/healthy")).toBeUndefined();
  });

  it("loops with arithmetic and command substitution, a line per second", () => {
    const r = runScript('i=0; while [ $i -lt 3 ]; do echo "$i: $(date +%T)"; i=$((i+1)); sleep 1; done');
    expect(r.lines).toEqual(["0:0: 00:00:00", "1000:1: 00:00:01", "2000:2: 00:00:02"]);
    expect(r.code).toBe(0);
  });

  it("expands words, defaults, lengths and quotes", () => {
    const r = runScript('for x in a b "c d"; do echo $x; done; echo ${FOO:-default} ${#HOME} "$HOME"/x \'$HOME\'');
    expect(r.lines.map((l) => l.slice(2))).toEqual(["a", "b", "c d", "default 5 /root/x $HOME"]);
  });

  it("tests files and branches, with busybox's error wording", () => {
    const r = runScript("cat /tmp/nope; echo $?; if test -f /tmp; then echo file; elif [ -d /tmp ]; then echo dir; else echo none; fi");
    expect(r.lines).toEqual(["0:!cat: can't open '/tmp/nope': No such file or directory", "0:1", "0:dir"]);
    const gnu = runScript("cat /tmp/nope", { host: testHost("gnu") });
    expect(gnu.lines).toEqual(["0:!cat: /tmp/nope: No such file or directory"]);
  });

  it("defines functions and captures output through pipes", () => {
    const r = runScript('f() { echo "in f $1"; return 4; }; f arg; echo $?; x=$(echo a b | tr a-z A-Z); echo "$x"');
    expect(r.lines.map((l) => l.slice(2))).toEqual(["in f arg", "4", "A B"]);
  });

  it("redirects to files, counts lines, hands unknown programs to the host and formats printf", () => {
    const r = runScript('echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f | wc -l; perl -e x; printf "%s=%d\\n" a 5 b 6');
    expect(r.lines.map((l) => l.slice(2))).toEqual(["2", "[perl -e x]", "a=5", "b=6"]);
  });

  it("matches case patterns and runs || after a failing &&", () => {
    const r = runScript("case foo in f*) echo matched;; *) echo no;; esac; echo done && false || echo fallback");
    expect(r.lines.map((l) => l.slice(2))).toEqual(["matched", "done", "fallback"]);
  });

  it("interrupts sleep with a TERM trap, and ignores TERM without one (PID 1)", () => {
    const trapped = runScript("trap 'echo bye; exit 0' TERM; echo up; sleep 3600", { signalAt: [5000, "TERM"] });
    expect(trapped).toMatchObject({ lines: ["0:up", "5000:bye"], code: 0 });
    const ignored = runScript("sleep 10; echo woke", { signalAt: [5000, "TERM"] });
    expect(ignored).toMatchObject({ lines: ["10000:woke"], code: 0 });
  });

  it("lets virtual time pass in a busy loop", () => {
    const r = runScript("while true; do echo x; done", { limitMs: 250 });
    expect(r.code).toBeUndefined();
    expect(r.lines.filter((l) => l.startsWith("0:")).length).toBe(500);
    expect(r.lines.length).toBe(1500);
  });

  it("runs nested shells, env and printenv", () => {
    const r = runScript("export A=1; sh -c 'echo nested $A $0' name; env B=2 printenv B; printenv NOPE || echo missing");
    expect(r.lines.map((l) => l.slice(2))).toEqual(["nested 1 name", "2", "missing"]);
  });

  it("follows a file with tail -f", () => {
    const r = runScript("(i=0; while [ $i -lt 2 ]; do i=$((i+1)); done); echo one > /tmp/log; tail -f /tmp/log", { limitMs: 3000 });
    expect(r.lines).toEqual(["0:one"]);
  });

  it("reports syntax errors as sh does", () => {
    expect(() => parseScript("if true; then echo")).toThrow(ShellSyntaxError);
    expect(runScript("echo 'unterminated")).toMatchObject({ code: 2 });
  });
});
