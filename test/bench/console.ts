/**
 * The console's speed on a big cluster (1,000 nodes, 10,000 pods): launch to first full
 * frame and idle CPU of the real binary in tmux, and in-process the latency from a key
 * press to the frame that shows it, and frame times while logs stream in.
 */
import "../../src/tui/production.js";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EventEmitter } from "node:events";
import type { KubeObject } from "../../src/core/api/object.js";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { Console } from "../../src/tui/console.js";
import { mountConsole } from "../../src/tui/mount.js";
import { keySequence } from "../../src/tui/keys/match.js";
import { FakeTtyInput } from "../helpers/fake-tty.js";
import { report, tempDir, type Figure } from "./harness.js";

const NODES = 1000;
const PODS = 10_000;

function pod(i: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `web-${String(i).padStart(5, "0")}`, namespace: "default", labels: { app: `app-${i % 50}` } },
    spec: { containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "64Mi" } } }] },
  };
}

/** A cluster file with 1,000 nodes and 10,000 running pods; removed by the caller. */
export function bigCluster(): { dir: string; db: string } {
  const dir = tempDir("console");
  const db = path.join(dir, "cluster.db");
  const cluster = EmbeddedCluster.open({ db, bootstrap: { workers: NODES - 1 } });
  for (let i = 0; i < PODS; i++) cluster.apply(pod(i));
  void cluster.advance(60_000);
  cluster.close();
  return { dir, db };
}

function hasTmux(): boolean {
  return spawnSync("tmux", ["-V"]).status === 0;
}

/** A tmux server of the bench's own, apart from anyone else's sessions. */
const SOCKET = `kdeck-bench-${process.pid}`;

function tmux(...args: string[]): string {
  return spawnSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" }).stdout ?? "";
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Time from `kdeck` starting in a 200×60 tmux window to a frame showing every node and pod (median of 3). */
export async function launchToFirstFrame(binary: string, db: string): Promise<Figure> {
  if (!hasTmux()) return report({ name: "console: launch to first full frame (tmux missing, skipped)", value: NaN, unit: "ms" });
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const session = `kdeck-bench-${process.pid}-${run}`;
    const t0 = performance.now();
    tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "60", `exec env KDECK_DB=${db} ${binary}`);
    let t = NaN;
    while (performance.now() - t0 < 30_000) {
      const screen = tmux("capture-pane", "-p", "-t", session);
      if (screen.includes("Nodes (1,000)") && screen.includes("(10,000)")) {
        t = performance.now() - t0;
        break;
      }
      await sleep(5);
    }
    tmux("send-keys", "-t", session, "q");
    await sleep(500);
    tmux("kill-session", "-t", session);
    times.push(t);
  }
  times.sort((a, b) => a - b);
  return report({ name: "console: launch to first full frame, 1,000 nodes / 10,000 pods (median)", value: times[1]!, unit: "ms", goal: { op: "<", value: 1000 } });
}

/** Starts the real console in a tmux window of its own, as a user's `kdeck` runs (the executable, through its `#!` line); returns its process id. */
function startConsole(session: string, binary: string, db: string): number {
  tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "60", `exec env KDECK_DB=${db} ${binary}`);
  return Number(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").trim());
}

function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU while nothing happens, of a console that follows the engine running in another
 * console (the console's own cost), and of that other console, engine included.
 */
export async function idleCpu(binary: string, db: string): Promise<Figure[]> {
  if (!hasTmux() || !fs.existsSync("/proc/self/stat")) return [report({ name: "console: CPU while idle (tmux or /proc missing, skipped)", value: NaN, unit: "%" })];
  const leader = startConsole(`kdeck-bench-leader-${process.pid}`, binary, db);
  // Let the leader take the engine and settle what its start queued, then start the follower.
  await sleep(20_000);
  const follower = startConsole(`kdeck-bench-follower-${process.pid}`, binary, db);
  await sleep(10_000);
  const l0 = cpuTicks(leader);
  const f0 = cpuTicks(follower);
  const t0 = performance.now();
  await sleep(20_000);
  const seconds = (performance.now() - t0) / 1000;
  // Clock ticks are 1/100 s on Linux.
  const followerPct = ((cpuTicks(follower) - f0) / 100 / seconds) * 100;
  const leaderPct = ((cpuTicks(leader) - l0) / 100 / seconds) * 100;
  for (const s of [`kdeck-bench-follower-${process.pid}`, `kdeck-bench-leader-${process.pid}`]) tmux("send-keys", "-t", s, "q");
  await sleep(1000);
  return [
    report({ name: "console: CPU while idle, 200×60, engine in another process", value: followerPct, unit: "% of a core", goal: { op: "<", value: 2 } }),
    report({ name: "console: CPU while idle, 200×60, with the engine (1,000 nodes) in it", value: leaderPct, unit: "% of a core" }),
  ];
}

/** A terminal for Ink: a TTY-sized stream that records when each frame is written. */
class BenchTerminal extends EventEmitter {
  readonly isTTY = true;
  columns = 200;
  rows = 60;
  writes: number[] = [];
  write = (_chunk: string): boolean => {
    this.writes.push(performance.now());
    return true;
  };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function p99(xs: number[]): number {
  return percentile(xs, 0.99);
}

/** ` (p99; p50 24 ms)`: the median beside the figure, for what a typical frame costs. */
function withMedian(xs: number[]): string {
  return `(p99; p50 ${percentile(xs, 0.5).toFixed(0)} ms)`;
}

/** Key press to the frame that shows it, while scrolling and filtering 10,000 pods (the console leads the engine). */
export async function keyToFrame(db: string, columns = 200, rows = 60): Promise<Figure[]> {
  const cluster = EmbeddedCluster.open({ db });
  const out = new BenchTerminal();
  out.columns = columns;
  out.rows = rows;
  const input = new FakeTtyInput();
  const c = new Console({ cluster, quit: () => undefined, namespace: "default" });
  c.setSize(out.columns, out.rows);
  c.start();
  // The console as production draws it: Ink reads the keys, the line-diffing writer draws.
  const ink = await mountConsole(c, { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream, colour: true, patchConsole: false });
  cluster.startRealtime();
  // Steady state: everything listed (50,000 events load after the first frame), the engine settled.
  while (!c.cache.of("events").synced || c.events.generation === 0) await sleep(50);
  await sleep(3000);
  const measure = async (keys: string[]): Promise<number[]> => {
    const lat: number[] = [];
    for (const k of keys) {
      const before = out.writes.length;
      const t0 = performance.now();
      input.send(keySequence(k));
      while (out.writes.length === before && performance.now() - t0 < 1000) await new Promise((r) => setImmediate(r));
      lat.push((out.writes[before] ?? performance.now()) - t0);
      await sleep(35 + Math.random() * 10);
    }
    return lat;
  };
  input.send("\t"); // focus Workloads: 10,000 pods
  await sleep(200);
  const scroll = await measure([...Array(100).fill("j"), ...Array(20).fill("pgdn"), "G", "g", ...Array(50).fill("j")]);
  input.send("/");
  await sleep(100);
  const filter = await measure(["w", "e", "b", "-", "0", "0", "1", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "a", "p", "p", "backspace", "backspace", "backspace"]);
  ink.unmount();
  c.stop();
  cluster.close();
  return [
    report({ name: `console: key to frame, scrolling 10,000 pods, ${columns}×${rows} ${withMedian(scroll)}`, value: p99(scroll), unit: "ms", goal: { op: "<", value: 50 } }),
    report({ name: `console: key to frame, filtering 10,000 pods, ${columns}×${rows} ${withMedian(filter)}`, value: p99(filter), unit: "ms", goal: { op: "<", value: 50 } }),
  ];
}

/** Frame time while 1,000 log lines a second arrive and the Logs pane follows them. */
export async function logFrames(db: string): Promise<Figure> {
  const cluster = EmbeddedCluster.open({ db });
  const out = new BenchTerminal();
  const input = new FakeTtyInput();
  const c = new Console({ cluster, quit: () => undefined });
  c.setSize(out.columns, out.rows);
  c.start();
  const ink = await mountConsole(c, { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream, colour: true, patchConsole: false });
  // Steady state: the console has listed everything (50,000 events load after the first frame).
  while (!c.cache.of("events").synced || c.events.generation === 0) await sleep(50);
  await sleep(500);
  c.tail({ label: "bench", namespace: "default", pod: "none" }, true);
  // A frame's time: from the scheduler starting it to its bytes reaching the terminal.
  const frameTimes: number[] = [];
  let timed = c.frames.frames;
  const origWrite = out.write;
  out.write = (chunk: string): boolean => {
    if (c.frames.frames !== timed) frameTimes.push(performance.now() - c.frames.lastFlushAt);
    timed = c.frames.frames;
    return origWrite(chunk);
  };
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 5000) {
    const batch = [];
    for (let i = 0; i < 50; i++, n++) batch.push({ type: "line" as const, ts: Date.now(), namespace: "default", pod: `web-${n % 20}`, container: "app", stream: "stdout" as const, text: `GET /index.html 200 ${n} bytes in ${n % 97}ms from 10.0.${n % 255}.${n % 7}` });
    c.ring.push(batch);
    // As the log tailer asks: lines the user watches are drawn within a frame.
    c.frames.request(true);
    await sleep(50);
  }
  ink.unmount();
  c.stop();
  cluster.close();
  return report({ name: `console: frame time, 1,000 log lines/s, 200×60 ${withMedian(frameTimes)}`, value: p99(frameTimes), unit: "ms", goal: { op: "<", value: 33 } });
}

/** Every console figure, on one big cluster built once. */
export async function consoleFigures(binary: string): Promise<Figure[]> {
  const { dir, db } = bigCluster();
  try {
    return [await launchToFirstFrame(binary, db), ...(await keyToFrame(db)), ...(await keyToFrame(db, 120, 40)), await logFrames(db), ...(await idleCpu(binary, db))];
  } finally {
    if (hasTmux()) tmux("kill-server");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
