import { describe, expect, it } from "vitest";
import { EngineLease, type LeaseRecord } from "../../../src/core/engine/lease.js";
import { SqliteStore } from "../../../src/persistence/sqlite-store.js";

function lease(store: SqliteStore, holder: string, wall: { t: number }, alive: (r: LeaseRecord) => boolean = () => true) {
  return new EngineLease(store, { holder, host: "h", pid: holder.length, wall: () => wall.t, isAlive: alive, durationMs: 15_000 });
}

describe("EngineLease", () => {
  it("has one holder at a time, taken over only after expiry", () => {
    const store = new SqliteStore(":memory:");
    const wall = { t: 1_000 };
    const a = lease(store, "a", wall);
    const b = lease(store, "bb", wall);
    expect(a.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    wall.t += 10_000;
    expect(a.renew()).toBe(true);
    wall.t += 10_000;
    expect(b.tryAcquire()).toBe(false);
    wall.t += 16_000;
    expect(b.tryAcquire()).toBe(true);
    expect(a.renew()).toBe(false);
    expect(a.isHeld).toBe(false);
  });

  it("is free at once when released or when its holder's process is gone", () => {
    const store = new SqliteStore(":memory:");
    const wall = { t: 0 };
    const a = lease(store, "a", wall);
    expect(a.tryAcquire()).toBe(true);
    a.release();
    const b = lease(store, "bb", wall, (r) => r.holder !== "bb");
    expect(b.tryAcquire()).toBe(true);
    const c = lease(store, "ccc", wall, (r) => r.holder !== "bb");
    expect(c.tryAcquire()).toBe(true);
  });
});
