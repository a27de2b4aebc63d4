import { describe, expect, it } from "vitest";
import { Debouncer, type Timers } from "../../../src/client/watch/debouncer.js";

/** A manual clock: timers fire only when the test advances time. */
class ManualTimers implements Timers {
  private t = 0;
  private seq = 0;
  private pending = new Map<number, { at: number; fn: () => void }>();

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  now(): number {
    return this.t;
  }
  /** Moves time forward, firing due timers in order; lets promise callbacks run after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.pending.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
      await flushPromises();
    }
    this.t = end;
    await flushPromises();
  }
}

async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function setup(opts: { run?: (batch: string[]) => Promise<void> | void } = {}) {
  const timers = new ManualTimers();
  const batches: { at: number; items: string[] }[] = [];
  const d = new Debouncer<string>({
    timers,
    run: async (items) => {
      batches.push({ at: timers.now(), items });
      await opts.run?.(items);
    },
  });
  return { timers, batches, d };
}

describe("Debouncer", () => {
  it("starts a batch 200 ms after the last item", async () => {
    const { timers, batches, d } = setup();
    d.push("a");
    await timers.advance(150);
    d.push("b");
    await timers.advance(199);
    expect(batches).toEqual([]);
    await timers.advance(1);
    expect(batches).toEqual([{ at: 350, items: ["a", "b"] }]);
  });

  it("turns a save storm of 50 writes in 100 ms into one batch", async () => {
    const { timers, batches, d } = setup();
    for (let i = 0; i < 50; i++) {
      d.push(`w${i}`);
      await timers.advance(2);
    }
    await timers.advance(1000);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.items).toHaveLength(50);
  });

  it("starts no later than 2 s after the first item of a steady trickle", async () => {
    const { timers, batches, d } = setup();
    for (let i = 0; i < 30; i++) {
      d.push(`t${i}`);
      await timers.advance(100);
    }
    expect(batches[0]!.at).toBe(2000);
    expect(batches[0]!.items).toHaveLength(20); // t0 … t19, pushed at 0 … 1900 ms
  });

  it("runs what arrived during a batch in another batch after it, never two at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    let overlapped = false;
    const { timers, batches, d } = setup({
      run: async () => {
        running++;
        if (running > 1) overlapped = true;
        if (batches.length === 1) await gate;
        running--;
      },
    });
    d.push("first");
    await timers.advance(200);
    expect(d.busy).toBe(true);
    d.push("during");
    await timers.advance(500); // its quiet period passes while the first batch still runs
    expect(batches).toHaveLength(1);
    release();
    await flushPromises();
    expect(batches.map((b) => b.items)).toEqual([["first"], ["during"]]);
    expect(overlapped).toBe(false);
  });

  it("flush starts the batch at once", async () => {
    const { timers, batches, d } = setup();
    d.push("now");
    d.flush();
    await flushPromises();
    expect(batches).toEqual([{ at: 0, items: ["now"] }]);
    await timers.advance(1000);
    expect(batches).toHaveLength(1);
  });

  it("stop drops waiting items and waits for the running batch", async () => {
    let release!: () => void;
    let finished = false;
    const { timers, batches, d } = setup({
      run: async () => {
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
    });
    d.push("a");
    await timers.advance(200);
    d.push("dropped");
    const stopped = d.stop();
    let stopDone = false;
    void stopped.then(() => (stopDone = true));
    await flushPromises();
    expect(stopDone).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
    await timers.advance(1000);
    expect(batches.map((b) => b.items)).toEqual([["a"]]);
    d.push("after stop");
    await timers.advance(1000);
    expect(batches).toHaveLength(1);
  });

  it("carries on after a batch that throws", async () => {
    const errors: unknown[] = [];
    const timers = new ManualTimers();
    let n = 0;
    const d = new Debouncer<string>({
      timers,
      run: () => {
        n++;
        if (n === 1) throw new Error("boom");
      },
      onError: (e) => errors.push(e),
    });
    d.push("a");
    await timers.advance(200);
    d.push("b");
    await timers.advance(200);
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
