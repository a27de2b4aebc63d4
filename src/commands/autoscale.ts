/**
 * `kdeck autoscale (TYPE NAME | TYPE/NAME | -f FILE) --max=MAXPODS [--min=MINPODS]
 * [--cpu-percent=CPU] [--name=NAME]`: kubectl's autoscale, a HorizontalPodAutoscaler
 * (autoscaling/v2) for a Deployment, ReplicaSet, StatefulSet or ReplicationController.
 */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import type { KindInfo } from "../client/kinds.js";
import { formatJson, formatYaml } from "../client/output/index.js";
import { globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { addGeneratorFlags, dryRunOf, type GeneratorFlags } from "./create-objects.js";
import { collect, parseIntFlag } from "./flags.js";
import { parseOutputFormat } from "./output-format.js";
import { objectRef } from "./resource-args.js";
import { resolveTargets } from "./rollout-target.js";

interface AutoscaleFlags extends GeneratorFlags {
  min: number;
  max: number;
  cpuPercent: number;
  name?: string;
  filename?: string[];
  recursive?: boolean;
}

/** The kinds with a scale subresource, as the scale kind resolver knows them. */
const SCALABLE: Record<string, string> = {
  "apps/Deployment": "apps/v1",
  "apps/ReplicaSet": "apps/v1",
  "apps/StatefulSet": "apps/v1",
  "/ReplicationController": "v1",
};

/** kubectl's resource string for a kind's plural: `pods` → `/v1, Resource=pods`. */
function gvr(kind: KindInfo): string {
  return `${kind.group}/${kind.version}, Resource=${kind.plural}`;
}

/** createHorizontalPodAutoscalerV2: the autoscaler kubectl sends. */
export function buildHorizontalPodAutoscaler(kind: KindInfo, target: KubeObject, flags: Pick<AutoscaleFlags, "min" | "max" | "cpuPercent" | "name">, namespace: string): KubeObject {
  const apiVersion = SCALABLE[`${kind.group}/${kind.kind}`];
  if (!apiVersion) throw new Error(`cannot autoscale a ${kind.kind}: could not find scale subresource for ${gvr(kind)} in discovery information`);
  const name = flags.name || (target.metadata.name ?? "");
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace },
    spec: {
      scaleTargetRef: { apiVersion, kind: kind.kind, name: target.metadata.name ?? "" },
      ...(flags.min > 0 ? { minReplicas: flags.min } : {}),
      maxReplicas: flags.max,
      ...(flags.cpuPercent >= 0 ? { metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: flags.cpuPercent } } }] } : {}),
    },
  };
}

export function registerAutoscale(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("autoscale")
    .summary("Auto-scale a deployment, replica set, stateful set, or replication controller")
    .description(
      "Creates an autoscaler that automatically chooses and sets the number of pods that run in the cluster.\n\n" +
        "Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses\n" +
        "the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within\n" +
        "the system as needed.\n\n" +
        "Examples:\n" +
        '  # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used\n' +
        "  kdeck autoscale deployment foo --min=2 --max=10\n\n" +
        '  # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%\n' +
        "  kdeck autoscale rc foo --max=5 --cpu-percent=80",
    )
    .usage("(-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]")
    .argument("[resources...]", "TYPE NAME or TYPE/NAME")
    .option("--min <pods>", "the lower limit for the number of pods that can be set by the autoscaler; if not specified or negative, the server will apply a default value", parseIntFlag, -1)
    .option("--max <pods>", "the upper limit for the number of pods that can be set by the autoscaler (required)", parseIntFlag, -1)
    .option("--cpu-percent <percent>", "the target average CPU utilization (as a percent of requested CPU) over all the pods; if not specified or negative, a default autoscaling policy will be used", parseIntFlag, -1)
    .option("--name <name>", "the name for the newly created object; if not specified, the name of the input resource will be used")
    .option("-f, --filename <file>", "filename, directory, or URL to files identifying the resource to autoscale", collect)
    .option("-R, --recursive", "process the directory used in -f, --filename recursively");
  addGeneratorFlags(cmd).action(async (args: string[], flags: AutoscaleFlags, self: Command) => {
    // AutoscaleOptions.Validate: an error, not a usage error (exit 1).
    if (flags.max < 1) throw new Error(`--max=MAXPODS is required and must be at least 1, max: ${flags.max}`);
    if (flags.max < flags.min) throw new Error(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${flags.max}, min: ${flags.min}`);
    const dryRun = dryRunOf(flags, "autoscale");
    const format = parseOutputFormat(flags.output, "autoscale");
    if (format.type === "table" && flags.output) throw new UsageError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,name,yaml`, "autoscale");
    const globals = globalsOf(self);
    await withCluster(ctx, globals, (cluster) => runAutoscale(ctx, cluster, globals, args, flags, dryRun, format.type), { mutating: dryRun === "none" });
  });
}

async function runAutoscale(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, args: string[], flags: AutoscaleFlags, dryRun: string, output: string): Promise<void> {
  const targets = await resolveTargets(ctx, cluster, globals, args, flags, "autoscale");
  if (targets.length === 0) throw new Error("no objects passed to autoscale");
  const hpaKind = { kind: "HorizontalPodAutoscaler", group: "autoscaling" };
  for (const t of targets) {
    const hpa = buildHorizontalPodAutoscaler(t.kind, t.obj, flags, t.obj.metadata.namespace ?? globals.namespace);
    const created = dryRun === "client" ? hpa : cluster.create(hpa, { dryRun: dryRun === "server", fieldManager: "kubectl-autoscale" });
    const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
    if (output === "yaml") ctx.io.stdout.write(formatYaml([created], true));
    else if (output === "json") ctx.io.stdout.write(formatJson([created], true));
    else if (output === "name") println(ctx.io.stdout, objectRef(hpaKind, created));
    else println(ctx.io.stdout, `${objectRef(hpaKind, created)} autoscaled${suffix}`);
  }
}
