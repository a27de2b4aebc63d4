/**
 * The `kdeck` executable: runs the command line, turns ctrl-c into a clean shutdown
 * of watches and follows, and exits with the command's code.
 */
import { EXIT_INTERRUPTED, runCli, type ConsoleOpener } from "./commands/program.js";

/**
 * `kdeck` with no verb in a terminal: the console on this process's terminal. Loaded
 * only then: Ink and React would cost every other command a few hundred milliseconds.
 */
const openConsole: ConsoleOpener = async (cluster, o) => {
  // React's production build: set before React loads, which the import below does first.
  process.env.NODE_ENV ??= "production";
  // Ink renders only a final frame when it believes it runs in CI (the CI variable, read
  // when Ink loads). The console only opens on a terminal: a CI variable inherited by a
  // shell in that terminal must not leave the screen blank.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runConsole } = await import("./tui/run.js");
  await runConsole({ cluster, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, ...o });
};

const interrupt = new AbortController();
let signalCode: number | undefined;
/** ctrl-c (or a polite kill) stops watches and follows, which then close the cluster and give the engine back. */
function onSignal(signal: NodeJS.Signals): void {
  const code = signal === "SIGTERM" ? 143 : EXIT_INTERRUPTED;
  if (interrupt.signal.aborted) {
    // A second signal while shutting down: stop waiting.
    process.exit(code);
  }
  signalCode = code;
  interrupt.abort();
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

// A reader that closes the pipe early (`kdeck get pods | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const result = await runCli(process.argv.slice(2), { signal: interrupt.signal, console: openConsole });
const code = result === EXIT_INTERRUPTED && signalCode !== undefined ? signalCode : result;
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
process.exitCode = code;
// Exit once what is buffered for pipes has been written: stdin or a stray handle must not keep the process up.
let pending = 2;
const done = (): void => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write("", done);
process.stderr.write("", done);
