import { CommanderError, type Command } from "commander";
import { isApiError } from "../client/errors.js";
import { ExitStatus, UsageError, type Io } from "./context.js";

/** Exit codes, as DESIGN.md fixes them. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** Interrupted by ctrl-c: what a shell reports for a process SIGINT ended. */
export const EXIT_INTERRUPTED = 130;

/** Prints a failure the way kubectl does and picks the exit code. */
export function reportFailure(e: unknown, io: Io, program?: Command): number {
  if (e instanceof CommanderError) {
    // Commander has already printed its message (or the help).
    if (e.code === "commander.helpDisplayed" || e.code === "commander.help" || e.code === "commander.version") return EXIT_OK;
    return EXIT_USAGE;
  }
  if (e instanceof ExitStatus) return e.code;
  if (e instanceof UsageError) {
    io.stderr.write(`error: ${e.message}\n`);
    const verb = e.verb && program?.commands.some((c) => c.name() === e.verb) ? ` ${e.verb}` : "";
    io.stderr.write(`See 'kdeck${verb} --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (isApiError(e)) {
    io.stderr.write(e.toKubectlString() + "\n");
    return EXIT_FAILED;
  }
  // Some layers already word their messages the kubectl way, prefix included.
  const message = (e instanceof Error ? e.message : String(e)).replace(/^error: /, "");
  io.stderr.write(`error: ${message}\n`);
  if (io.env.KDECK_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + "\n");
  return EXIT_FAILED;
}
