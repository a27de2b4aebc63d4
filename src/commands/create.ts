/**
 * `kdeck create`: the command group of kubectl's generators (`create deployment`,
 * `create configmap`, …) and `create -f FILE`, which creates what the manifests hold.
 *
 * To add a generator: write `registerCreateThing(create: Command, ctx: CommandContext)`
 * in its own `create-thing.ts` (create-objects.ts has the shared flags and the
 * create-and-print step) and add it to CREATE_SUBCOMMANDS below, one line.
 */
import type { Command } from "commander";
import type { Cluster } from "../client/cluster.js";
import { isApiError } from "../client/errors.js";
import { kindForObject, RegistryError } from "../client/kinds.js";
import { ExitStatus, globalsOf, println, UsageError, withCluster, type CommandContext, type GlobalOptions } from "./context.js";
import { registerCreateConfigMap } from "./create-configmap.js";
import { registerCreateDeployment } from "./create-deployment.js";
import { registerCreateJob } from "./create-job.js";
import { registerCreateNamespace, registerCreateServiceAccount } from "./create-namespace.js";
import { registerCreatePriorityClass } from "./create-priorityclass.js";
import { registerCreateQuota } from "./create-quota.js";
import { registerCreateRbac } from "./create-rbac.js";
import { registerCreateSecret } from "./create-secret.js";
import { collect } from "./flags.js";
import { documentError, loadManifests } from "./manifest-input.js";
import { reportFailure } from "./report.js";
import { objectRef } from "./resource-args.js";

/** Registers one `create` subcommand on the group. */
export type CreateSubcommand = (create: Command, ctx: CommandContext) => void;

/** The generators under `kdeck create`, in `--help` order. */
export const CREATE_SUBCOMMANDS: readonly CreateSubcommand[] = [
  registerCreateConfigMap,
  registerCreateDeployment,
  registerCreateJob,
  registerCreateNamespace,
  registerCreatePriorityClass,
  registerCreateQuota,
  registerCreateRbac,
  registerCreateSecret,
  registerCreateServiceAccount,
];

interface CreateOptions {
  filename?: string[];
  recursive?: boolean;
}

/** `kdeck create -f FILE` and the `create <generator>` subcommands. */
export function registerCreate(program: Command, ctx: CommandContext): Command {
  const create = program
    .command("create")
    .summary("Create a resource from a file or from stdin")
    .description("Create a resource from a file or from stdin, or with one of the generators below.")
    .option("-f, --filename <file>", "files or directories with the objects to create ('-' for stdin)", collect)
    .option("-R, --recursive", "process the directory used in -f recursively")
    .action(async (opts: CreateOptions, cmd: Command) => {
      if (!opts.filename || opts.filename.length === 0) {
        throw new UsageError("must specify one of -f and -k", "create");
      }
      const globals = globalsOf(cmd);
      await withCluster(ctx, globals, (cluster) => createFromFiles(ctx, cluster, globals, opts), { mutating: true });
    });
  for (const register of CREATE_SUBCOMMANDS) register(create, ctx);
  for (const sub of create.commands) sub.helpOption("-h, --help", `help for ${sub.name()}`);
  return create;
}

async function createFromFiles(ctx: CommandContext, cluster: Cluster, globals: GlobalOptions, opts: CreateOptions): Promise<void> {
  let failed = false;
  for (const doc of await loadManifests(ctx, opts.filename ?? [], opts.recursive === true)) {
    if (!doc.object) {
      println(ctx.io.stderr, documentError(doc, doc.error?.message ?? "invalid document"));
      failed = true;
      continue;
    }
    try {
      const kind = kindForObject(doc.object.apiVersion, doc.object.kind);
      const obj = kind.namespaced ? { ...doc.object, metadata: { ...doc.object.metadata, namespace: doc.object.metadata?.namespace ?? globals.namespace } } : doc.object;
      const created = cluster.create(obj, { fieldValidation: "Strict", fieldManager: "kubectl-create" });
      println(ctx.io.stdout, `${objectRef(kind, created)} created`);
    } catch (e) {
      if (!isApiError(e) && !(e instanceof RegistryError)) throw e;
      reportFailure(e, ctx.io);
      failed = true;
    }
  }
  if (failed) throw new ExitStatus(1);
}
