import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { Console } from "../../src/tui/console.js";
import { ObjectCache } from "../../src/tui/data/cache.js";
import { FrameScheduler } from "../../src/tui/data/frames.js";
import { PulseHistory } from "../../src/tui/data/pulse.js";
import type { ClusterCounts } from "../../src/tui/presenters/header.js";
import { testCluster } from "./render.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("frames", () => {
  it("coalesce a burst of changes into one frame per interval", () => {
    vi.useFakeTimers();
    let now = 0;
    const frames = new FrameScheduler(33, () => now);
    let flushed = 0;
    frames.subscribe(() => flushed++);
    for (let i = 0; i < 1000; i++) frames.request();
    vi.advanceTimersByTime(0);
    expect(flushed).toBe(1);
    now = 10;
    for (let i = 0; i < 1000; i++) frames.request();
    vi.advanceTimersByTime(10);
    expect(flushed).toBe(1);
    now = 33;
    vi.advanceTimersByTime(23);
    expect(flushed).toBe(2);
    frames.close();
  });
});

describe("the object cache", () => {
  it("lists then follows changes, ignoring replays of what it listed", () => {
    const cluster = testCluster();
    let changes = 0;
    const cache = new ObjectCache(cluster, () => changes++);
    const pods = cache.watch("pods");
    expect(pods.size).toBe(0);
    cluster.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "a", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });
    expect(pods.get("default/a")).toBeDefined();
    const v = pods.version;
    cluster.delete("pods", "default", "a", { gracePeriodSeconds: 0 });
    cluster.settle();
    expect(pods.get("default/a")).toBeUndefined();
    expect(pods.version).toBeGreaterThan(v);
    expect(changes).toBeGreaterThan(1);
    expect(cache.watch("bogus").size).toBe(0);
    expect(cache.errors.get("bogus")).toBeDefined();
    cache.close();
    cluster.close();
  });
});

describe("the pulse history", () => {
  it("keeps one sample per 10 s of virtual time and fills jumps", () => {
    const counts = (running: number): ClusterCounts => ({ nodesReady: 1, nodes: 1, running, pending: 0, failed: 0, succeeded: 0, restarts: 0, cpuRequested: 0, cpuAllocatable: 0, memRequested: 0, memAllocatable: 0 });
    const p = new PulseHistory();
    p.observe(0, counts(1));
    p.countEvent();
    p.observe(5_000, counts(2));
    p.observe(40_000, counts(3));
    expect(p.all().map((s) => [s.t, s.running, s.events])).toEqual([
      [0, 2, 1],
      [10_000, 2, 0],
      [20_000, 2, 0],
      [30_000, 2, 0],
      [40_000, 3, 0],
    ]);
  });
});

describe("two consoles on one cluster", () => {
  it("both stay current: one runs the engine, the other follows it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-tui-two-"));
    const db = path.join(dir, "cluster.db");
    const leader = EmbeddedCluster.open({ db });
    leader.settle();
    const follower = EmbeddedCluster.open({ db });
    const a = new Console({ cluster: leader, quit: () => undefined, frameMs: 5 });
    const b = new Console({ cluster: follower, quit: () => undefined, frameMs: 5 });
    try {
      a.start();
      b.start();
      leader.startRealtime();
      follower.startRealtime();
      expect(leader.engineStatus().leader).toBe(true);
      expect(follower.engineStatus().leader).toBe(false);
      // A write in the follower reaches the leader's console, and the leader's scheduling reaches the follower's.
      follower.create({ apiVersion: "v1", kind: "Pod", metadata: { name: "from-b", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } });
      const deadline = Date.now() + 5000;
      const scheduled = (c: Console): boolean => (c.cache.of("pods").get("default/from-b")?.spec as { nodeName?: string } | undefined)?.nodeName !== undefined;
      while (!(scheduled(a) && scheduled(b)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(scheduled(a)).toBe(true);
      expect(scheduled(b)).toBe(true);
    } finally {
      a.stop();
      b.stop();
      follower.close();
      leader.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
