import type { Command } from "commander";
import { apiVersionOf, KINDS, resourceOf, type KindInfo } from "../client/kinds.js";
import { GET_TABWRITER, TabWriter } from "../client/output/tabwriter.js";
import { UsageError, type CommandContext } from "./context.js";
import { parseBoolFlag } from "./flags.js";

interface ApiResourcesOptions {
  output?: string;
  namespaced?: boolean;
  /** False with --no-headers (commander's negatable flag). */
  headers?: boolean;
  sortBy?: string;
  apiGroup?: string;
}

/** `kdeck api-resources`: the kinds this cluster serves, from the registry, in kubectl's columns. */
export function registerApiResources(program: Command, ctx: CommandContext): void {
  program
    .command("api-resources")
    .summary("Print the supported API resources on the server")
    .description("Print the supported API resources on the server.")
    .option("-o, --output <format>", "output format: one of (wide, name)")
    .option("--namespaced [bool]", "if false, only cluster-scoped resources; if true, only namespaced ones", parseBoolFlag)
    .option("--no-headers", "don't print headers")
    .option("--sort-by <field>", "sort by 'name' or 'kind'")
    .option("--api-group <group>", "limit to resources in the specified API group")
    .action((opts: ApiResourcesOptions) => {
      if (opts.output !== undefined && opts.output !== "wide" && opts.output !== "name") {
        throw new UsageError(`--output ${opts.output} is not available`, "api-resources");
      }
      if (opts.sortBy !== undefined && opts.sortBy !== "name" && opts.sortBy !== "kind") {
        throw new UsageError(`--sort-by accepts only name or kind`, "api-resources");
      }
      let kinds = KINDS.filter((k) => opts.namespaced === undefined || k.namespaced === opts.namespaced);
      if (opts.apiGroup !== undefined) kinds = kinds.filter((k) => k.group === opts.apiGroup);
      kinds = sortKinds(kinds, opts.sortBy);
      ctx.io.stdout.write(render(kinds, opts.output, opts.headers === false));
    });
}

/** Discovery order: the core group first, then groups by name; resources by name within a group. */
function sortKinds(kinds: readonly KindInfo[], sortBy: string | undefined): KindInfo[] {
  const copy = [...kinds];
  if (sortBy === "name") return copy.sort((a, b) => a.plural.localeCompare(b.plural));
  if (sortBy === "kind") return copy.sort((a, b) => a.kind.localeCompare(b.kind));
  return copy.sort((a, b) => (a.group === b.group ? a.plural.localeCompare(b.plural) : a.group === "" ? -1 : b.group === "" ? 1 : a.group.localeCompare(b.group)));
}

function render(kinds: readonly KindInfo[], output: string | undefined, noHeaders: boolean): string {
  if (output === "name") return kinds.map((k) => resourceOf(k) + "\n").join("");
  const wide = output === "wide";
  const tw = new TabWriter(GET_TABWRITER);
  if (!noHeaders) tw.write(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", ...(wide ? ["VERBS", "CATEGORIES"] : [])].join("\t") + "\n");
  for (const k of kinds) {
    const cells = [k.plural, k.shortNames.join(","), apiVersionOf(k), String(k.namespaced), k.kind];
    if (wide) cells.push(`[${k.verbs.join(" ")}]`, k.categories.join(","));
    tw.write(cells.join("\t") + "\n");
  }
  return tw.toString();
}
