import type { Vfs } from "./vfs.js";

/** Signals a simulated process can receive. */
export type Signal = "TERM" | "INT" | "QUIT" | "HUP" | "KILL" | "USR1" | "USR2";

export const SIGNAL_NUMBERS: Readonly<Record<Signal, number>> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 };

/**
 * What a running script hands back to whoever drives it: "wake me at `until`" (virtual
 * epoch ms; Infinity: only a signal wakes me). Everything else (output, files) happens
 * as side effects at the time the driver says it is.
 */
export interface ShellYield {
  readonly until: number;
}

/** What the driver resumes a script with: nothing (its time came), or a signal. */
export type Resume = { readonly signal?: Signal } | undefined;

/** A running piece of a script: a generator the driver steps through virtual time. */
export type Proc<T = number> = Generator<ShellYield, T, Resume>;

/** A command's standard streams. `out` and `err` take text with its newlines. */
export interface Io {
  readonly stdin: string;
  out(text: string): void;
  err(text: string): void;
}

/** Error wordings differ between busybox (alpine, busybox) and GNU coreutils (debian, ubuntu). */
export type Userland = "busybox" | "gnu";

/**
 * What the shell needs from the container it runs in. The kubelet's runtime provides
 * it (src/core/kubelet/runtime.ts); tests provide a small one.
 */
export interface ShellHost {
  readonly fs: Vfs;
  readonly hostname: string;
  readonly userland: Userland;
  /** Virtual time now, epoch ms (the driver moves it). */
  now(): number;
  /**
   * A program that is not a builtin (`nginx`, `perl`, `stress`): the host runs it, and
   * decides what an unknown one does (see the README's "Simulated containers").
   */
  program(argv: readonly string[], io: Io, env: ReadonlyMap<string, string>): Proc;
  /**
   * Sends a signal to the container's processes matched by pid (`"1"`) or name (`"nginx"`);
   * `0` only checks. Returns whether one matched.
   */
  signal(target: string, sig: Signal | 0): boolean;
  /** The container's process list for `ps`: `[pid, command]`. */
  processes(): readonly [number, string][];
}
