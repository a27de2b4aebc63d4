import fs from "node:fs";
import readline from "node:readline";
import type { Command } from "commander";
import { databasePath, removeClusterFiles, type BootstrapOptions } from "../client/open.js";
import { globalsOf, openOrExplain, println, UsageError, type CommandContext, type InputStream, type OutputStream } from "./context.js";
import { parseIntFlag } from "./flags.js";

interface ResetOptions {
  empty?: boolean;
  nodes?: number;
  yes?: boolean;
}

/**
 * `kdeck reset [--empty | --nodes N] [--yes]`: throws the cluster away and creates a
 * new one. It asks first on a terminal and refuses without `--yes` elsewhere, and never
 * pulls the database from under a running console or watch.
 */
export function registerReset(program: Command, ctx: CommandContext): void {
  program
    .command("reset")
    .summary("Delete every object and start a new cluster")
    .description(
      "Delete the cluster's database and create a new cluster: a control plane and 3 workers by default,\n" +
        "N workers with --nodes, or no nodes at all with --empty.",
    )
    .option("--empty", "create no nodes at all, not even the control plane")
    .option("--nodes <n>", "number of worker nodes besides the control plane", parseIntFlag)
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (opts: ResetOptions, cmd: Command) => {
      if (opts.empty && opts.nodes !== undefined) throw new UsageError("--empty and --nodes cannot be used together", "reset");
      if (opts.nodes !== undefined && opts.nodes < 0) throw new UsageError("--nodes must be 0 or more", "reset");
      const globals = globalsOf(cmd);
      const file = databasePath({ db: globals.db, env: ctx.io.env });
      const bootstrap: BootstrapOptions = opts.empty ? { empty: true } : { workers: opts.nodes ?? 3 };

      if (file !== ":memory:" && fs.existsSync(file)) refuseUnderRunningEngine(ctx, file);

      if (!opts.yes) {
        if (!ctx.io.stdin.isTTY) {
          throw new Error(`refusing to reset ${file} without confirmation: stdin is not a terminal; pass --yes to go ahead`);
        }
        const answer = await ask(ctx.io.stdin, ctx.io.stdout, `This deletes every object in cluster ${file}. Continue? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) throw new Error("reset cancelled: the cluster was not changed");
      }

      removeClusterFiles(file);
      const cluster = openOrExplain(ctx, { db: file, env: ctx.io.env, bootstrap });
      const nodes = cluster.list("nodes").length;
      cluster.close();
      println(ctx.io.stdout, `cluster ${file} reset: ${describeShape(bootstrap, nodes)}`);
    });
}

/** A console or watch holds the engine: pulling its database away would leave it writing to a deleted file. */
function refuseUnderRunningEngine(ctx: CommandContext, file: string): void {
  let holder: { pid: number; host: string } | undefined;
  try {
    const cluster = ctx.open({ db: file, env: ctx.io.env });
    try {
      holder = cluster.engineStatus().holder;
    } finally {
      cluster.close();
    }
  } catch {
    // A database that does not open is exactly what reset is for.
    return;
  }
  if (holder) {
    throw new Error(`cannot reset ${file}: its engine runs in process ${holder.pid} on ${holder.host} (a kdeck console or watch); stop that process first`);
  }
}

function describeShape(b: BootstrapOptions, nodes: number): string {
  if (b.empty) return "no nodes";
  const workers = b.workers ?? 3;
  return `${nodes} nodes (control plane + ${workers} worker${workers === 1 ? "" : "s"})`;
}

/** Asks one question on the terminal and resolves the line typed (empty on end of input). */
function ask(input: InputStream, output: OutputStream, question: string): Promise<string> {
  output.write(question);
  const rl = readline.createInterface({ input, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    rl.once("line", (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once("close", () => {
      if (!answered) resolve("");
    });
  });
}
