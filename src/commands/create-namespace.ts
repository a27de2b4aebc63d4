/** `kdeck create namespace NAME` and `kdeck create serviceaccount NAME`. */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { kindForResource } from "../client/kinds.js";
import type { CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";

export function buildNamespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name }, spec: {}, status: {} };
}

export function buildServiceAccount(name: string): KubeObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } };
}

/** Registers `create namespace` (alias `ns`) on the `create` command. */
export function registerCreateNamespace(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("namespace")
    .alias("ns")
    .summary("Create a namespace with the specified name")
    .description("Create a namespace with the specified name.\n\nExamples:\n  kdeck create namespace my-namespace")
    .usage("NAME [--dry-run=server|client|none]")
    .argument("[name...]");
  addGeneratorFlags(cmd).action(async (names: string[], flags: GeneratorFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    await createGenerated(ctx, self, kindForResource("namespaces")!, flags, () => buildNamespace(name));
  });
}

/** Registers `create serviceaccount` (alias `sa`) on the `create` command. */
export function registerCreateServiceAccount(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("serviceaccount")
    .alias("sa")
    .summary("Create a service account with the specified name")
    .description("Create a service account with the specified name.\n\nExamples:\n  kdeck create serviceaccount my-service-account")
    .usage("NAME [--dry-run=server|client|none]")
    .argument("[name...]");
  addGeneratorFlags(cmd).action(async (names: string[], flags: GeneratorFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    await createGenerated(ctx, self, kindForResource("serviceaccounts")!, flags, () => buildServiceAccount(name));
  });
}
