import type { Command } from "commander";
import { resolveResourceArg } from "../client/kinds.js";
import { explain } from "../client/schema.js";
import { UsageError, type CommandContext } from "./context.js";
import { parseBoolFlag } from "./flags.js";

/** `kdeck explain KIND[.field.path] [--recursive]`: the kind's documented fields, as kubectl explain prints them. */
export function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command("explain")
    .summary("Get documentation for a resource")
    .description("Describe fields and structure of a resource: explain pods, explain pods.spec.containers.")
    .argument("[resource]", "TYPE[.FIELD.PATH]")
    .option("--recursive [bool]", "print the fields of fields (currently only 1 level deep)", parseBoolFlag)
    .action((arg: string | undefined, opts: { recursive?: boolean }) => {
      if (!arg) {
        throw new UsageError(
          'You must specify the type of resource to explain. Use "kdeck api-resources" for a complete list of supported resources.',
          "explain",
        );
      }
      const [resource, ...path] = arg.split(".");
      const kind = resolveResourceArg(resource!);
      ctx.io.stdout.write(explain(kind, path.filter((p) => p !== ""), { recursive: opts.recursive === true }));
    });
}
