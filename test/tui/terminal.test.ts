/** The terminal around the console: handed to a shell while the console keeps running, and taken back. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, TerminalSession } from "../../src/tui/terminal.js";

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    return this;
  }
}

function session(): { term: TerminalSession; stdin: FakeStdin; written: string[] } {
  const stdin = new FakeStdin();
  const written: string[] = [];
  const stdout = { write: (s: string) => written.push(s) };
  const term = new TerminalSession({ stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream });
  return { term, stdin, written };
}

describe("TerminalSession", () => {
  it("enters the alternate screen in raw mode, and leaves it restored", () => {
    const { term, stdin, written } = session();
    term.enter();
    expect(written).toEqual([ENTER_ALT_SCREEN]);
    expect(stdin.isRaw).toBe(true);
    term.leave();
    term.leave();
    expect(written).toEqual([ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN]);
    expect(stdin.isRaw).toBe(false);
  });

  it("hands the keyboard and the normal screen to a shell, then takes them back", async () => {
    const { term, stdin, written } = session();
    term.enter();
    const consoleKeys = (): void => undefined;
    stdin.on("readable", consoleKeys);
    let during: { raw: boolean; readers: number; screen: string } | undefined;
    const status = await term.suspendAsync(async () => {
      during = { raw: stdin.isRaw, readers: stdin.listenerCount("readable"), screen: written[written.length - 1]! };
      return 7;
    });
    expect(status).toBe(7);
    expect(during).toEqual({ raw: false, readers: 0, screen: LEAVE_ALT_SCREEN });
    expect(stdin.listeners("readable")).toEqual([consoleKeys]);
    expect(stdin.isRaw).toBe(true);
    expect(written[written.length - 1]).toBe(ENTER_ALT_SCREEN);
    term.leave();
  });

  it("does not take the screen back when the console stopped while the shell ran", async () => {
    const { term, stdin, written } = session();
    term.enter();
    await term.suspendAsync(async () => term.leave());
    expect(written[written.length - 1]).toBe(LEAVE_ALT_SCREEN);
    expect(stdin.isRaw).toBe(false);
  });
});
