/** The shell-subset interpreter simulated containers run (see interpreter.ts). */
export { Shell, ShellExit } from "./interpreter.js";
export { parseScript, ShellSyntaxError } from "./parser.js";
export { durationMs, isBuiltin } from "./builtins.js";
export { formatDate } from "./builtins-text.js";
export { Vfs, FsLayer, baseLayer, normalize, type FsNode, type FsOp } from "./vfs.js";
export { SIGNAL_NUMBERS, type Io, type Proc, type Resume, type ShellHost, type ShellYield, type Signal, type Userland } from "./types.js";
