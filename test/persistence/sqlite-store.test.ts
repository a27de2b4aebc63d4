import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isApiError } from "../../src/core/api/errors.js";
import type { KubeObject } from "../../src/core/api/object.js";
import type { WatchEvent } from "../../src/core/store.js";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";

const dirs: string[] = [];
function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-store-"));
  dirs.push(dir);
  return path.join(dir, "nested", "cluster.db");
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function cm(name: string, data: Record<string, string> = {}, namespace = "default"): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

describe("SqliteStore", () => {
  it("stamps every write with the next global resourceVersion", () => {
    const s = new SqliteStore(":memory:");
    const a = s.create("configmaps", cm("a"));
    const b = s.create("configmaps", cm("b"));
    const a2 = s.update("configmaps", { ...a, data: { k: "v" } });
    expect([a, b, a2].map((o) => Number(o.metadata.resourceVersion))).toEqual([1, 2, 3]);
    expect(s.currentResourceVersion()).toBe(3);
    expect(s.get("configmaps", "default", "a")?.data).toEqual({ k: "v" });
  });

  it("hands out frozen objects", () => {
    const s = new SqliteStore(":memory:");
    const a = s.create("configmaps", cm("a", { k: "v" }));
    expect(() => {
      (a.data as Record<string, string>).k = "changed";
    }).toThrow(TypeError);
  });

  it("refuses a duplicate create and a stale update", () => {
    const s = new SqliteStore(":memory:");
    const a = s.create("configmaps", cm("a"));
    expect(() => s.create("configmaps", cm("a"))).toThrow(/configmaps "a" already exists/);
    s.update("configmaps", { ...a, data: { x: "1" } }, a.metadata.resourceVersion);
    try {
      s.update("configmaps", { ...a, data: { x: "2" } }, a.metadata.resourceVersion);
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "Conflict")).toBe(true);
    }
    expect(s.get("configmaps", "default", "a")?.data).toEqual({ x: "1" });
  });

  it("lists by namespace in name order", () => {
    const s = new SqliteStore(":memory:");
    s.create("configmaps", cm("b", {}, "x"));
    s.create("configmaps", cm("a", {}, "y"));
    s.create("configmaps", cm("a", {}, "x"));
    expect(s.list("configmaps").map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["x/a", "x/b", "y/a"]);
    expect(s.list("configmaps", "x").map((o) => o.metadata.name)).toEqual(["a", "b"]);
    expect(s.count("configmaps")).toBe(3);
  });

  it("rolls back a failed transaction entirely, cache included", () => {
    const s = new SqliteStore(":memory:");
    s.create("configmaps", cm("keep"));
    expect(() =>
      s.transaction(() => {
        s.create("configmaps", cm("gone"));
        s.create("configmaps", cm("keep"));
      }),
    ).toThrow(/already exists/);
    expect(s.get("configmaps", "default", "gone")).toBeUndefined();
    expect(s.currentResourceVersion()).toBe(1);
    expect(s.create("configmaps", cm("next")).metadata.resourceVersion).toBe("2");
  });

  it("announces changes only after the outermost commit, in order", () => {
    const s = new SqliteStore(":memory:");
    const seen: string[][] = [];
    s.subscribe((events) => seen.push(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.resourceVersion}`)));
    s.transaction(() => {
      s.create("configmaps", cm("a"));
      s.create("configmaps", cm("b"));
      expect(seen).toEqual([]);
    });
    s.delete("configmaps", "default", "a");
    expect(seen).toEqual([["ADDED a 1", "ADDED b 2"], ["DELETED a 3"]]);
  });

  it("serves the change log from a resourceVersion and refuses a compacted one", () => {
    const s = new SqliteStore(":memory:");
    const a = s.create("configmaps", cm("a"));
    for (let i = 0; i < 10; i++) s.update("configmaps", { ...a, data: { i: String(i) } });
    expect(s.changesSince(9).map((e) => e.resourceVersion)).toEqual([10, 11]);
    const removed = s.compact(3);
    expect(removed).toBeGreaterThan(0);
    expect(() => s.changesSince(2)).toThrow(/too old resource version/);
    // The live object survives compaction even though its history is gone.
    expect(s.get("configmaps", "default", "a")?.data).toEqual({ i: "9" });
  });

  it("persists across reopen, creates the file 0600, and passes integrity_check", () => {
    const file = tempDb();
    const s = new SqliteStore(file);
    s.create("configmaps", cm("a", { k: "v" }));
    s.setMeta("clock", "123");
    s.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = new SqliteStore(file);
    expect(again.get("configmaps", "default", "a")?.data).toEqual({ k: "v" });
    expect(again.getMeta("clock")).toBe("123");
    expect(again.integrityCheck()).toBe("ok");
    again.close();
  });

  it("lets two connections see each other's commits and never lose an update", () => {
    const file = tempDb();
    const one = new SqliteStore(file);
    const two = new SqliteStore(file);
    const created = one.create("configmaps", cm("shared", { n: "0" }));
    const events: WatchEvent[] = [];
    two.subscribe((evs) => events.push(...evs));
    expect(two.poll()).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["ADDED"]);
    // Both read version 1, both try to write: the second must conflict, not overwrite.
    const fromTwo = two.get("configmaps", "default", "shared")!;
    one.update("configmaps", { ...created, data: { n: "1" } }, created.metadata.resourceVersion);
    expect(() => two.update("configmaps", { ...fromTwo, data: { n: "2" } }, fromTwo.metadata.resourceVersion)).toThrow(/has been modified/);
    expect(two.get("configmaps", "default", "shared")?.data).toEqual({ n: "1" });
    one.close();
    two.close();
  });

  it("catches up after falling behind a compaction", () => {
    const file = tempDb();
    const one = new SqliteStore(file);
    const two = new SqliteStore(file);
    const a = one.create("configmaps", cm("a"));
    two.poll();
    // A watcher lists before it watches (and so has the resource cached).
    expect(two.list("configmaps")).toHaveLength(1);
    const events: WatchEvent[] = [];
    two.subscribe((evs) => events.push(...evs));
    for (let i = 0; i < 20; i++) one.update("configmaps", { ...a, data: { i: String(i) } });
    one.create("configmaps", cm("b"));
    one.delete("configmaps", "default", "a");
    one.compact(1);
    two.poll();
    expect(two.get("configmaps", "default", "a")).toBeUndefined();
    expect(two.get("configmaps", "default", "b")).toBeDefined();
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(["ADDED b", "DELETED a"]);
    one.close();
    two.close();
  });

  it("compares and sets metadata atomically", () => {
    const s = new SqliteStore(":memory:");
    expect(s.compareAndSetMeta("lease", undefined, "me")).toBe(true);
    expect(s.compareAndSetMeta("lease", undefined, "you")).toBe(false);
    expect(s.compareAndSetMeta("lease", "me", "you")).toBe(true);
    expect(s.getMeta("lease")).toBe("you");
  });

  it("caps each container's log like the kubelet's rotation, oldest lines first", () => {
    const s = new SqliteStore(":memory:", { containerLogMaxBytes: 1000 });
    const line = (i: number) => ({ namespace: "default", pod: "p", container: "c", instance: 0, ts: i, stream: "stdout" as const, text: `line ${String(i).padStart(4, "0")} ${"x".repeat(40)}` });
    for (let i = 0; i < 100; i++) s.appendLogs([line(i)]);
    const kept = s.readLogs({ namespace: "default", pod: "p", container: "c" });
    const bytes = kept.reduce((n, l) => n + l.text.length, 0);
    expect(bytes).toBeLessThanOrEqual(1000);
    expect(kept.at(-1)?.text).toContain("line 0099");
    expect(kept[0]!.text).not.toContain("line 0000");
    expect(s.readLogs({ namespace: "default", pod: "p", tail: 2 }).map((l) => l.ts)).toEqual([98, 99]);
    expect(s.readLogs({ namespace: "default", pod: "p", sinceTs: 97 }).map((l) => l.ts)).toEqual([97, 98, 99]);
    s.deleteLogs("default", "p");
    expect(s.readLogs({ namespace: "default", pod: "p" })).toEqual([]);
  });
});
