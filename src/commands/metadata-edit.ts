/**
 * What `label` and `annotate` share, after kubectl's cmd/label and cmd/annotate: the
 * resources and KEY=VALUE / KEY- arguments, the targets, the overwrite rule, the
 * patch through the API, and the printed result.
 */
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { resourceOf } from "../client/kinds.js";
import { formatJson, formatYaml } from "../client/output/index.js";
import { ExitStatus, println, UsageError, type CommandContext, type GlobalOptions } from "./context.js";
import { reportFailure } from "./report.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets, type Target } from "./rollout-target.js";

/** The flags `label` and `annotate` both take. */
export interface MetadataEditOptions {
  overwrite?: boolean;
  list?: boolean;
  all?: boolean;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
}

/** Keys to set and keys to remove. */
export interface PairChange {
  set: Record<string, string>;
  remove: string[];
}

/** How one verb differs from the other. */
export interface MetadataVerb {
  verb: "label" | "annotate";
  field: "labels" | "annotations";
  /** `label`, `annotation`: as the messages name one. */
  pairType: string;
  parse(pairs: readonly string[]): PairChange;
  /** The refusal for keys that have another value, without --overwrite (`[key, current value]`). */
  overwriteError(conflicts: readonly (readonly [string, string])[]): string;
  /** The word printed after `kind/name`. */
  message(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string;
  /** `label` says `label "x" not found.` for each absent key it was asked to remove. */
  reportAbsentRemovals: boolean;
}

/** A refusal worded as kubectl words it, for one object. */
class EditError extends Error {}

/**
 * cmdutil.GetResourcesAndPairs: arguments before the first `k=v` or `k-` are
 * resources, the rest are changes; a resource after a change is an error.
 */
export function splitResourcesAndPairs(args: readonly string[], pairType: string, verb: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes("=") && !s.startsWith("=")) || (s.endsWith("-") && s !== "-");
    if (isPair) pairs.push(s);
    else if (pairs.length > 0) throw new UsageError(`all resources must be specified before ${pairType} changes: ${s}`, verb);
    else resources.push(s);
  }
  return { resources, pairs };
}

/** Runs `label` or `annotate` over the arguments; reports each object's failure and exits 1 if any. */
export async function runMetadataEdit(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: MetadataEditOptions, spec: MetadataVerb): Promise<void> {
  const { resources, pairs } = splitResourcesAndPairs(args, spec.pairType, spec.verb);
  const change = spec.parse(pairs);
  checkOptions(resources, change, opts, spec);
  const targets = await resolveTargets(ctx, cluster, globals, resources, opts, spec.verb);
  const single = targets.length === 1 && !opts.selector && !opts.all && !opts.fieldSelector;
  if (opts.resourceVersion && !single) throw new UsageError("--resource-version may only be used with a single resource", spec.verb);
  let failed = false;
  for (const t of targets) {
    try {
      editOne(ctx, cluster, t, change, opts, spec, single);
    } catch (e) {
      if (e instanceof EditError) println(ctx.io.stderr, `error: ${e.message}`);
      else if (isApiError(e)) reportFailure(e, ctx.io);
      else throw e;
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}

function checkOptions(resources: readonly string[], change: PairChange, opts: MetadataEditOptions, spec: MetadataVerb): void {
  if (opts.list && opts.output) throw new UsageError("--list and --output may not be specified together", spec.verb);
  if (opts.all && opts.selector) throw new UsageError("cannot set --all and --selector at the same time", spec.verb);
  if (opts.all && opts.fieldSelector) throw new UsageError("cannot set --all and --field-selector at the same time", spec.verb);
  if (resources.length === 0 && (opts.filename ?? []).length === 0) {
    throw new UsageError("one or more resources must be specified as <resource> <name> or <resource>/<name>", spec.verb);
  }
  if (Object.keys(change.set).length === 0 && change.remove.length === 0 && !opts.list) {
    throw new UsageError(`at least one ${spec.pairType} update is required`, spec.verb);
  }
  if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
    throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, spec.verb);
  }
  if (opts.output !== undefined && !["yaml", "json", "name"].includes(opts.output)) {
    throw new UsageError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: json,name,yaml`, spec.verb);
  }
}

function editOne(ctx: CommandContext, cluster: Cluster, t: Target, change: PairChange, opts: MetadataEditOptions, spec: MetadataVerb, single: boolean): void {
  const obj = t.obj;
  const before: Record<string, string> = { ...(obj.metadata[spec.field] ?? {}) };
  if (!opts.overwrite) {
    const conflicts = Object.entries(change.set).filter(([k, v]) => k in before && before[k] !== v).map(([k]) => [k, before[k]!] as const);
    if (conflicts.length > 0) throw new EditError(spec.overwriteError(conflicts));
  }
  const after: Record<string, string> = { ...before, ...change.set };
  for (const k of change.remove) delete after[k];
  const dryRun = opts.dryRun === "client" || opts.dryRun === "server" ? opts.dryRun : undefined;
  let result: KubeObject = { ...obj, metadata: { ...obj.metadata, [spec.field]: after } };
  if (opts.list) {
    printList(ctx, t, after, spec, single);
    return;
  }
  if (dryRun !== "client") {
    if (spec.reportAbsentRemovals) for (const k of change.remove) if (!(k in before)) println(ctx.io.stdout, `${spec.pairType} "${k}" not found.`);
    const patchMap: Record<string, string | null> = { ...change.set };
    for (const k of change.remove) patchMap[k] = null;
    const metadata: Record<string, unknown> = { [spec.field]: patchMap };
    if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
    result = cluster.patch(resourceOf(t.kind), obj.metadata.namespace ?? "", obj.metadata.name ?? "", { metadata }, "merge", { dryRun: dryRun === "server" });
  }
  printResult(ctx, t, result, spec.message(before, after), opts.output, dryRun);
}

function printList(ctx: CommandContext, t: Target, values: Readonly<Record<string, string>>, spec: MetadataVerb, single: boolean): void {
  const indent = single ? "" : " ";
  if (!single) println(ctx.io.stdout, `Listing ${spec.field} for ${t.kind.kind}.${t.kind.group}/${t.obj.metadata.name ?? ""}:`);
  for (const k of Object.keys(values).sort()) println(ctx.io.stdout, `${indent}${k}=${values[k]}`);
}

function printResult(ctx: CommandContext, t: Target, obj: KubeObject, message: string, output: string | undefined, dryRun: "client" | "server" | undefined): void {
  if (output === "yaml") ctx.io.stdout.write(formatYaml([obj], true));
  else if (output === "json") ctx.io.stdout.write(formatJson([obj], true));
  else {
    const suffix = dryRun === "server" ? " (server dry run)" : dryRun === "client" ? " (dry run)" : "";
    println(ctx.io.stdout, `${objectRef(t.kind, obj)} ${message}${suffix}`);
  }
}
