import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../../src/core/engine/workqueue.js";

describe("WorkQueue", () => {
  it("dedups ready keys and keeps FIFO order", () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("b");
    q.add("a");
    expect([q.take(), q.take(), q.take()]).toEqual(["a", "b", undefined]);
  });

  it("releases delayed keys in time order, earliest request winning", () => {
    const q = new WorkQueue();
    q.addAt("late", 300);
    q.addAt("early", 100);
    q.addAt("late", 200);
    q.addAt("late", 250);
    expect(q.nextDue()).toBe(100);
    q.promote(150);
    expect(q.take()).toBe("early");
    expect(q.take()).toBeUndefined();
    expect(q.nextDue()).toBe(200);
    q.promote(200);
    expect(q.take()).toBe("late");
    q.promote(1000);
    expect(q.take()).toBeUndefined();
    expect(q.nextDue()).toBeUndefined();
  });

  it("an immediate add supersedes a pending delay", () => {
    const q = new WorkQueue();
    q.addAt("k", 500);
    q.add("k");
    expect(q.take()).toBe("k");
    q.promote(500);
    expect(q.take()).toBeUndefined();
  });
});
