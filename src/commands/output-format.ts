import { UsageError } from "./context.js";

/** What `-o` asked for. */
export type OutputFormat =
  | { type: "table"; wide: boolean }
  | { type: "json" }
  | { type: "yaml" }
  | { type: "name" }
  | { type: "jsonpath"; template: string };

const ALLOWED = "json,jsonpath,name,wide,yaml";

/** Reads `-o` the way kubectl does: `wide`, `yaml`, `json`, `name`, `jsonpath=TEMPLATE`. */
export function parseOutputFormat(output: string | undefined, verb: string): OutputFormat {
  if (output === undefined || output === "") return { type: "table", wide: false };
  if (output === "wide") return { type: "table", wide: true };
  if (output === "json" || output === "yaml" || output === "name") return { type: output };
  const eq = output.indexOf("=");
  const name = eq < 0 ? output : output.slice(0, eq);
  if (name === "jsonpath") {
    const template = eq < 0 ? "" : output.slice(eq + 1);
    if (template === "") throw new UsageError("template format specified but no template given", verb);
    return { type: "jsonpath", template };
  }
  throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED}`, verb);
}
