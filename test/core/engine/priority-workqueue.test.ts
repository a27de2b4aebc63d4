import { describe, expect, it } from "vitest";
import { PriorityWorkQueue } from "../../../src/core/engine/priority-workqueue.js";

function drain(q: PriorityWorkQueue): string[] {
  const out: string[] = [];
  for (let k = q.take(); k !== undefined; k = q.take()) out.push(k);
  return out;
}

describe("PriorityWorkQueue", () => {
  it("hands out ready keys highest priority first, in arrival order among equals", () => {
    const prio: Record<string, number> = { a: 0, b: 10, c: 0, d: 10, e: -5 };
    const q = new PriorityWorkQueue((k) => prio[k] ?? 0);
    for (const k of ["a", "b", "c", "d", "e"]) q.add(k);
    expect(q.length).toBe(5);
    expect(drain(q)).toEqual(["b", "d", "a", "c", "e"]);
  });

  it("keeps a key once, and delays keys until the clock reaches them", () => {
    const q = new PriorityWorkQueue((k) => (k === "urgent" ? 1 : 0));
    q.add("x");
    q.add("x");
    q.addAt("x", 100); // already ready: ignored
    q.addAt("urgent", 50);
    expect(q.nextDue()).toBe(50);
    expect(drain(q)).toEqual(["x"]);
    q.add("y");
    q.promote(49);
    expect(q.length).toBe(1);
    q.promote(50);
    expect(drain(q)).toEqual(["urgent", "y"]);
    // add() makes a delayed key ready at once.
    q.addAt("z", 1000);
    q.add("z");
    expect(q.nextDue()).toBeUndefined();
    expect(drain(q)).toEqual(["z"]);
  });
});
