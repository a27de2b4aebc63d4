/** The objects a `rollout`, `scale` or `set image` call names: TYPE NAME…, TYPE/NAME…, or -f FILE. */
import type { Cluster, KubeObject } from "../client/cluster.js";
import { kindForObject, resourceOf, type KindInfo } from "../client/kinds.js";
import { UsageError, type CommandContext, type GlobalOptions } from "./context.js";
import { documentError, loadManifests } from "./manifest-input.js";
import { listOptionsFor, namespaceFor, parseResourceArgs } from "./resource-args.js";

/** One named object, read from the cluster. */
export interface Target {
  kind: KindInfo;
  obj: KubeObject;
}

export interface TargetOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  /** With -l or --all: every namespace. */
  allNamespaces?: boolean;
}

/**
 * Resolves the arguments into objects, reading each from the cluster (a missing one
 * throws the API's NotFound). `verb` names the command in usage messages.
 */
export async function resolveTargets(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], opts: TargetOptions, verb: string): Promise<Target[]> {
  const files = opts.filename ?? [];
  if (files.length > 0 && args.length > 0) throw new UsageError("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well", verb);
  if (files.length > 0) {
    const out: Target[] = [];
    for (const doc of await loadManifests(ctx, files, opts.recursive === true)) {
      if (!doc.object) throw new Error(documentError(doc, doc.error?.message ?? "invalid document").replace(/^error: /, ""));
      const kind = kindForObject(doc.object.apiVersion, doc.object.kind);
      const ns = kind.namespaced ? (doc.object.metadata?.namespace ?? globals.namespace) : "";
      out.push({ kind, obj: cluster.get(resourceOf(kind), ns, doc.object.metadata?.name ?? "") });
    }
    return out;
  }
  if (args.length === 0) throw new UsageError("required resource not specified", verb);
  const out: Target[] = [];
  for (const r of parseResourceArgs(args, verb)) {
    if (r.names.length === 0) {
      if (!opts.selector && !opts.all) throw new UsageError("resource(s) were provided, but no name was specified", verb);
      for (const obj of cluster.list(resourceOf(r.kind), listOptionsFor(r.kind, globals.namespace, opts))) out.push({ kind: r.kind, obj });
      continue;
    }
    for (const name of r.names) out.push({ kind: r.kind, obj: cluster.get(resourceOf(r.kind), namespaceFor(r.kind, globals.namespace), name) });
  }
  return out;
}
