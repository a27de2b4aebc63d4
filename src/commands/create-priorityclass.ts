/** `kdeck create priorityclass NAME --value=N [--global-default] [--description=…] [--preemption-policy=…]`: kubectl's generator. */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { kindForResource } from "../client/kinds.js";
import { acceptBoolValues } from "./bool-flags.js";
import type { CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";
import { parseIntFlag } from "./flags.js";

interface CreatePriorityClassFlags extends GeneratorFlags {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}

/** The PriorityClass `kubectl create priorityclass` sends: false and empty fields left out, as Go's omitempty does. */
export function buildPriorityClass(name: string, flags: CreatePriorityClassFlags): KubeObject {
  return {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name },
    value: flags.value ?? 0,
    ...(flags.globalDefault ? { globalDefault: true } : {}),
    ...(flags.description ? { description: flags.description } : {}),
    preemptionPolicy: flags.preemptionPolicy ?? "PreemptLowerPriority",
  };
}

/** Registers `create priorityclass` (alias `pc`) on the `create` command. */
export function registerCreatePriorityClass(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("priorityclass")
    .alias("pc")
    .summary("Create a priority class with the specified name")
    .description(
      "Create a priority class with the specified name, value, globalDefault and description.\n\n" +
        "Examples:\n  # Create a priority class named high-priority\n" +
        '  kdeck create priorityclass high-priority --value=1000 --description="high priority"\n\n' +
        "  # Create a priority class named default-priority that is considered as the global default priority\n" +
        '  kdeck create priorityclass default-priority --value=1000 --global-default=true --description="default priority"\n\n' +
        "  # Create a priority class named high-priority that cannot preempt pods with lower priority\n" +
        '  kdeck create priorityclass high-priority --value=1000 --description="high priority" --preemption-policy="Never"',
    )
    .usage("NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--value <value>", "the value of this priority class (default 0)", parseIntFlag)
    .option("--global-default", "global-default specifies whether this PriorityClass should be considered as the default priority")
    .option("--description <text>", "description is an arbitrary string that usually provides guidelines on when this priority class should be used")
    .option("--preemption-policy <policy>", "preemption-policy is the policy for preempting pods with lower priority (default PreemptLowerPriority)");
  acceptBoolValues(cmd);
  addGeneratorFlags(cmd).action(async (names: string[], flags: CreatePriorityClassFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    await createGenerated(ctx, self, kindForResource("priorityclasses.scheduling.k8s.io")!, flags, () => buildPriorityClass(name, flags));
  });
}
