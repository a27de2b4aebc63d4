/** `kdeck set image TYPE/NAME CONTAINER=IMAGE…`: update the images of a workload's (or pod's) containers. */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { resourceOf } from "../client/kinds.js";
import type { Container } from "../client/types.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { collect } from "./flags.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface SetImageOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  record?: boolean;
  dryRun?: string;
}

interface PodSpecShape {
  containers?: Container[];
  initContainers?: Container[];
}

/** Where a kind keeps its pod spec, as a path of fields (kubectl's UpdatePodSpecForObject). */
function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case "Pod":
      return ["spec"];
    case "ReplicationController":
    case "Deployment":
    case "DaemonSet":
    case "ReplicaSet":
    case "StatefulSet":
    case "Job":
      return ["spec", "template", "spec"];
    case "CronJob":
      return ["spec", "jobTemplate", "spec", "template", "spec"];
    default:
      return undefined;
  }
}

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const p of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

/** Wraps `leaf` in the objects of `path`: `{spec: {template: {spec: leaf}}}`. */
function nest(path: readonly string[], leaf: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf);
}

export function registerSet(program: Command, ctx: CommandContext): void {
  const set = program.command("set").summary("Set specific features on objects").description("Configure application resources: set image.");
  set
    .command("image")
    .summary("Update the image of a pod template")
    .description(
      "Update existing container image(s) of resources: pods, replicationcontrollers, deployments, daemonsets,\n" +
        "statefulsets, replicasets, jobs and cronjobs. `*=IMAGE` updates every container.\n\n" +
        "Examples:\n  kdeck set image deployment/nginx nginx=nginx:1.9.1\n  kdeck set image daemonset abc *=nginx:1.9.1",
    )
    .usage("(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N")
    .argument("[args...]")
    .option("-f, --filename <file>", "files identifying the resources to update", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .option("-l, --selector <selector>", "label selector to filter on")
    .option("--all", "select all resources of the given types in the namespace")
    .option("--record", "record the command in the resource's kubernetes.io/change-cause annotation (deprecated)")
    .option("--dry-run <strategy>", "none, server or client")
    .action(async (args: string[], opts: SetImageOptions, cmd: Command) => {
      const resources = args.filter((a) => !a.includes("="));
      const pairs = args.filter((a) => a.includes("="));
      if (pairs.length === 0) throw new UsageError("at least one image update is required", "set");
      const images = new Map<string, string>();
      for (const p of pairs) {
        const i = p.indexOf("=");
        const name = p.slice(0, i);
        const image = p.slice(i + 1);
        if (!name || !image) throw new UsageError(`invalid image specification: ${p}`, "set");
        images.set(name, image);
      }
      if (opts.dryRun !== undefined && !["none", "client", "server"].includes(opts.dryRun)) {
        throw new UsageError(`Invalid dry-run value (${opts.dryRun}). Must be "none", "server", or "client".`, "set");
      }
      const globals = globalsOf(cmd);
      const dryRun = opts.dryRun !== undefined && opts.dryRun !== "none";
      const record = `kdeck set image ${args.join(" ")}${opts.record ? " --record=true" : ""}`;
      await withCluster(ctx, globals, (cluster) => runSetImage(ctx, cluster, globals, resources, images, opts, record), { mutating: !dryRun });
    });
  set.commands.forEach((c) => c.helpOption("-h, --help", `help for ${c.name()}`));
}

async function runSetImage(
  ctx: CommandContext,
  cluster: Cluster,
  globals: GlobalOptions,
  resources: string[],
  images: ReadonlyMap<string, string>,
  opts: SetImageOptions,
  record: string,
): Promise<void> {
  const suffix = opts.dryRun === "server" ? " (server dry run)" : opts.dryRun === "client" ? " (dry run)" : "";
  for (const t of await resolveTargets(ctx, cluster, globals, resources, opts, "set")) {
    const path = podSpecPath(t.kind.kind);
    if (!path) throw new Error(`${resourceOf(t.kind)}/${t.obj.metadata.name} does not contain a pod spec`);
    const spec = (at(t.obj, path) ?? {}) as PodSpecShape;
    const patch = imagePatch(spec, images);
    if (!patch) continue;
    let body = nest(path, patch) as Record<string, unknown>;
    if (opts.record) body = { ...body, metadata: { annotations: { "kubernetes.io/change-cause": record } } };
    if (opts.dryRun !== "client") {
      cluster.patch(resourceOf(t.kind), t.obj.metadata.namespace ?? "", t.obj.metadata.name ?? "", body, "strategic", { dryRun: opts.dryRun === "server" });
    }
    println(ctx.io.stdout, `${objectRef(t.kind, t.obj as KubeObject)} image updated${suffix}`);
  }
}

/**
 * The containers to change, by name (a strategic-merge list), or undefined when every
 * image is already as asked. Throws kubectl's message for a container that is not there.
 */
function imagePatch(spec: PodSpecShape, images: ReadonlyMap<string, string>): PodSpecShape | undefined {
  const containers: Container[] = [];
  const initContainers: Container[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const [list, out] of [
      [spec.initContainers ?? [], initContainers],
      [spec.containers ?? [], containers],
    ] as const) {
      for (const c of list) {
        if (name !== "*" && c.name !== name) continue;
        found = true;
        if (c.image !== image) out.push({ name: c.name, image });
      }
    }
    if (!found) throw new Error(`unable to find container named "${name}"`);
  }
  if (containers.length === 0 && initContainers.length === 0) return undefined;
  return { ...(containers.length ? { containers } : {}), ...(initContainers.length ? { initContainers } : {}) };
}
