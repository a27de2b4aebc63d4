import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { EmbeddedCluster } from "../../src/client/embedded.js";
import { databasePath } from "../../src/client/open.js";
import type { ClusterOpener, OutputStream } from "../../src/commands/context.js";
import { runCli } from "../../src/commands/program.js";

/** 2024-01-01T00:00:00Z: new test clusters start here, and the wall clock stays here. */
export const TEST_EPOCH = Date.UTC(2024, 0, 1);

/** What one run of `kdeck` printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written, for assertions. */
export class Capture implements OutputStream {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A fresh directory and database path for one test; removed by `cleanup`. */
export function tempDb(): { db: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-cli-"));
  return { db: path.join(dir, "cluster.db"), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens clusters with a pinned wall clock and seed, so ages and names are the same every run. */
export function pinnedOpener(wall: () => number = () => TEST_EPOCH): ClusterOpener {
  return (loc) => EmbeddedCluster.open({ db: databasePath(loc), wall, seed: 42, ...(loc.bootstrap ? { bootstrap: loc.bootstrap } : {}) });
}

export interface RunOptions {
  stdin?: string;
  /** Pretend stdin is a terminal (reset's confirmation). */
  tty?: boolean;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  open?: ClusterOpener;
  stdout?: Capture;
}

/** Runs `kdeck --db <db> …args` in this process and captures its output. */
export async function kdeck(db: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const stdout = opts.stdout ?? new Capture();
  const stderr = new Capture();
  const stdin = Object.assign(Readable.from(opts.stdin !== undefined ? [opts.stdin] : []), { isTTY: opts.tty ?? false });
  const code = await runCli(["--db", db, ...args], {
    stdout,
    stderr,
    stdin,
    env: opts.env ?? {},
    signal: opts.signal ?? new AbortController().signal,
    open: opts.open ?? pinnedOpener(),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Writes a manifest next to the database and returns its path. */
export function writeManifest(db: string, name: string, text: string): string {
  const file = path.join(path.dirname(db), name);
  fs.writeFileSync(file, text);
  return file;
}

export const NGINX_POD = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
`;
