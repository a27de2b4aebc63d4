import readline from "node:readline";
import { Writable } from "node:stream";
import type { ExecResult, ShellSession } from "../cluster.js";

/**
 * An interactive shell in a container (`kdeck exec -it POD -- sh`, and `s` on a pod in
 * the console), over a `ShellSession` (the container's interpreter, filesystem and
 * working directory). {@link ShellRepl} is the terminal-free part (what a typed line
 * does, when the shell ends, history); {@link runInteractiveShell} puts it on a
 * terminal with node's readline (prompt, line editing, history). Both faces share it
 * from here.
 */

/** Where the shell reads typed lines: a terminal's stdin, or a test's stream. */
export type ShellInput = NodeJS.ReadableStream & { isTTY?: boolean };

/** Where the shell writes: a terminal's stdout, or a test's buffer. */
export interface ShellOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** What one submitted line did, as the terminal shows it. */
export interface ShellStep {
  /** What the shell printed: stdout, then stderr (a terminal merges them). */
  output: string;
  /** Set when the line ended the shell: its exit status. */
  exited?: number;
}

/** The most lines `history` keeps, like busybox's default. */
export const HISTORY_SIZE = 255;

/**
 * One interactive shell session's line discipline: each submitted line runs in the
 * session; the shell ending (`exit [N]`, also inside `if …; then exit 1; fi`) or end
 * of input (ctrl-d) ends it with the shell's status; non-blank lines are remembered,
 * newest last.
 */
export class ShellRepl {
  private status = 0;
  private ended: number | undefined;
  private readonly lines: string[] = [];

  constructor(private readonly session: ShellSession) {}

  /** The shell's prompt now (`/ # `, `/tmp # `): it follows `cd`. */
  get prompt(): string {
    return this.session.prompt;
  }

  /** Lines typed so far, oldest first (at most {@link HISTORY_SIZE}). */
  get history(): readonly string[] {
    return this.lines;
  }

  /** The exit status once the shell has ended. */
  get exitStatus(): number | undefined {
    return this.ended;
  }

  /** Runs one typed line. After the shell has ended, lines do nothing. */
  submit(line: string): ShellStep {
    if (this.ended !== undefined) return { output: "", exited: this.ended };
    if (line.trim() !== "") this.remember(line);
    let result: ExecResult;
    try {
      result = this.session.run(line);
    } catch (e) {
      // The container went away under the shell (restarted, pod deleted): the session is over.
      return { output: `${e instanceof Error ? e.message : String(e)}\n`, exited: this.end(137) };
    }
    this.status = result.exitCode;
    const output = result.stdout + result.stderr;
    return this.session.closed ? { output, exited: this.end(result.exitCode) } : { output };
  }

  /** End of input (ctrl-d at the prompt): the shell exits with its last status. */
  eof(): number {
    return this.ended ?? this.end(this.status);
  }

  private end(status: number): number {
    this.ended = status;
    this.session.close();
    return status;
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > HISTORY_SIZE) this.lines.shift();
  }
}

export interface ShellTerminal {
  input: ShellInput;
  output: ShellOutput;
  /** Line editing, history keys and a raw-mode terminal (true when stdin is a TTY). */
  terminal: boolean;
  /** Ends the session (the process is being stopped). */
  signal?: AbortSignal;
}

/**
 * Runs the shell on a terminal until `exit` or ctrl-d (or `signal`), and resolves its
 * exit status. ctrl-c drops the line being typed, as a shell's line editor does.
 */
export function runInteractiveShell(session: ShellSession, term: ShellTerminal): Promise<number> {
  const repl = new ShellRepl(session);
  const output = writableFor(term.output);
  const rl = readline.createInterface({ input: term.input, output, terminal: term.terminal, historySize: HISTORY_SIZE, prompt: repl.prompt });
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      term.signal?.removeEventListener("abort", onAbort);
      rl.close();
      resolve(status);
    };
    const onAbort = (): void => finish(repl.eof());
    term.signal?.addEventListener("abort", onAbort, { once: true });
    rl.on("line", (line) => {
      const step = repl.submit(line);
      if (step.output) term.output.write(step.output);
      if (step.exited !== undefined) {
        finish(step.exited);
        return;
      }
      rl.setPrompt(repl.prompt);
      rl.prompt();
    });
    rl.on("SIGINT", () => {
      // Leave what was typed on screen, move to a fresh line and drop it, as busybox's line editor does.
      term.output.write("^C\n");
      rl.write(null, { ctrl: true, name: "e" });
      rl.write(null, { ctrl: true, name: "u" });
      rl.prompt();
    });
    rl.on("close", () => {
      if (done) return;
      // ctrl-d on an empty line: leave the cursor on a fresh line for the caller's shell.
      if (term.terminal) term.output.write("\n");
      finish(repl.eof());
    });
    if (term.signal?.aborted) onAbort();
    else rl.prompt();
  });
}

/** readline wants a stream; callers write to a `ShellOutput` (a test's buffer, or the process's stdout). */
function writableFor(out: ShellOutput): NodeJS.WritableStream {
  if (out instanceof Writable) return out;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      out.write(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      callback();
    },
  });
  return Object.assign(stream, { columns: out.columns ?? 80, isTTY: out.isTTY ?? false });
}
