import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isApiError } from "../../src/core/api/errors.js";
import { EmbeddedCluster } from "../../src/client/embedded.js";

const EPOCH = Date.UTC(2024, 0, 1);
const dirs: string[] = [];
const open: EmbeddedCluster[] = [];

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-embedded-"));
  dirs.push(dir);
  return path.join(dir, "cluster.db");
}

function cluster(db: string, wall: () => number = () => EPOCH): EmbeddedCluster {
  const c = EmbeddedCluster.open({ db, wall, seed: 7 });
  open.push(c);
  return c;
}

afterEach(() => {
  for (const c of open.splice(0)) c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
});

describe("EmbeddedCluster: several processes on one cluster", () => {
  it("runs the engine in one of them only; the other reads and writes through the store", async () => {
    const db = tempDb();
    const a = cluster(db);
    const b = cluster(db);
    expect(a.apply(pod("web")).action).toBe("created");
    a.settle();
    expect(a.engineStatus().leader).toBe(true);
    expect(b.engineStatus()).toMatchObject({ leader: false, holder: { pid: process.pid } });
    // b sees a's writes (scheduled, so bound to a worker) and cannot run the engine.
    expect((b.get("pods", "default", "web").spec as { nodeName?: string }).nodeName).toMatch(/^kdeck-worker-/);
    b.settle();
    expect(b.engineStatus().leader).toBe(false);
    // b writes; a, the leader, reconciles what b wrote.
    b.apply(pod("api"));
    a.settle();
    expect((a.get("pods", "default", "api").spec as { nodeName?: string }).nodeName).toMatch(/^kdeck-worker-/);
  });

  it("a stale write from the other process is a Conflict, never a lost update", () => {
    const db = tempDb();
    const a = cluster(db);
    const b = cluster(db);
    a.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { v: "1" } });
    const seenByB = b.get("configmaps", "default", "cfg");
    a.update({ ...a.get("configmaps", "default", "cfg"), data: { v: "2" } });
    try {
      b.update({ ...seenByB, data: { v: "3" } });
      expect.unreachable();
    } catch (e) {
      expect(isApiError(e, "Conflict")).toBe(true);
    }
    expect(b.get("configmaps", "default", "cfg").data).toEqual({ v: "2" });
  });

  it("hands the engine over when its holder closes", () => {
    const db = tempDb();
    const a = cluster(db);
    const b = cluster(db);
    a.apply(pod("web"));
    expect(b.engineStatus().leader).toBe(false);
    a.close();
    b.apply(pod("api"));
    b.settle();
    expect(b.engineStatus().leader).toBe(true);
  });

  it("passes an advance to the process running the engine in real time", async () => {
    const db = tempDb();
    const a = cluster(db, Date.now);
    const b = cluster(db, Date.now);
    a.startRealtime({ speed: 0 });
    a.setSpeed(0);
    const before = a.now();
    await b.advance(60_000);
    expect(a.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(b.now()).toBe(a.now());
    // The slot is free again: a second request goes through too.
    await b.advance(30_000);
    expect(a.now() - before).toBeGreaterThanOrEqual(90_000);
  });
});
