/** `kdeck create configmap NAME --from-literal=k=v --from-file=[key=]path --from-env-file=path`. */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { kindForResource } from "../client/kinds.js";
import { UsageError, type CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";
import { addEnvFileSources, addFileSources, addLiteralSources, collectArray, newKeyValues } from "./create-sources.js";
import { collect } from "./flags.js";

interface CreateConfigMapFlags extends GeneratorFlags {
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
}

/** The ConfigMap kubectl generates: text values in data, non-UTF-8 files in binaryData (base64). */
export function buildConfigMap(name: string, flags: CreateConfigMapFlags, cwd: string, env: NodeJS.ProcessEnv): KubeObject {
  const kv = newKeyValues();
  const target = { kind: "ConfigMap" as const, name };
  addFileSources(kv, target, flags.fromFile ?? [], cwd);
  addLiteralSources(kv, target, flags.fromLiteral ?? []);
  addEnvFileSources(kv, target, flags.fromEnvFile ?? [], cwd, env);
  const obj: KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> } = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name },
  };
  if (kv.data.size > 0) obj.data = Object.fromEntries(kv.data);
  if (kv.binaryData.size > 0) obj.binaryData = Object.fromEntries([...kv.binaryData].map(([k, v]) => [k, v.toString("base64")]));
  return obj;
}

/** Registers `create configmap` (alias `cm`) on the `create` command. */
export function registerCreateConfigMap(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("configmap")
    .alias("cm")
    .summary("Create a config map from a local file, directory or literal value")
    .description(
      "Create a config map based on a file, directory, or specified literal value. A single config map may package one or more key/value pairs.\n\n" +
        "Examples:\n  kdeck create configmap my-config --from-file=path/to/bar\n  kdeck create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2\n  kdeck create configmap my-config --from-env-file=path/to/foo.env",
    )
    .usage("NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--from-literal <key=value>", "a key and literal value to insert in the config map (i.e. mykey=somevalue)", collectArray)
    .option("--from-file <[key=]source>", "a file (its base name is the key), key=file, or a directory (one key per file)", collect)
    .option("--from-env-file <file>", "a file of key=val lines to create the config map from", collect);
  addGeneratorFlags(cmd).action(async (names: string[], flags: CreateConfigMapFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    if ((flags.fromEnvFile ?? []).length > 0 && ((flags.fromFile ?? []).length > 0 || (flags.fromLiteral ?? []).length > 0)) {
      throw new UsageError("from-env-file cannot be combined with from-file or from-literal", "create");
    }
    const configMap = buildConfigMap(name, flags, process.cwd(), ctx.io.env);
    await createGenerated(ctx, self, kindForResource("configmaps")!, flags, () => configMap, "failed to create configmap");
  });
}
