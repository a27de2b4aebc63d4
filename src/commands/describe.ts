import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { describeObject, type DescribeContext } from "../client/describe/index.js";
import { isApiError } from "../client/errors.js";
import { asKind, resourceOf, type KindInfo } from "../client/kinds.js";
import type { Event } from "../client/types.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { parseBoolFlag } from "./flags.js";
import { reportFailure } from "./report.js";
import { listOptionsFor, namespaceFor, parseResourceArgs, type ResourceRequest } from "./resource-args.js";

interface DescribeOptions {
  selector?: string;
  allNamespaces?: boolean;
  showEvents?: boolean;
}

/** `kdeck describe KIND [NAME_PREFIX…] | KIND/NAME`: kubectl describe, with each object's events. */
export function registerDescribe(program: Command, ctx: CommandContext): void {
  program
    .command("describe")
    .summary("Show details of a specific resource or group of resources")
    .description(
      "Show details of a resource or group of resources, with their events: describe pod nginx, describe nodes,\n" +
        "describe pods -l app=web. A name that matches no object is used as a prefix, as kubectl does.",
    )
    .argument("[resources...]", "TYPE [NAME_PREFIX…] or TYPE/NAME…")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("-A, --all-namespaces", "describe the requested objects across all namespaces")
    .option("--show-events [bool]", "if true, display events related to the described object", parseBoolFlag)
    .action(async (args: string[], opts: DescribeOptions, cmd: Command) => {
      if (args.length === 0) {
        throw new UsageError('You must specify the type of resource to describe. Use "kdeck api-resources" for a complete list of supported resources.', "describe");
      }
      const requests = parseResourceArgs(args, "describe");
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => runDescribe(ctx, cluster, globals, requests, opts));
    });
}

function runDescribe(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, requests: ResourceRequest[], opts: DescribeOptions): void {
  const failures: unknown[] = [];
  const objects: { kind: KindInfo; obj: KubeObject }[] = [];
  for (const r of requests) {
    for (const obj of find(cluster, globals, r, opts, failures)) objects.push({ kind: r.kind, obj });
  }
  if (objects.length === 0 && failures.length === 0) {
    const namespaced = requests.every((r) => r.kind.namespaced);
    println(ctx.io.stderr, namespaced && !opts.allNamespaces ? `No resources found in ${globals.namespace} namespace.` : "No resources found");
  }
  const dctx: DescribeContext = { now: cluster.now() };
  const events = opts.showEvents === false ? [] : cluster.list("events").map((e) => asKind<Event>(e));
  objects.forEach(({ kind, obj }, i) => {
    const text = describeObject(cluster, kind, obj, opts.showEvents === false ? [] : eventsAbout(obj, kind, events), dctx);
    ctx.io.stdout.write(i === 0 ? text : `\n\n${text}`);
  });
  for (const e of failures) reportFailure(e, ctx.io);
  if (failures.length > 0) throw new ExitStatus(1);
}

/** The named objects (exactly, else by name prefix, as kubectl describe matches), or all that match the selector. */
function find(cluster: Cluster, globals: GlobalOptions, r: ResourceRequest, opts: DescribeOptions, failures: unknown[]): KubeObject[] {
  const resource = resourceOf(r.kind);
  const list = (): KubeObject[] => cluster.list(resource, listOptionsFor(r.kind, globals.namespace, opts));
  if (r.names.length === 0) return list();
  const out: KubeObject[] = [];
  for (const name of r.names) {
    try {
      out.push(cluster.get(resource, namespaceFor(r.kind, globals.namespace), name));
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
      const prefixed = list().filter((o) => (o.metadata.name ?? "").startsWith(name));
      if (prefixed.length === 0) failures.push(e);
      out.push(...prefixed);
    }
  }
  return out;
}

/**
 * Events about `obj`: by uid, or by kind, name and namespace for events written without
 * one. Kubelets name a node by its name where controllers use its uid, and kubectl
 * describe node shows both.
 */
export function eventsAbout(obj: KubeObject, kind: KindInfo, events: readonly Event[]): Event[] {
  const uid = obj.metadata.uid;
  return events.filter((e) => {
    const ref = e.involvedObject;
    if (ref.uid && uid) return ref.uid === uid || (kind.kind === "Node" && ref.kind === "Node" && ref.uid === obj.metadata.name);
    return ref.kind === kind.kind && ref.name === obj.metadata.name && (!kind.namespaced || (ref.namespace ?? e.metadata.namespace) === obj.metadata.namespace);
  });
}
