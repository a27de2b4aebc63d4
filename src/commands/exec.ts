import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { ApiError } from "../client/errors.js";
import type { Pod } from "../client/types.js";
import { ExitStatus, globalsOf, println, withCluster, type CommandContext, type GlobalOptions, type InputStream } from "./context.js";
import { runInteractiveShell } from "./exec-shell.js";
import { parseDurationFlag } from "./flags.js";
import { defaultContainer, hasContainer, parseTarget, podsForTarget } from "./workload-pods.js";

/** `exec`'s flags, as commander hands them over. */
interface ExecFlags {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
  podRunningTimeout: number;
}

/** Shells `exec -it` opens interactively (with only option flags, like `bash -il`). */
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"]);

/**
 * `kdeck exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`: runs a
 * command in a container's interpreter and filesystem; `-it … -- sh` opens a shell.
 */
export function registerExec(program: Command, ctx: CommandContext): void {
  program
    .command("exec")
    .summary("Execute a command in a container")
    .description("Execute a command in a container: kdeck exec mypod -- date, kdeck exec -it mypod -- sh.")
    .usage("(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]")
    .argument("[args...]", "POD or TYPE/NAME, then -- and the command")
    .option("-c, --container <name>", "container name; if omitted, the kubectl.kubernetes.io/default-container annotation's or the first container")
    .option("-i, --stdin", "pass stdin to the container")
    .option("-t, --tty", "stdin is a TTY")
    .option("-q, --quiet", "only print output from the remote session")
    .option("--pod-running-timeout <duration>", "how long to wait for a pod of TYPE/NAME to appear", parseDurationFlag, 60_000)
    .action(async (args: string[], flags: ExecFlags, cmd: Command) => {
      const { target, command, deprecated } = splitAtDash(cmd, args);
      if (deprecated && !flags.quiet) {
        println(ctx.io.stderr, "kdeck exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kdeck exec [POD] -- [COMMAND] instead.");
      }
      if (target === undefined) throw new Error("pod, type/name or --filename must be specified");
      if (command.length === 0) throw new Error("you must specify at least one command for the container");
      const globals = globalsOf(cmd);
      const code = await withCluster(ctx, globals, (cluster) => runExec(ctx, cluster, globals, target, command, flags));
      if (code !== 0) {
        println(ctx.io.stderr, `command terminated with exit code ${code}`);
        throw new ExitStatus(code);
      }
    });
}

/**
 * kubectl's `ArgsLenAtDash`: the pod is the first argument before `--`, the command
 * everything after it. Commander drops the `--` itself, so it is found in the raw
 * arguments. Without `--`, the deprecated `exec POD COMMAND…` form.
 */
function splitAtDash(cmd: Command, args: string[]): { target?: string; command: string[]; deprecated: boolean } {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
  const dash = raw.indexOf("--");
  if (dash < 0) return { ...(args[0] !== undefined ? { target: args[0] } : {}), command: args.slice(1), deprecated: args.length > 1 };
  const before = Math.max(0, args.length - (raw.length - dash - 1));
  return { ...(before > 0 ? { target: args[0]! } : {}), command: args.slice(before), deprecated: false };
}

/** Runs the command (or the interactive shell) and resolves its exit code. */
async function runExec(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, target: string, command: string[], flags: ExecFlags): Promise<number> {
  const pod = (await podsForTarget(cluster, globals.namespace, parseTarget(target), "attach", flags.podRunningTimeout))[0]!;
  const podName = pod.metadata?.name ?? "";
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = chooseContainer(ctx, pod, flags);
  if (!pod.spec?.nodeName) throw ApiError.badRequest(`pod ${podName} does not have a host assigned`);

  const tty = setupTty(ctx, flags);
  if (tty && isInteractiveShell(command)) {
    // The container lives on while the shell is open: probes, restarts, other writers.
    cluster.startRealtime();
    const session = cluster.openShell(globals.namespace, podName, container);
    return runInteractiveShell(session, { input: ctx.io.stdin, output: ctx.io.stdout, terminal: true, signal: ctx.io.signal });
  }
  const stdin = flags.stdin && !tty ? await readAll(ctx.io.stdin) : undefined;
  const result = cluster.exec(globals.namespace, podName, container, command, stdin !== undefined ? { stdin } : {});
  ctx.io.stdout.write(result.stdout);
  // With a terminal, the container's stderr arrives on the same stream as its stdout.
  (tty ? ctx.io.stdout : ctx.io.stderr).write(result.stderr);
  return result.exitCode;
}

/** kubectl's `podcmd.FindOrDefaultContainerByName` for exec; a named container is checked by the API server. */
function chooseContainer(ctx: CommandContext, pod: Pod, flags: ExecFlags): string {
  if (flags.container !== undefined) {
    if (!hasContainer(pod, flags.container)) throw ApiError.badRequest(`container ${flags.container} is not valid for pod ${pod.metadata?.name ?? ""}`);
    return flags.container;
  }
  const chosen = defaultContainer(pod, { quiet: flags.quiet === true });
  for (const note of chosen.notes) println(ctx.io.stderr, note);
  return chosen.name;
}

/**
 * kubectl's `SetupTTY`: a terminal only with -i and -t and a stdin that is one;
 * -t without one says so (unless -q) and goes on without.
 */
function setupTty(ctx: CommandContext, flags: ExecFlags): boolean {
  if (!flags.stdin || !flags.tty) return false;
  if (ctx.io.stdin.isTTY) return true;
  if (!flags.quiet) println(ctx.io.stderr, "Unable to use a TTY - input is not a terminal or the right kind of file");
  return false;
}

/** `sh`, `/bin/bash -il`: a shell with no script to run reads commands from its terminal. */
function isInteractiveShell(command: readonly string[]): boolean {
  const [program, ...args] = command;
  const name = (program ?? "").slice((program ?? "").lastIndexOf("/") + 1);
  return SHELLS.has(name) && args.every((a) => /^-[a-z]+$/.test(a) && !a.includes("c"));
}

function readAll(input: InputStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    input.on("data", (c: Buffer | string) => chunks.push(typeof c === "string" ? Buffer.from(c) : c));
    input.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    input.on("error", reject);
  });
}
