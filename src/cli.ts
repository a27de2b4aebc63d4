/**
 * The `kdeck` executable: runs the command line, turns ctrl-c into a clean shutdown
 * of watches and follows, and exits with the command's code.
 */
import { EXIT_INTERRUPTED, runCli } from "./commands/program.js";

const interrupt = new AbortController();
function onSigint(): void {
  if (interrupt.signal.aborted) {
    // A second ctrl-c while shutting down: stop waiting.
    process.exit(EXIT_INTERRUPTED);
  }
  interrupt.abort();
}
process.on("SIGINT", onSigint);

// A reader that closes the pipe early (`kdeck get pods | head`) is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await runCli(process.argv.slice(2), { signal: interrupt.signal });
process.off("SIGINT", onSigint);
process.exitCode = code;
// Exit once what is buffered for pipes has been written: stdin or a stray handle must not keep the process up.
let pending = 2;
const done = (): void => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write("", done);
process.stderr.write("", done);
