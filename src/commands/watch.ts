import fs from "node:fs";
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { GET_TABWRITER, TabWriter } from "../client/output/index.js";
import {
  applyFolder,
  formatIssue,
  inspectFolder,
  ManifestWatch,
  roundHeadline,
  roundLines,
  type RoundResult,
  type WatchStatus,
} from "../client/watch/index.js";
import { ExitStatus, globalsOf, openOrExplain, println, untilAborted, UsageError, withCluster, type CommandContext } from "./context.js";
import { packageVersion } from "./version.js";

interface WatchOptions {
  recursive?: boolean;
  prune?: boolean;
  dryRun?: boolean;
  allowEmpty?: boolean;
  selfHeal?: boolean;
  pruneNonemptyNamespaces?: boolean;
  applyset?: string;
  status?: boolean;
}

/**
 * `kdeck watch DIR`: applies a manifest folder, then keeps the cluster following it
 * (debounced, in dependency order, pruning what the folder drops) until ctrl-c.
 */
export function registerWatch(program: Command, ctx: CommandContext): void {
  program
    .command("watch")
    .summary("Apply a manifest folder and keep applying it as it changes")
    .description(
      "Apply every manifest in DIR, then apply again whenever a file changes: about 200 ms after\n" +
        "the last save, namespaces first and workloads last. Objects it applies join the folder's\n" +
        "apply set (kubectl's ApplySet: parent secret kdeck-watch-<folder> in -n's namespace); one\n" +
        "whose document leaves the folder is pruned. A file that does not parse or validate changes\n" +
        "nothing and holds every prune back until it is fixed. ctrl-c finishes the round in progress\n" +
        "and leaves everything applied.",
    )
    .usage("DIR [-R] [-n NAMESPACE] [--prune|--no-prune] [--dry-run] [flags]")
    .argument("<dir>", "the folder of .yaml, .yml and .json manifests")
    .option("-R, --recursive", "watch subfolders too")
    .option("--prune", "prune objects the folder no longer declares (the default)")
    .option("--no-prune", "never prune")
    .option("--dry-run", "report what each round would change, change nothing")
    .option("--allow-empty", "let a round prune every object when the folder declares none")
    .option("--self-heal", "re-apply an object changed in the cluster at once, not at the next round")
    .option("--prune-nonempty-namespaces", "prune a namespace the folder dropped even when it holds objects the watch did not apply")
    .option("--applyset <name>", "the apply set's parent secret (default kdeck-watch-<folder name>)")
    .option("--status", "print each file's and object's status (sync and health) and exit")
    .action(async (dir: string, opts: WatchOptions, cmd: Command) => {
      checkFolder(dir);
      const globals = globalsOf(cmd);
      const common = {
        dir,
        recursive: opts.recursive === true,
        namespace: globals.namespace,
        prune: opts.prune !== false,
        allowEmpty: opts.allowEmpty === true,
        pruneNonEmptyNamespaces: opts.pruneNonemptyNamespaces === true,
        toolingVersion: packageVersion(),
        ...(opts.applyset !== undefined ? { applySetName: opts.applyset } : {}),
      };
      if (opts.status) {
        const status = await withCluster(ctx, globals, (cluster) => inspectFolder({ cluster, ...common }));
        printStatus(ctx, status);
        return;
      }
      const cluster = openOrExplain(ctx, { db: globals.db, env: ctx.io.env });
      try {
        await runWatch(ctx, cluster, dir, new ManifestWatch({ cluster, ...common, dryRun: opts.dryRun === true, selfHeal: opts.selfHeal === true }));
      } finally {
        cluster.close();
      }
    });
}

function checkFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new Error(`the path "${dir}" does not exist`);
  }
  if (!stat.isDirectory()) throw new UsageError(`"${dir}" is not a directory: kdeck watch follows a folder (use apply -f for one file)`, "watch");
}

async function runWatch(ctx: CommandContext, cluster: Cluster, dir: string, watch: ManifestWatch): Promise<void> {
  // The engine runs here in real time, as in the console: pods follow the folder as it changes.
  cluster.startRealtime();
  const { name, namespace } = watch.applySet;
  println(ctx.io.stdout, `watching ${dir} (apply set secret/${name} in namespace ${namespace}); ctrl-c to stop`);
  watch.on("round", (r) => printRound(ctx, r));
  watch.on("error", (e) => println(ctx.io.stderr, `error: watching the folder: ${e.message}`));
  try {
    await watch.start();
    await untilAborted(ctx.io.signal);
  } finally {
    await watch.stop();
  }
  const n = watch.status().summary.objects;
  println(ctx.io.stdout, `stopped; ${n} ${n === 1 ? "object stays" : "objects stay"} applied`);
}

function clock(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

function printRound(ctx: CommandContext, r: RoundResult): void {
  println(ctx.io.stdout, `[${clock(r.startedAt)}] ${roundHeadline(r)}`);
  const { out, err } = roundLines(r);
  for (const line of out) println(ctx.io.stdout, line);
  for (const line of err) println(ctx.io.stderr, line);
}

const SYNC_WORDS = { synced: "Synced", "out-of-sync": "OutOfSync" } as const;
const HEALTH_WORDS = { ready: "Ready", progressing: "Progressing", degraded: "Degraded", unknown: "Unknown" } as const;

/** `kdeck watch DIR --status`: the files, then the objects, then what a prune would take. */
function printStatus(ctx: CommandContext, status: WatchStatus): void {
  const out = ctx.io.stdout;
  const round = status.lastRound;
  if (round?.fatal) println(ctx.io.stderr, `error: ${round.fatal}`);
  println(out, `folder ${status.dir}: apply set secret/${status.applySet.name} in namespace ${status.applySet.namespace}`);
  const s = status.summary;
  println(out, `${s.files} files (${s.fileErrors} with errors), ${s.objects} objects: ${s.synced} synced, ${s.outOfSync} out of sync; ${s.ready} ready, ${s.progressing} progressing, ${s.degraded} degraded`);
  println(out);
  const files = new TabWriter(GET_TABWRITER);
  files.write("FILE\tSTATUS\tOBJECTS\n");
  for (const f of status.files) files.write(`${f.path}\t${f.state}\t${f.objects.length}\n`);
  files.flush();
  out.write(files.toString());
  for (const f of status.files) for (const issue of f.issues) println(ctx.io.stderr, `error: ${formatIssue(issue)}`);
  if (status.objects.length > 0) {
    println(out);
    const objects = new TabWriter(GET_TABWRITER);
    objects.write("OBJECT\tNAMESPACE\tSYNC\tHEALTH\tREASON\n");
    for (const o of status.objects) {
      const reason = [o.syncReason, o.healthReason, o.healthMessage].filter((x) => x !== undefined && x !== "").join("; ");
      objects.write(`${o.name}\t${o.ref.namespace || "-"}\t${SYNC_WORDS[o.sync]}\t${HEALTH_WORDS[o.health]}\t${reason}\n`);
    }
    objects.flush();
    out.write(objects.toString());
  }
  if (status.prunePending.length > 0) {
    println(out);
    const why =
      s.fileErrors > 0
        ? "not declared by any readable file (a broken file may still declare them; nothing is pruned while files have errors)"
        : "no longer in the folder, pruned by the next round";
    println(out, `${why}: ${status.prunePending.join(", ")}`);
  }
}

/** What `apply --prune` passes on from its own flags. */
export interface ApplyPruneOptions {
  files: readonly string[];
  recursive: boolean;
  /** `none`, `client` or `server`. */
  dryRun: string;
  allowEmpty: boolean;
  applySet?: string;
  nameOnly: boolean;
}

/**
 * `kdeck apply -f DIR --prune`: one round of what a watch does, with the same apply
 * set, so that an apply and a watch of one folder agree on what they own.
 */
export async function applyWithPrune(ctx: CommandContext, cmd: Command, opts: ApplyPruneOptions): Promise<void> {
  const [dir, ...others] = opts.files;
  if (dir === undefined || others.length > 0 || dir === "-" || !isDirectory(dir)) {
    throw new UsageError("--prune needs -f with one folder: kdeck records what it applied in that folder's apply set (secret kdeck-watch-<folder>)", "apply");
  }
  const globals = globalsOf(cmd);
  const result = await withCluster(
    ctx,
    globals,
    (cluster) =>
      applyFolder({
        cluster,
        dir,
        recursive: opts.recursive,
        namespace: globals.namespace,
        strictNamespace: globals.namespaceExplicit,
        prune: true,
        dryRun: opts.dryRun !== "none",
        allowEmpty: opts.allowEmpty,
        toolingVersion: packageVersion(),
        ...(opts.applySet !== undefined ? { applySetName: opts.applySet } : {}),
      }),
    { mutating: opts.dryRun === "none" },
  );
  const { out, err } = roundLines(result, { listUnchanged: true, dryRunSuffix: opts.dryRun === "server" ? " (server dry run)" : " (dry run)" });
  for (const line of out) {
    if (line === "no changes") continue;
    println(ctx.io.stdout, opts.nameOnly ? line.split(" ")[0]! : line);
  }
  for (const line of err) println(ctx.io.stderr, line);
  if (!result.ok) throw new ExitStatus(1);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
