import { Command } from "commander";
import { editDistance } from "../client/kinds.js";
import { openCluster } from "../client/open.js";
import { registerAdvance } from "./advance.js";
import { registerApiResources } from "./api-resources.js";
import { registerApply } from "./apply.js";
import { registerCordon } from "./cordon.js";
import { registerDelete } from "./delete.js";
import { registerDescribe } from "./describe.js";
import { registerEvents } from "./events.js";
import { registerExplain } from "./explain.js";
import { registerGet } from "./get.js";
import { registerLogs } from "./logs.js";
import { registerReset } from "./reset.js";
import { registerVersion } from "./version.js";
import { registerWait } from "./wait.js";
import type { ClusterOpener, CommandContext, Io } from "./context.js";
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, reportFailure } from "./report.js";

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from "./report.js";

/**
 * The `kdeck` command tree over the given streams. Built afresh for every run:
 * commander keeps parsed option values on the command objects.
 */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("kdeck");
  program
    .description("Operate a local Kubernetes-style cluster: kubectl's verbs over kdeck's embedded engine.\nWith no command, opens the console.")
    .usage("[--db PATH] [-n NAMESPACE] [command] [flags]")
    .option("--db <path>", "cluster database file (default: $KDECK_DB, else ~/.local/share/kdeck/cluster.db)")
    .option("-n, --namespace <namespace>", "the namespace scope for this request", "default")
    .helpOption("-h, --help", "help for kdeck")
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.io.stdout.write(s),
      writeErr: (s) => void ctx.io.stderr.write(s),
      getOutHelpWidth: () => ctx.io.stdout.columns ?? 100,
      getErrHelpWidth: () => ctx.io.stderr.columns ?? 100,
    })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .argument("[command]")
    .allowExcessArguments()
    .action((verb: string | undefined) => {
      if (verb !== undefined) unknownCommand(program, verb);
      // The console is not part of this build yet: show what the command line offers.
      program.outputHelp();
    });

  registerGet(program, ctx);
  registerDescribe(program, ctx);
  registerApply(program, ctx);
  registerDelete(program, ctx);
  registerLogs(program, ctx);
  registerEvents(program, ctx);
  registerWait(program, ctx);
  registerCordon(program, ctx);
  registerAdvance(program, ctx);
  registerReset(program, ctx);
  registerApiResources(program, ctx);
  registerExplain(program, ctx);
  registerVersion(program, ctx);

  for (const cmd of program.commands) {
    cmd.helpOption("-h, --help", `help for ${cmd.name()}`);
    cmd.showHelpAfterError(`See 'kdeck ${cmd.name()} --help' for usage.`);
  }
  return program;
}

/** How a run is wired: streams, and in tests a cluster opener with a pinned clock. */
export interface RunOptions extends Partial<Io> {
  open?: ClusterOpener;
}

/**
 * Runs `kdeck` with `args` (without `node` and the script) and resolves its exit code.
 * Every failure becomes one line on stderr: `Error from server (…)` for API errors,
 * `error: …` for everything else, never a stack trace.
 */
export async function runCli(args: readonly string[], opts: RunOptions = {}): Promise<number> {
  const io: Io = {
    stdout: opts.stdout ?? process.stdout,
    stderr: opts.stderr ?? process.stderr,
    stdin: opts.stdin ?? process.stdin,
    env: opts.env ?? process.env,
    signal: opts.signal ?? new AbortController().signal,
  };
  const ctx: CommandContext = { io, open: opts.open ?? openCluster };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...args], { from: "user" });
    return io.signal.aborted ? EXIT_INTERRUPTED : EXIT_OK;
  } catch (e) {
    return reportFailure(e, io, program);
  }
}


/** Commander's unknown-command error, with the nearest verb suggested. */
function unknownCommand(program: Command, verb: string): never {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of program.commands.map((c) => c.name())) {
    const d = editDistance(verb, name);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  const suggestion = best !== undefined && bestDistance <= Math.max(2, Math.floor(verb.length / 3)) ? `\n(Did you mean ${best}?)` : "";
  program.error(`error: unknown command '${verb}'${suggestion}`, { code: "commander.unknownCommand", exitCode: EXIT_USAGE });
}
