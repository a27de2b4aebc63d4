/** `kdeck create job NAME --image=I [-- COMMAND [args…]]` and `--from=cronjob/NAME`, as kubectl's generator builds them. */
import type { Command } from "commander";
import type { Cluster, KubeObject } from "../client/cluster.js";
import { asKind, kindForResource, resolveResourceArg, type KindInfo } from "../client/kinds.js";
import type { CronJob } from "../client/types.js";
import { UsageError, type CommandContext, type GlobalOptions } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";

interface CreateJobFlags extends GeneratorFlags {
  image?: string;
  from?: string;
}

/** The annotation kubectl marks a Job made from a CronJob by hand with. */
const INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate";

const jobKind = (): KindInfo => kindForResource("jobs.batch")!;

/** createJob: one container named after the Job, running the command, never restarted. */
export function buildJob(name: string, image: string, command: readonly string[]): KubeObject {
  const container: Record<string, unknown> = { name, image, resources: {} };
  if (command.length > 0) container.command = [...command];
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { containers: [container], restartPolicy: "Never" } } },
    status: {},
  };
}

/**
 * createJobFromCronJob: the CronJob's job template with its labels, its annotations
 * plus `cronjob.kubernetes.io/instantiate: manual`, and the CronJob as (non-controlling) owner.
 */
export function buildJobFromCronJob(name: string, cronJob: CronJob): KubeObject {
  const template = cronJob.spec?.jobTemplate;
  const annotations = { [INSTANTIATE_ANNOTATION]: "manual", ...(template?.metadata?.annotations ?? {}) };
  const metadata: KubeObject["metadata"] = {
    name,
    annotations,
    ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cronJob.metadata?.name ?? "", uid: cronJob.metadata?.uid ?? "" }],
  };
  if (template?.metadata?.labels) metadata.labels = { ...template.metadata.labels };
  return { apiVersion: "batch/v1", kind: "Job", metadata, spec: structuredClone(template?.spec ?? {}), status: {} };
}

function cronJobFrom(cluster: Cluster, globals: GlobalOptions, from: string): CronJob {
  const slash = from.indexOf("/");
  if (slash < 0) throw new Error(`from must be an existing cronjob: ${JSON.stringify(from)} is not in resource/name form`);
  const kind = resolveResourceArg(from.slice(0, slash));
  const name = from.slice(slash + 1);
  if (kind.kind !== "CronJob") throw new Error(`unknown object type *${kind.version}.${kind.kind}`);
  return asKind<CronJob>(cluster.get("cronjobs.batch", globals.namespace, name));
}

/** Registers `create job` on the `create` command. */
export function registerCreateJob(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("job")
    .summary("Create a job with the specified name")
    .description(
      "Create a job with the specified name.\n\n" +
        "Examples:\n  kdeck create job my-job --image=busybox\n  kdeck create job my-job --image=busybox -- date\n  kdeck create job test-job --from=cronjob/a-cronjob",
    )
    .usage("NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]")
    .argument("[name]")
    .argument("[command...]")
    .option("--image <image>", "image name to run")
    .option("--from <resource>", "the name of the resource to create a Job from (only cronjob is supported)");
  addGeneratorFlags(cmd).action(async (name: string | undefined, command: string[], flags: CreateJobFlags, self: Command) => {
    const jobName = nameFromArgs(name === undefined ? [] : [name], "create");
    const image = flags.image ?? "";
    const from = flags.from ?? "";
    if ((image === "") === (from === "")) throw new UsageError("either --image or --from must be specified", "create");
    if (command.length > 0 && from !== "") throw new UsageError("cannot specify --from and command", "create");
    await createGenerated(
      ctx,
      self,
      jobKind(),
      flags,
      (cluster, globals) => (image ? buildJob(jobName, image, command) : buildJobFromCronJob(jobName, cronJobFrom(cluster, globals, from))),
      "failed to create job",
    );
  });
}
