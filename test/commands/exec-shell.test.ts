/**
 * The interactive shell's line discipline (exit, ctrl-d, history, prompt) and its
 * terminal loop, over a scripted session. The session's interpreter is the kubelet's
 * business and is exercised against real pods in exec.test.ts.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runInteractiveShell, ShellRepl } from "../../src/commands/exec-shell.js";
import type { ExecResult, ShellSession } from "../../src/client/cluster.js";
import { Capture } from "./run.js";

/** A session that understands `cd DIR`, `pwd`, `false`, `exit [N]`; anything else is not found. */
class ScriptedSession implements ShellSession {
  cwd = "/";
  closed = false;
  private status = 0;
  readonly ran: string[] = [];
  get prompt(): string {
    return `${this.cwd} # `;
  }
  run(line: string): ExecResult {
    this.ran.push(line);
    const r = this.interpret(line);
    this.status = r.exitCode;
    return r;
  }
  private interpret(line: string): ExecResult {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === "exit") {
      this.closed = true;
      return { stdout: "", stderr: "", exitCode: arg !== undefined ? Number(arg) & 0xff : this.status };
    }
    if (cmd === "cd") {
      this.cwd = arg ?? "/";
      return { stdout: "", stderr: "", exitCode: 0 };
    }
    if (cmd === "pwd") return { stdout: `${this.cwd}\n`, stderr: "", exitCode: 0 };
    if (cmd === "false") return { stdout: "", stderr: "", exitCode: 1 };
    if (cmd === "boom") throw new Error("container not found");
    if (cmd === "") return { stdout: "", stderr: "", exitCode: 0 };
    return { stdout: "", stderr: `sh: ${cmd}: not found\n`, exitCode: 127 };
  }
  close(): void {
    this.closed = true;
  }
}

describe("ShellRepl", () => {
  it("runs lines in the session, follows its prompt, and remembers non-blank lines", () => {
    const session = new ScriptedSession();
    const repl = new ShellRepl(session);
    expect(repl.prompt).toBe("/ # ");
    expect(repl.submit("cd /tmp")).toEqual({ output: "" });
    expect(repl.prompt).toBe("/tmp # ");
    expect(repl.submit("pwd")).toEqual({ output: "/tmp\n" });
    expect(repl.submit("   ")).toEqual({ output: "" });
    expect(repl.submit("nope")).toEqual({ output: "sh: nope: not found\n" });
    expect(repl.history).toEqual(["cd /tmp", "pwd", "nope"]);
  });

  it("ends on exit with its status, or the last command's, and closes the session", () => {
    const a = new ScriptedSession();
    expect(new ShellRepl(a).submit("exit 3")).toEqual({ output: "", exited: 3 });
    expect(a.closed).toBe(true);
    const b = new ShellRepl(new ScriptedSession());
    b.submit("false");
    expect(b.submit("exit")).toEqual({ output: "", exited: 1 });
    expect(b.submit("pwd")).toEqual({ output: "", exited: 1 });
    const c = new ShellRepl(new ScriptedSession());
    c.submit("nope");
    expect(c.eof()).toBe(127);
    expect(new ShellRepl(new ScriptedSession()).submit("exit 256")).toEqual({ output: "", exited: 0 });
  });

  it("ends when the container goes away under it", () => {
    const repl = new ShellRepl(new ScriptedSession());
    expect(repl.submit("boom")).toEqual({ output: "container not found\n", exited: 137 });
  });
});

describe("runInteractiveShell", () => {
  it("prompts, runs each line, and resolves the exit status", async () => {
    const input = new PassThrough();
    const output = new Capture();
    const session = new ScriptedSession();
    const done = runInteractiveShell(session, { input, output, terminal: false });
    input.write("pwd\ncd /tmp\npwd\nexit 4\npwd\n");
    expect(await done).toBe(4);
    expect(output.text).toBe("/ # /\n/ # /tmp # /tmp\n/tmp # ");
    expect(session.ran).toEqual(["pwd", "cd /tmp", "pwd", "exit 4"]);
  });

  it("ends with the last status on end of input (ctrl-d)", async () => {
    const input = new PassThrough();
    const output = new Capture();
    const done = runInteractiveShell(new ScriptedSession(), { input, output, terminal: false });
    input.end("false\n");
    expect(await done).toBe(1);
  });

  it("edits lines on a terminal and recalls history with the up arrow", async () => {
    const input = new PassThrough();
    const output = new Capture();
    const session = new ScriptedSession();
    const done = runInteractiveShell(session, { input, output, terminal: true });
    input.write("cd /var\r");
    input.write("pwdd");
    input.write("\x7f\r"); // backspace, enter
    input.write("\x1b[A\r"); // up: pwd again
    input.write("\x04"); // ctrl-d on an empty line
    expect(await done).toBe(0);
    expect(session.ran).toEqual(["cd /var", "pwd", "pwd"]);
    expect(output.text).toContain("/var # ");
  });
});
