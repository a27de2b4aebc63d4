import fs from "node:fs";
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { databasePath, type BootstrapOptions, type ClusterLocation } from "../client/open.js";

/** Where a command writes: the process's streams, or buffers in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where `-f -` and the reset confirmation read from. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

/** Everything a command touches outside the cluster, injectable so tests can run verbs in-process. */
export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on ctrl-c: long-running verbs (`-w`, `-f`) stop, close the cluster and return. */
  signal: AbortSignal;
}

/** Opens the cluster a command works on; tests replace it to pin the wall clock. */
export type ClusterOpener = (loc: ClusterLocation & { bootstrap?: BootstrapOptions }) => Cluster;

/** Flags every verb accepts, wherever they appear on the command line. */
export interface GlobalOptions {
  db?: string;
  namespace: string;
  /** True when the user passed `-n`: kubectl refuses a manifest whose namespace disagrees with it. */
  namespaceExplicit: boolean;
}

/** What each verb's action receives besides its own flags. */
export interface CommandContext {
  io: Io;
  open: ClusterOpener;
}

/** Bad usage the user can fix by changing the command line: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The verb whose help the message points to. */
    readonly verb?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Ends a command with an exit code after it has reported its own failures (apply's
 * per-document errors, get's per-name NotFound), so nothing more is printed.
 */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit status ${code}`);
    this.name = "ExitStatus";
  }
}

/** Writes one line to a stream. */
export function println(out: OutputStream, line = ""): void {
  out.write(line + "\n");
}

/**
 * Runs `fn` with the cluster open and always closes it, also when `fn` throws.
 * A mutating command settles the cluster first, so that what it changed has been
 * reconciled at the current virtual time before the process exits.
 */
export async function withCluster<T>(
  ctx: CommandContext,
  globals: GlobalOptions,
  fn: (cluster: Cluster) => Promise<T> | T,
  opts: { mutating?: boolean; bootstrap?: BootstrapOptions } = {},
): Promise<T> {
  const cluster = openOrExplain(ctx, { db: globals.db, env: ctx.io.env, ...(opts.bootstrap ? { bootstrap: opts.bootstrap } : {}) });
  try {
    const result = await fn(cluster);
    if (opts.mutating) cluster.settle();
    return result;
  } catch (e) {
    // Writes made before the failure (apply's good documents) still deserve reconciling.
    if (opts.mutating) {
      try {
        cluster.settle();
      } catch {
        // The original failure is the one worth reporting.
      }
    }
    throw e;
  } finally {
    cluster.close();
  }
}

/**
 * Opens the cluster, naming the database file when SQLite cannot (`unable to open
 * database file` alone helps nobody). A cluster this call creates is settled at once:
 * creating its namespaces and nodes is a change like any other, and the controllers
 * should have seen them before the command's own writes arrive.
 */
export function openOrExplain(ctx: CommandContext, loc: ClusterLocation & { bootstrap?: BootstrapOptions }): Cluster {
  const file = databasePath(loc);
  const fresh = file !== ":memory:" && !fs.existsSync(file);
  try {
    const cluster = ctx.open(loc);
    if (fresh) settleNew(cluster);
    return cluster;
  } catch (e) {
    if (e instanceof Error && e.name !== "ApiError") {
      throw new Error(`cannot open the cluster at ${databasePath(loc)}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

function settleNew(cluster: Cluster): void {
  try {
    cluster.settle();
  } catch (e) {
    cluster.close();
    throw e;
  }
}

/** Resolves when the user presses ctrl-c (or at once if they already did). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Waits `ms` of wall-clock time, cut short by ctrl-c. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The global flags as seen from a verb's action (they may appear before or after the verb). */
export function globalsOf(cmd: Command): GlobalOptions {
  const opts = cmd.optsWithGlobals<{ db?: string; namespace?: string }>();
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return {
    ...(opts.db !== undefined ? { db: opts.db } : {}),
    namespace: opts.namespace ?? "default",
    namespaceExplicit: root.getOptionValueSource("namespace") === "cli",
  };
}

