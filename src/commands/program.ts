import { Command } from "commander";
import { editDistance } from "../client/kinds.js";
import { openCluster } from "../client/open.js";
import { registerAdvance } from "./advance.js";
import { registerApiResources } from "./api-resources.js";
import { registerApply } from "./apply.js";
import { registerCordon } from "./cordon.js";
import { registerDrain } from "./drain.js";
import { registerCreate } from "./create.js";
import { registerDelete } from "./delete.js";
import { registerDescribe } from "./describe.js";
import { registerEvents } from "./events.js";
import { registerExec } from "./exec.js";
import { registerExplain } from "./explain.js";
import { registerExplainSchedule } from "./explain-schedule.js";
import { registerExpose } from "./expose.js";
import { registerGet } from "./get.js";
import { registerLabel } from "./label.js";
import { registerLogs } from "./logs.js";
import { registerNode } from "./node.js";
import { registerReset } from "./reset.js";
import { registerRollout } from "./rollout.js";
import { registerScale } from "./scale.js";
import { registerAutoscale } from "./autoscale.js";
import { registerSet } from "./set-image.js";
import { registerTaint } from "./taint.js";
import { registerTop } from "./top.js";
import { registerVersion } from "./version.js";
import { registerWait } from "./wait.js";
import { registerWatch } from "./watch.js";
import type { Cluster } from "../client/cluster.js";
import { globalsOf, withCluster, type ClusterOpener, type CommandContext, type Io } from "./context.js";
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, reportFailure } from "./report.js";

export { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from "./report.js";

/**
 * The `kdeck` command tree over the given streams. Built afresh for every run:
 * commander keeps parsed option values on the command objects.
 */
export function buildProgram(ctx: CommandContext, openConsole?: ConsoleOpener, watchDir?: string): Command {
  const program = new Command("kdeck");
  program
    .description("Operate a local Kubernetes-style cluster: kubectl's verbs over kdeck's embedded engine.\nWith no command, opens the console (--watch DIR: and keeps the cluster following a manifest folder).")
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
    .action(async (verb: string | undefined) => {
      if (verb !== undefined) unknownCommand(program, verb);
      // Without a terminal (a pipe, a test) there is no console: show what the command line offers.
      if (!openConsole || !ctx.io.stdout.isTTY || !ctx.io.stdin.isTTY) {
        program.outputHelp();
        return;
      }
      const globals = globalsOf(program);
      await withCluster(ctx, globals, (cluster) =>
        openConsole(cluster, { namespace: globals.namespace, env: ctx.io.env, signal: ctx.io.signal, ...(watchDir !== undefined ? { watchDir } : {}) }),
      );
    });

  registerGet(program, ctx);
  registerDescribe(program, ctx);
  registerApply(program, ctx);
  registerCreate(program, ctx);
  registerDelete(program, ctx);
  registerExpose(program, ctx);
  registerLogs(program, ctx);
  registerExec(program, ctx);
  registerTop(program, ctx);
  registerEvents(program, ctx);
  registerWait(program, ctx);
  registerWatch(program, ctx);
  registerCordon(program, ctx);
  registerDrain(program, ctx);
  registerTaint(program, ctx);
  registerLabel(program, ctx);
  registerNode(program, ctx);
  registerScale(program, ctx);
  registerAutoscale(program, ctx);
  registerRollout(program, ctx);
  registerSet(program, ctx);
  registerAdvance(program, ctx);
  registerReset(program, ctx);
  registerApiResources(program, ctx);
  registerExplain(program, ctx);
  registerExplainSchedule(program, ctx);
  registerVersion(program, ctx);

  for (const cmd of program.commands) {
    cmd.helpOption("-h, --help", `help for ${cmd.name()}`);
    cmd.showHelpAfterError(`See 'kdeck ${cmd.name()} --help' for usage.`);
  }
  return program;
}

/**
 * Runs the console on an open cluster until the user quits. src/cli.ts passes the one
 * in src/tui, so that commands never import the console.
 */
export type ConsoleOpener = (cluster: Cluster, opts: { namespace: string; env: NodeJS.ProcessEnv; signal: AbortSignal; watchDir?: string }) => Promise<void>;

/** How a run is wired: streams, and in tests a cluster opener with a pinned clock. */
export interface RunOptions extends Partial<Io> {
  open?: ClusterOpener;
  /** `kdeck` with no verb, in a terminal. */
  console?: ConsoleOpener;
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
  const parsed = consoleWatch(args);
  const program = buildProgram(ctx, opts.console, parsed.watchDir);
  try {
    await program.parseAsync(parsed.args, { from: "user" });
    return io.signal.aborted ? EXIT_INTERRUPTED : EXIT_OK;
  } catch (e) {
    return reportFailure(e, io, program);
  }
}


/**
 * `kdeck [--db PATH] [-n NS] --watch DIR`: the console following a manifest folder. Taken
 * out before commander parses, and only when no verb follows: `get -w`/`--watch` keep
 * theirs.
 */
function consoleWatch(args: readonly string[]): { args: string[]; watchDir?: string } {
  const rest: string[] = [];
  let watchDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--watch" && i + 1 < args.length) watchDir = args[++i];
    else if (a.startsWith("--watch=")) watchDir = a.slice("--watch=".length);
    else if (a === "--db" || a === "-n" || a === "--namespace") rest.push(a, ...(i + 1 < args.length ? [args[++i]!] : []));
    else if (!a.startsWith("-")) return { args: [...args] };
    else rest.push(a);
  }
  return watchDir === undefined ? { args: [...args] } : { args: rest, watchDir };
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
