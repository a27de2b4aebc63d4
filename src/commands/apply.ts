import type { Command } from "commander";
import type { ApplyResult, Cluster, KubeObject } from "../client/cluster.js";
import { formatFieldError, isApiError, type ApiError } from "../client/errors.js";
import { kindForObject, RegistryError, resourceOf, type KindInfo } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";
import { documentError, documentPosition, loadManifests, sourceName, type ManifestDocument } from "./manifest-input.js";
import { objectRef } from "./resource-args.js";
import { applyWithPrune } from "./watch.js";

interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string;
  output?: string;
  prune?: boolean;
  allowEmpty?: boolean;
  applyset?: string;
}

/** `kdeck apply -f FILE|DIR|- [-R] [--dry-run=client|server|none]`: kubectl's client-side apply of every document. */
export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command("apply")
    .summary("Apply a configuration to a resource by file name or stdin")
    .description(
      "Apply a configuration to resources by file name or stdin: creates what does not exist and merges changes\n" +
        "into what does. Every valid document is applied even when others fail; each failure names its file,\n" +
        "document and line.",
    )
    .option("-f, --filename <file>", "files or directories that contain the configuration to apply ('-' for stdin)", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("--dry-run <strategy>", "none, server or client: only print the objects that would be sent")
    .option("-o, --output <format>", "only 'name' is supported")
    .option("--prune", "with -f DIR: also delete what an earlier apply --prune or kdeck watch of the folder created and the folder no longer declares")
    .option("--allow-empty", "with --prune: allow pruning every object when the folder declares none")
    .option("--applyset <name>", "with --prune: the apply set's parent secret (default kdeck-watch-<folder name>)")
    .action(async (opts: ApplyOptions, cmd: Command) => {
      const files = opts.filename ?? [];
      if (files.length === 0) throw new UsageError("must specify one of -f and -k", "apply");
      const dryRun = opts.dryRun ?? "none";
      if (!["none", "client", "server"].includes(dryRun)) {
        throw new UsageError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`, "apply");
      }
      if (opts.output !== undefined && opts.output !== "name") {
        throw new UsageError(`unable to match a printer suitable for the output format "${opts.output}", allowed formats are: name`, "apply");
      }
      if (opts.prune) {
        const applySet = opts.applyset !== undefined ? { applySet: opts.applyset } : {};
        const pruneOpts = { files, recursive: opts.recursive === true, dryRun, allowEmpty: opts.allowEmpty === true, nameOnly: opts.output === "name", ...applySet };
        return applyWithPrune(ctx, cmd, pruneOpts);
      }
      const documents = await loadManifests(ctx, files, opts.recursive === true);
      if (documents.length === 0) throw new Error("no objects passed to apply");
      const globals = globalsOf(cmd);
      const failures = await withCluster(ctx, globals, (cluster) => applyAll(ctx, cluster, globals, documents, dryRun, opts.output === "name"), {
        mutating: dryRun === "none",
      });
      if (failures > 0) throw new ExitStatus(1);
    });
}

/** Applies every usable document in order; returns how many failed. */
function applyAll(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, documents: ManifestDocument[], dryRun: string, nameOnly: boolean): number {
  let failures = 0;
  const suffix = dryRun === "server" ? " (server dry run)" : dryRun === "client" ? " (dry run)" : "";
  for (const doc of documents) {
    if (!doc.object) {
      println(ctx.io.stderr, documentError(doc, doc.error?.message ?? "invalid document"));
      failures++;
      continue;
    }
    let kind: KindInfo;
    try {
      kind = kindForObject(doc.object.apiVersion, doc.object.kind);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      println(ctx.io.stderr, `error: resource mapping not found for "${sourceName(doc)}" (${documentPosition(doc, doc.locate("kind").line)}): ${e.message}`);
      failures++;
      continue;
    }
    const object = withNamespace(doc.object, kind, globals);
    if (typeof object === "string") {
      println(ctx.io.stderr, `error: ${object}`);
      failures++;
      continue;
    }
    let existed = false;
    try {
      existed = object.metadata.name !== undefined && cluster.tryGet(resourceOf(kind), object.metadata.namespace ?? "", object.metadata.name) !== undefined;
      const result: ApplyResult = cluster.apply(object, { dryRun: dryRun !== "none" });
      const ref = objectRef(kind, result.object);
      println(ctx.io.stdout, nameOnly ? ref : `${ref} ${result.action}${suffix}`);
    } catch (e) {
      if (!isApiError(e)) throw e;
      for (const line of applyErrorLines(doc, e, existed)) println(ctx.io.stderr, line);
      failures++;
    }
  }
  return failures;
}

/**
 * The namespace an object is applied in: its own, else `-n`, else default. kubectl
 * refuses a manifest whose namespace contradicts an explicit `-n`.
 */
function withNamespace(obj: KubeObject, kind: KindInfo, globals: GlobalOptions): KubeObject | string {
  if (!kind.namespaced) return obj;
  const own = obj.metadata.namespace;
  if (own && globals.namespaceExplicit && own !== globals.namespace) {
    return `the namespace from the provided object "${own}" does not match the namespace "${globals.namespace}". You must pass '--namespace=${own}' to perform this operation.`;
  }
  return own ? obj : { ...obj, metadata: { ...obj.metadata, namespace: globals.namespace } };
}

/**
 * How an API refusal reads: a validation error names each failing field at its own
 * line; anything else is kubectl's `Error from server (…): error when creating "f" …`.
 */
export function applyErrorLines(doc: ManifestDocument, e: ApiError, existed: boolean): string[] {
  const name = sourceName(doc);
  if (e.reason === "Invalid" && e.causes.length > 0) {
    return e.causes.map((c) => `error: error validating "${name}" (${documentPosition(doc, doc.locate(c.field).line)}): ${formatFieldError(c)}`);
  }
  if (e.reason === "Invalid") return [`error: error validating "${name}" (${documentPosition(doc)}): ${e.message}`];
  // Decoding errors (unknown fields, wrong types) name their fields: point at the first.
  const field = e.causes[0]?.field;
  const line = field ? doc.locate(field).line : doc.line;
  const verb = existed ? "applying" : "creating";
  return [`Error from server (${e.reason}): error when ${verb} "${name}" (${documentPosition(doc, line)}): ${e.message}`];
}
