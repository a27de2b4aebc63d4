import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { resourceOf } from "../client/kinds.js";
import { printTable, type Table } from "../client/printing.js";
import { ExitStatus, globalsOf, println, untilAborted, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";
import { formatObjects, sortObjects, type Found } from "./get-output.js";
import { parseOutputFormat, type OutputFormat } from "./output-format.js";
import { reportFailure } from "./report.js";
import { listOptionsFor, namespaceFor, parseResourceArgs, type ResourceRequest } from "./resource-args.js";
import { WatchTable, type TableLayout } from "./watch-table.js";

/** `get`'s flags, as commander hands them over. */
export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  sortBy?: string;
  /** False with --no-headers. */
  headers?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  ignoreNotFound?: boolean;
}

/** `kdeck get KIND[,KIND] [NAME…] | KIND/NAME…`: kubectl get over the cluster. */
export function registerGet(program: Command, ctx: CommandContext): void {
  program
    .command("get")
    .summary("Display one or many resources")
    .description(
      "Display one or many resources: get pods, get pods -o wide, get pod/nginx -o yaml, get nodes,pods -A.\n" +
        'Use "kdeck api-resources" for a complete list of supported resources.',
    )
    .argument("[resources...]", "TYPE[,TYPE…] [NAME…] or TYPE/NAME…")
    .option("-o, --output <format>", "output format: one of (json, yaml, name, wide, jsonpath=TEMPLATE)")
    .option("-l, --selector <selector>", "label selector to filter on (e.g. -l key1=value1,key2=value2)")
    .option("--field-selector <selector>", "field selector to filter on (e.g. --field-selector status.phase=Running)")
    .option("-A, --all-namespaces", "list the requested objects across all namespaces")
    .option("--show-labels", "show all labels as the last column")
    .option("-L, --label-columns <keys>", "a column for each of these label keys", collect)
    .option("--sort-by <jsonpath>", "sort list types using this JSONPath expression (e.g. '{.metadata.name}')")
    .option("--no-headers", "don't print headers")
    .option("-w, --watch", "after listing/getting the requested objects, watch for changes")
    .option("--watch-only", "watch for changes to the requested objects, without listing them first")
    .option("--ignore-not-found", "treat NotFound for named objects as a successful retrieval")
    .action(async (args: string[], opts: GetOptions, cmd: Command) => {
      if (args.length === 0) {
        throw new UsageError(
          'You must specify the type of resource to get. Use "kdeck api-resources" for a complete list of supported resources.',
          "get",
        );
      }
      const requests = parseResourceArgs(args, "get");
      const hasNames = requests.some((r) => r.names.length > 0);
      if (hasNames && opts.selector) throw new UsageError("name cannot be provided when a selector is specified", "get");
      if (hasNames && opts.allNamespaces) throw new UsageError("a resource cannot be retrieved by name across all namespaces", "get");
      const format = parseOutputFormat(opts.output, "get");
      const globals = globalsOf(cmd);
      const watching = opts.watch === true || opts.watchOnly === true;
      if (watching && requests.length > 1) {
        throw new Error(`watch is only supported on individual resources and resource collections, but ${requests.length} resources were found`);
      }
      await withCluster(ctx, globals, (cluster) =>
        watching ? watchObjects(ctx, cluster, globals, requests[0]!, opts, format) : getObjects(ctx, cluster, globals, requests, opts, format),
      );
    });
}

/** Lists or gets, prints, and reports names that were not found. */
function getObjects(
  ctx: CommandContext,
  cluster: Cluster,
  globals: GlobalOptions,
  requests: ResourceRequest[],
  opts: GetOptions,
  format: OutputFormat,
): void {
  const failures: unknown[] = [];
  const found: Found[] = requests.map((request) => ({ request, objects: fetch(cluster, globals, request, opts, failures) }));
  for (const f of found) f.objects = sortObjects(f.objects, opts.sortBy);
  const single = requests.length === 1 && requests[0]!.names.length === 1;
  const withKind = requests.length > 1 || requests.some((r) => r.viaCategory === true);
  const text = formatObjects(found, format, { now: cluster.now(), single, layout: layoutOf(opts, format), withKind });
  ctx.io.stdout.write(text);
  // kubectl says so whenever nothing at all was printed and nothing failed.
  if (text === "" && failures.length === 0 && !opts.ignoreNotFound) println(ctx.io.stderr, noResourcesMessage(requests, opts, globals));
  for (const e of failures) reportFailure(e, ctx.io);
  if (failures.length > 0) throw new ExitStatus(1);
}

function fetch(cluster: Cluster, globals: GlobalOptions, request: ResourceRequest, opts: GetOptions, failures: unknown[]): KubeObject[] {
  const resource = resourceOf(request.kind);
  if (request.names.length === 0) {
    return cluster.list(resource, listOptionsFor(request.kind, globals.namespace, opts));
  }
  const out: KubeObject[] = [];
  for (const name of request.names) {
    try {
      out.push(cluster.get(resource, namespaceFor(request.kind, globals.namespace), name));
    } catch (e) {
      if (isApiError(e, "NotFound") && opts.ignoreNotFound) continue;
      if (!isApiError(e)) throw e;
      failures.push(e);
    }
  }
  return out;
}

/** kubectl's wording: the namespace is named unless the request spans all of them. */
function noResourcesMessage(requests: ResourceRequest[], opts: GetOptions, globals: GlobalOptions): string {
  const namespaced = requests.every((r) => r.kind.namespaced);
  return namespaced && !opts.allNamespaces ? `No resources found in ${globals.namespace} namespace.` : "No resources found";
}

function layoutOf(opts: GetOptions, format: OutputFormat): TableLayout {
  return {
    wide: format.type === "table" && format.wide,
    withNamespace: opts.allNamespaces === true,
    showLabels: opts.showLabels === true,
    labelColumns: opts.labelColumns ?? [],
    noHeaders: opts.headers === false,
  };
}

/**
 * `get -w`: the current objects, then one line (or document) per change until ctrl-c.
 * This process runs the engine in real time when it can, so what is watched moves on.
 */
async function watchObjects(
  ctx: CommandContext,
  cluster: Cluster,
  globals: GlobalOptions,
  request: ResourceRequest,
  opts: GetOptions,
  format: OutputFormat,
): Promise<void> {
  cluster.startRealtime();
  const failures: unknown[] = [];
  const initial = opts.watchOnly ? [] : sortObjects(fetch(cluster, globals, request, opts, failures), opts.sortBy);
  for (const e of failures) reportFailure(e, ctx.io);
  if (failures.length > 0) throw new ExitStatus(1);
  const since = cluster.resourceVersion();
  const layout = layoutOf(opts, format);
  const table = new WatchTable({ ...layout, withNamespace: layout.withNamespace && request.kind.namespaced });
  const print = (objects: KubeObject[]): void => {
    if (objects.length === 0) return;
    if (format.type === "table") {
      const t: Table = printTable(request.kind.kind, objects, { now: cluster.now() });
      ctx.io.stdout.write(table.render(t));
    } else {
      for (const o of objects) {
        ctx.io.stdout.write(formatObjects([{ request, objects: [o] }], format, { now: cluster.now(), single: true, layout, withKind: false }));
      }
    }
  };
  if (initial.length === 0 && !opts.watchOnly && format.type === "table") {
    println(ctx.io.stderr, noResourcesMessage([request], opts, globals));
  }
  print(initial);
  const names = new Set(request.names);
  const stop = cluster.watch(
    resourceOf(request.kind),
    { resourceVersion: since, ...listOptionsFor(request.kind, globals.namespace, opts) },
    (ev) => {
      if (names.size > 0 && !names.has(ev.object.metadata.name ?? "")) return;
      print([ev.object]);
    },
  );
  try {
    await untilAborted(ctx.io.signal);
  } finally {
    stop();
  }
}
