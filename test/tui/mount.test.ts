/**
 * The console as production puts it on a terminal: the line-diffing writer draws, Ink
 * only reads keys. A fake terminal records the bytes.
 */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { Console } from "../../src/tui/console.js";
import { keySequence } from "../../src/tui/keys/match.js";
import { mountConsole, type MountedConsole } from "../../src/tui/mount.js";
import { CLEAR_SCREEN } from "../../src/tui/render/diff.js";
import { FakeTtyInput } from "../helpers/fake-tty.js";
import { testCluster } from "./render.js";

class FakeOutput extends EventEmitter {
  readonly isTTY = true;
  columns = 120;
  rows = 40;
  writes: string[] = [];
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
}

/** Only the text of the bytes: escape sequences dropped. */
const CSI = new RegExp(`${String.fromCharCode(27)}\\[[?\\d;]*[A-Za-z]`, "g");
const text = (bytes: string): string => bytes.replace(CSI, "");

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

async function mounted(): Promise<{ c: Console; out: FakeOutput; input: FakeTtyInput; m: MountedConsole; firstWrites: string[] }> {
  const cluster = testCluster({ demo: true });
  const c = new Console({ cluster, quit: () => undefined, frameMs: 1, tickMs: 60_000, namespace: "demo" });
  const out = new FakeOutput();
  const input = new FakeTtyInput();
  c.start();
  const mounting = mountConsole(c, { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream, colour: true, patchConsole: false });
  // The first frame is on the terminal before Ink and React have loaded.
  const firstWrites = [...out.writes];
  const m = await mounting;
  stop = () => {
    m.unmount();
    c.stop();
    cluster.close();
  };
  return { c, out, input, m, firstWrites };
}

describe("the console on a terminal", () => {
  it("draws the first frame at once, then rewrites only the lines a key changed", async () => {
    const { out, input, firstWrites } = await mounted();
    expect(firstWrites).toHaveLength(1);
    expect(firstWrites[0]!.startsWith("\u001B[?2026h" + CLEAR_SCREEN)).toBe(true);
    expect(text(firstWrites[0]!)).toContain("Nodes (4)");
    out.writes = [];
    input.send(keySequence("j"));
    expect(out.writes).toHaveLength(1);
    const diff = out.writes[0]!;
    expect(diff).not.toContain(CLEAR_SCREEN);
    // The selection moved from one node row to the next: those rows, not the whole screen.
    expect(text(diff)).toContain("›kdeck-worker-1");
    expect(diff.length).toBeLessThan(firstWrites[0]!.length / 2);
  });

  it("repaints everything on a resize and after another program had the terminal, and nothing while held", async () => {
    const { out, input, m } = await mounted();
    out.writes = [];
    out.columns = 100;
    out.emit("resize");
    expect(out.writes.join("")).toContain(CLEAR_SCREEN);
    m.writer.hold();
    out.writes = [];
    input.send(keySequence("j"));
    expect(out.writes).toEqual([]);
    m.redraw();
    expect(out.writes.join("")).toContain(CLEAR_SCREEN);
    expect(text(out.writes.join(""))).toContain("›kdeck-worker-1");
  });
});
