/**
 * Puts a Console on a terminal: the line-diffing writer draws the frames, rewriting only
 * the lines that changed, and Ink reads the keyboard and follows the size. Ink's own
 * output (it renders nothing) goes to a sink, so it never touches the screen. The first
 * frame is drawn before Ink and React load: they take a few hundred milliseconds, and
 * keys pressed meanwhile wait in the terminal's buffer.
 */
import { EventEmitter } from "node:events";
import type { Console } from "./console.js";
import { wantsColour } from "./render/ansi.js";
import { ScreenWriter } from "./render/writer.js";

export interface ConsoleTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  /** Draw in colour; default: when stdout is a terminal and NO_COLOR is not set. */
  colour?: boolean;
  /** Swallow `console.log` and friends while mounted, so they cannot scribble over the frame (default true). */
  patchConsole?: boolean;
}

export interface MountedConsole {
  readonly writer: ScreenWriter;
  /** Draws the whole frame again (after another program had the terminal; ends a `writer.hold()`). */
  redraw(): void;
  unmount(): void;
  /** Resolves when Ink exits (unmounted). */
  waitUntilExit(): Promise<unknown>;
}

/**
 * What Ink sees as its output: the terminal's size and resizes, and a `write` that
 * drops what Ink would draw (nothing, the keys component renders null) and what a
 * patched `console.log` would scribble over the frame.
 */
class InkSink extends EventEmitter {
  readonly isTTY = true;
  private readonly onResize = (): void => void this.emit("resize");

  constructor(private readonly terminal: NodeJS.WriteStream) {
    super();
    terminal.on("resize", this.onResize);
  }

  get columns(): number {
    return this.terminal.columns;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  write(): boolean {
    return true;
  }

  close(): void {
    this.terminal.off("resize", this.onResize);
  }
}

/** Draws the console's first frame at once, then hands the keyboard to Ink; resolves once keys work. */
export async function mountConsole(c: Console, io: ConsoleTerminal): Promise<MountedConsole> {
  const writer = new ScreenWriter(io.stdout);
  const colour = io.colour ?? wantsColour(io.stdout);
  const draw = (): void => writer.draw(c.termLines(colour), c.columns, c.rows);
  c.setSize(io.stdout.columns || 80, io.stdout.rows || 24);
  const unsubscribe = c.subscribe(draw);
  draw();
  const [{ render }, React, { ConsoleKeys }] = await Promise.all([import("ink"), import("react"), import("./app.js")]);
  const sink = new InkSink(io.stdout);
  const out = sink as unknown as NodeJS.WriteStream;
  const ink = render(React.createElement(ConsoleKeys, { console: c }), { stdout: out, stderr: out, stdin: io.stdin, exitOnCtrlC: false, patchConsole: io.patchConsole ?? true });
  let mounted = true;
  return {
    writer,
    redraw() {
      if (!mounted) return;
      writer.release();
      draw();
    },
    unmount() {
      mounted = false;
      writer.hold();
      unsubscribe();
      ink.unmount();
      sink.close();
    },
    waitUntilExit: () => ink.waitUntilExit(),
  };
}
