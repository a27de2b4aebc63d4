/** `kdeck create quota NAME [--hard=cpu=1,memory=1G,pods=2] [--scopes=BestEffort]`, as kubectl's generator builds it. */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { canonicalQuantity, tryParseAmount } from "../client/describe/quantity.js";
import { kindForResource } from "../client/kinds.js";
import type { CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";

interface CreateQuotaFlags extends GeneratorFlags {
  hard?: string;
  scopes?: string;
}

const QUANTITY_SYNTAX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** populateResourceListV1: `name=quantity` pairs separated by commas, quantities in canonical form under sorted names. */
export function parseHard(spec: string): Record<string, string> | undefined {
  if (spec === "") return undefined;
  const out = new Map<string, string>();
  for (const statement of spec.split(",")) {
    const parts = statement.split("=");
    if (parts.length !== 2) throw new Error(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    if (!tryParseAmount(parts[1]!)) throw new Error(QUANTITY_SYNTAX);
    out.set(parts[0]!, canonicalQuantity(parts[1]!));
  }
  return Object.fromEntries([...out.keys()].sort().map((k) => [k, out.get(k)!]));
}

/** parseScopes: names separated by commas, checked by the API server rather than here. */
export function parseScopes(spec: string): string[] | undefined {
  if (spec === "") return undefined;
  const scopes = spec.split(",");
  if (scopes.includes("")) throw new Error('invalid resource quota scope ""');
  return scopes;
}

/** The ResourceQuota `kubectl create quota` sends. */
export function buildQuota(name: string, flags: CreateQuotaFlags): KubeObject {
  const hard = parseHard(flags.hard ?? "");
  const scopes = parseScopes(flags.scopes ?? "");
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name },
    spec: { ...(hard ? { hard } : {}), ...(scopes ? { scopes } : {}) },
    status: {},
  };
}

/** Registers `create quota` (alias `resourcequota`) on the `create` command. */
export function registerCreateQuota(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("quota")
    .alias("resourcequota")
    .summary("Create a quota with the specified name")
    .description(
      "Create a resource quota with the specified name, hard limits, and optional scopes.\n\n" +
        "Examples:\n  # Create a new resource quota named my-quota\n" +
        "  kdeck create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10\n\n" +
        "  # Create a new resource quota named best-effort\n  kdeck create quota best-effort --hard=pods=100 --scopes=BestEffort",
    )
    .usage("NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--hard <list>", "a comma-delimited set of resource=quantity pairs that define a hard limit", "")
    .option("--scopes <list>", "a comma-delimited set of quota scopes that must all match each object tracked by the quota", "");
  addGeneratorFlags(cmd).action(async (names: string[], flags: CreateQuotaFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const quota = buildQuota(name, flags);
    await createGenerated(ctx, self, kindForResource("resourcequotas")!, flags, () => quota);
  });
}
