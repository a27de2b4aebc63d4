/**
 * The one way console tests render: a real embedded cluster (in memory, pinned wall
 * clock, fixed seed), the Console over it, the App through ink-testing-library, and
 * keys pressed by command name through the key tables, as a user would press them.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { render } from "ink-testing-library";
import React from "react";
import { parseAllDocuments } from "yaml";
import type { Cluster, KubeObject } from "../../src/client/cluster.js";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { App } from "../../src/tui/app.js";
import { Console, type ConsoleOptions } from "../../src/tui/console.js";
import { activeView } from "../../src/tui/input.js";
import { Command, type CommandId } from "../../src/tui/keys/commands.js";
import { keySequence } from "../../src/tui/keys/match.js";
import { effectiveBindings } from "../../src/tui/keys/tables.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** 2024-01-01T00:00:00Z: the wall clock of test clusters. */
export const TEST_EPOCH = Date.UTC(2024, 0, 1);

/**
 * A cluster in memory with the standard nodes, optionally with the demo manifests applied and settled.
 * `wall` replaces the pinned wall clock (a test that runs the cluster in real time moves it by hand).
 */
export function testCluster(opts: { demo?: boolean; workers?: number; yaml?: string; wall?: () => number } = {}): EmbeddedCluster {
  const cluster = EmbeddedCluster.open({ db: ":memory:", wall: opts.wall ?? (() => TEST_EPOCH), seed: 42, ...(opts.workers !== undefined ? { bootstrap: { workers: opts.workers } } : {}) });
  cluster.settle();
  const texts: string[] = [];
  // As `kdeck apply -f manifests/` reads the folder: its own files, not its subfolders (no -R).
  if (opts.demo) for (const f of fs.readdirSync(path.join(root, "manifests"), { withFileTypes: true }).filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name)).map((e) => e.name).sort()) texts.push(fs.readFileSync(path.join(root, "manifests", f), "utf8"));
  if (opts.yaml) texts.push(opts.yaml);
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as KubeObject | null;
      if (obj) cluster.apply(obj.kind === "Namespace" || obj.metadata.namespace ? obj : { ...obj, metadata: { ...obj.metadata, namespace: "default" } });
    }
  }
  cluster.settle();
  // Let the demo's pods start: the engine runs here, so this fast-forwards at once.
  void cluster.advance(30_000);
  return cluster;
}

export interface Harness {
  console: Console;
  cluster: Cluster;
  /** Presses the key the active view binds to `command` (its first key), `times` times. */
  press(command: CommandId, times?: number): Promise<void>;
  /** Types text (into a prompt). */
  type(text: string): Promise<void>;
  /** Presses a raw key by canonical name (`esc`, `j`), for keys outside the tables. */
  key(name: string): Promise<void>;
  frame(): string;
  /** Waits (wall time) until the frame satisfies `pred`. */
  waitFor(pred: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** True once the console asked to quit. */
  quitted(): boolean;
  close(): void;
}

export interface HarnessOptions extends Partial<Omit<ConsoleOptions, "cluster">> {
  cluster?: Cluster;
  columns?: number;
  rows?: number;
}

function settle(): Promise<void> {
  // Ink reads stdin, flushes a lone escape on setImmediate, then React renders.
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export async function renderConsole(opts: HarnessOptions = {}): Promise<Harness> {
  const cluster = opts.cluster ?? testCluster({ demo: true });
  let quit = false;
  const c = new Console({ frameMs: 1, tickMs: 60_000, logPollMs: 20, ...opts, cluster, quit: opts.quit ?? (() => void (quit = true)) });
  let size = { columns: opts.columns ?? 120, rows: opts.rows ?? 40 };
  c.setSize(size.columns, size.rows);
  c.start();
  const ink = render(React.createElement(App, { console: c, size }));
  // ink-testing-library's terminal is 100 columns wide: Ink lays out to the width it reports.
  Object.defineProperty(ink.stdout, "columns", { get: () => size.columns });
  Object.defineProperty(ink.stdout, "rows", { get: () => size.rows });
  ink.rerender(React.createElement(App, { console: c, size }));
  await settle();
  const write = async (seq: string): Promise<void> => {
    ink.stdin.write(seq);
    await settle();
  };
  const h: Harness = {
    console: c,
    cluster,
    async press(command, times = 1) {
      for (let i = 0; i < times; i++) {
        const view = activeView(c);
        const ctx = c.bindingContext();
        const b = effectiveBindings(view).find((x) => x.command === command && (!x.applies || x.applies(ctx)));
        if (!b) throw new Error(`no key runs ${command} in the ${view} view now`);
        await write(keySequence(b.keys[0]!));
      }
    },
    type: (text) => write(text),
    key: (name) => write(keySequence(name)),
    frame: () => ink.lastFrame() ?? "",
    async waitFor(pred, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = ink.lastFrame() ?? "";
        if (pred(f)) return f;
        if (Date.now() > deadline) throw new Error(`the frame never matched; last frame:\n${f}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async resize(columns, rows) {
      size = { columns, rows };
      ink.rerender(React.createElement(App, { console: c, size }));
      await settle();
    },
    quitted: () => quit,
    close() {
      ink.unmount();
      c.stop();
      cluster.close();
    },
  };
  return h;
}

/** Focuses the Workloads pane and moves its cursor to the row `key` (`shop/web`). */
export async function selectWorkload(harness: Harness, key: string): Promise<void> {
  await harness.press(Command.FocusNext);
  const keys = harness.console.list("workloads").keys;
  const at = keys.indexOf(key);
  if (at < 0) throw new Error(`no row ${key} among ${keys.join(", ")}`);
  await harness.press(Command.Down, at);
}
