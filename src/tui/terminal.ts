/**
 * The terminal around the console: the alternate screen and a hidden cursor while it
 * runs, and their restoration, with raw mode off, on every way out: quit, ctrl-c,
 * SIGTERM, a crash, or the process exiting underneath.
 */

export const ENTER_ALT_SCREEN = "\u001B[?1049h\u001B[2J\u001B[H\u001B[?25l";
export const LEAVE_ALT_SCREEN = "\u001B[?25h\u001B[?1049l";

export interface TerminalStreams {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export class TerminalSession {
  private active = false;
  private readonly onExit = (): void => this.leave();

  constructor(private readonly io: TerminalStreams) {}

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.io.stdout.write(ENTER_ALT_SCREEN);
    // Keys typed before the keyboard is read wait unechoed, not over the first frame.
    this.setRaw(true);
    process.on("exit", this.onExit);
  }

  private setRaw(raw: boolean): void {
    try {
      if (this.io.stdin.isTTY) this.io.stdin.setRawMode(raw);
    } catch {
      // stdin already closed: nothing to set or restore
    }
  }

  /** Restores the terminal; safe to call more than once, and from an exit handler. */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    process.off("exit", this.onExit);
    this.setRaw(false);
    this.io.stdout.write(LEAVE_ALT_SCREEN);
  }

  /**
   * Hands the terminal to `fn` (the user's editor): the normal screen, cooked mode and a
   * visible cursor while it runs, then the console's screen again.
   */
  suspend<T>(fn: () => T): T {
    const wasRaw = this.io.stdin.isTTY && this.io.stdin.isRaw;
    this.io.stdout.write(LEAVE_ALT_SCREEN);
    if (wasRaw) this.io.stdin.setRawMode(false);
    try {
      return fn();
    } finally {
      if (wasRaw) this.io.stdin.setRawMode(true);
      this.io.stdout.write(ENTER_ALT_SCREEN);
    }
  }

  /**
   * Hands the terminal to `fn` while the console keeps running (a shell in a pod): as
   * `suspend`, and the console's keyboard reader is detached, so that everything typed
   * goes to `fn` until it resolves.
   */
  async suspendAsync<T>(fn: () => Promise<T>): Promise<T> {
    const stdin = this.io.stdin;
    const wasRaw = stdin.isTTY && stdin.isRaw;
    const readers = stdin.listeners("readable") as ((...args: unknown[]) => void)[];
    for (const r of readers) stdin.off("readable", r);
    this.io.stdout.write(LEAVE_ALT_SCREEN);
    if (wasRaw) stdin.setRawMode(false);
    // The stream notices on the next tick that nobody reads it by "readable" any more.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      return await fn();
    } finally {
      if (this.active) {
        if (wasRaw) stdin.setRawMode(true);
        for (const r of readers) stdin.on("readable", r);
        this.io.stdout.write(ENTER_ALT_SCREEN);
      }
    }
  }
}
