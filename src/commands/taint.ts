/** `kdeck taint nodes NAME… | -l SEL | --all KEY[=VALUE]:EFFECT[-]…`, as kubectl taint. */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { resolveResourceArg } from "../client/kinds.js";
import { formatJson, formatYaml } from "../client/output/index.js";
import type { Node } from "../client/types.js";
import { acceptBoolValues } from "./bool-flags.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext } from "./context.js";
import { reportFailure } from "./report.js";
import { parseTaints, reorganizeTaints, TaintSpecError } from "./taint-spec.js";

interface TaintOptions {
  selector?: string;
  all?: boolean;
  overwrite?: boolean;
  dryRun?: string;
  output?: string;
}

const DESCRIPTION =
  "Update the taints on one or more nodes.\n\n" +
  "  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n" +
  "  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n" +
  "  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n" +
  "  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n" +
  "  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n" +
  "  *  Currently taint can only apply to node.\n\n" +
  "  NoExecute evicts the pods that do not tolerate the taint (those that do, after their tolerationSeconds).\n\n" +
  "Examples:\n" +
  "  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n" +
  "  # If a taint with that key and effect already exists, its value is replaced as specified\n" +
  "  kdeck taint nodes foo dedicated=special-user:NoSchedule\n\n" +
  "  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n" +
  "  kdeck taint nodes foo dedicated:NoSchedule-\n\n" +
  "  # Remove from node 'foo' all the taints with key 'dedicated'\n" +
  "  kdeck taint nodes foo dedicated-\n\n" +
  "  # Add a taint with key 'dedicated' on nodes having label myLabel=X\n" +
  "  kdeck taint node -l myLabel=X  dedicated=foo:PreferNoSchedule\n\n" +
  "  # Add to node 'foo' a taint with key 'bar' and no value\n" +
  "  kdeck taint nodes foo bar:NoSchedule";

export function registerTaint(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("taint")
    .summary("Update the taints on one or more nodes")
    .description(DESCRIPTION)
    .usage("NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [flags]")
    .argument("[args...]", "nodes NAME… then KEY[=VALUE]:EFFECT… (a trailing - removes)")
    .option("-l, --selector <selector>", "label selector to filter nodes on")
    .option("--all", "select all nodes in the cluster")
    .option("--overwrite", "allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints")
    .option("--dry-run <strategy>", 'must be "none", "server", or "client"')
    .option("-o, --output <format>", "output format: json, yaml or name")
    .action(async (args: string[], opts: TaintOptions, command: Command) => {
      const { names, change } = parseArgs(args, opts);
      const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none";
      const failed = await withCluster(ctx, globalsOf(command), (cluster) => taintNodes(ctx, cluster, names, change, opts), { mutating: !dryRun });
      if (failed) throw new ExitStatus(1);
    });
  acceptBoolValues(cmd);
}

type Change = ReturnType<typeof parseTaints>;

/** TaintOptions.Complete and Validate: resources before taints, a node type, taints that parse and do not conflict. */
function parseArgs(args: readonly string[], opts: TaintOptions): { names: string[]; change: Change } {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of args) {
    const isTaint = s.includes("=") || s.includes(":") || s.endsWith("-");
    if (isTaint) specs.push(s);
    else if (specs.length > 0) throw new UsageError(`all resources must be specified before taint changes: ${s}`, "taint");
    else resources.push(s);
  }
  if (resources.length < 1) throw new UsageError("one or more resources must be specified as <resource> <name>", "taint");
  if (specs.length < 1) throw new UsageError("at least one taint update is required", "taint");
  let change: Change;
  try {
    change = parseTaints(specs);
  } catch (e) {
    if (e instanceof TaintSpecError) throw new UsageError(e.message, "taint");
    throw e;
  }
  const type = resources[0]!.toLowerCase();
  if (resolveResourceArg(type).kind !== "Node") throw new UsageError(`invalid resource type ${type}, only node types are supported`, "taint");
  const conflicts = change.add.flatMap((a) => change.remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `{"${r.key}":"${r.effect ?? ""}"}`));
  if (conflicts.length > 0) throw new UsageError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(", ")}`, "taint");
  if (opts.all && opts.selector) throw new UsageError("setting 'all' parameter with a non empty selector is prohibited", "taint");
  if (!opts.all && !opts.selector && resources.length < 2) throw new UsageError("at least one resource name must be specified since 'all' parameter is not set", "taint");
  if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
    throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, "taint");
  }
  if (opts.output !== undefined && !["yaml", "json", "name"].includes(opts.output)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,name,yaml`, "taint");
  }
  return { names: opts.all || opts.selector ? [] : resources.slice(1), change };
}

/** Applies the change to each node; returns true when any failed (each failure printed as kubectl prints it). */
function taintNodes(ctx: CommandContext, cluster: Cluster, names: readonly string[], change: Change, opts: TaintOptions): boolean {
  const nodes: (KubeObject | string)[] = opts.all ? cluster.list("nodes") : opts.selector ? cluster.list("nodes", { labelSelector: opts.selector }) : [...names];
  const suffix = opts.dryRun === "server" ? " (server dry run)" : opts.dryRun === "client" ? " (dry run)" : "";
  let failed = false;
  for (const entry of nodes) {
    try {
      const obj = typeof entry === "string" ? cluster.get("nodes", "", entry) : entry;
      const name = obj.metadata.name ?? "";
      const current = (obj.spec as Node["spec"])?.taints ?? [];
      const { operation, taints } = reorganizeTaints(name, current, change, opts.overwrite === true);
      let result: KubeObject = { ...obj, spec: { ...(obj.spec as object), taints } };
      if (opts.dryRun !== "client") {
        result = cluster.patch("nodes", "", name, { spec: { taints: taints.length > 0 ? taints : null } }, "merge", { dryRun: opts.dryRun === "server" });
      }
      if (opts.output === "yaml") ctx.io.stdout.write(formatYaml([result], true));
      else if (opts.output === "json") ctx.io.stdout.write(formatJson([result], true));
      else println(ctx.io.stdout, `node/${name} ${operation}${suffix}`);
    } catch (e) {
      if (e instanceof TaintSpecError) println(ctx.io.stderr, `error: ${e.message}`);
      else if (isApiError(e)) reportFailure(e, ctx.io);
      else throw e;
      failed = true;
    }
  }
  return failed;
}
