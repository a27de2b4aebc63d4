/** `kdeck label` and `kdeck annotate`: kubectl's verbs over any kind, through a merge patch of the metadata. */
import type { Command } from "commander";
import { isValidLabelValue } from "../client/validation.js";
import { acceptBoolValues } from "./bool-flags.js";
import { globalsOf, UsageError, withCluster, type CommandContext } from "./context.js";
import { collect } from "./flags.js";
import { runMetadataEdit, type MetadataEditOptions, type MetadataVerb, type PairChange } from "./metadata-edit.js";

/** kubectl label's parseLabels: `k=v` (one `=`, a valid label value) or `k-`. */
function parseLabels(specs: readonly string[]): PairChange {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes("=")) {
      const parts = spec.split("=");
      if (parts.length !== 2) throw new UsageError(`invalid label spec: ${spec}`, "label");
      const errs = isValidLabelValue(parts[1]!);
      if (errs.length > 0) throw new UsageError(`invalid label value: ${JSON.stringify(spec)}: ${errs.join(";")}`, "label");
      set[parts[0]!] = parts[1]!;
    } else if (spec.endsWith("-")) remove.push(spec.slice(0, -1));
    else throw new UsageError(`unknown label spec: ${spec}`, "label");
  }
  if (remove.some((k) => k in set)) throw new UsageError("can not both modify and remove a label in the same command", "label");
  return { set, remove };
}

/** kubectl's updateDataChangeMsg. */
function labelMessage(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string {
  let labeled = false;
  let unlabeled = false;
  for (const [k, v] of Object.entries(before)) {
    if (!(k in after)) unlabeled = true;
    else if (after[k] !== v) labeled = true;
  }
  for (const k of Object.keys(after)) if (!(k in before)) labeled = true;
  if (labeled && unlabeled) return "label(s) changed";
  return labeled ? "labeled" : unlabeled ? "unlabeled" : "not labeled";
}

const LABEL: MetadataVerb = {
  verb: "label",
  field: "labels",
  pairType: "label",
  parse: parseLabels,
  overwriteError: (conflicts) => {
    const errs = conflicts.map(([k, v]) => `'${k}' already has a value (${v}), and --overwrite is false`);
    return errs.length === 1 ? errs[0]! : `[${errs.join(", ")}]`;
  },
  message: labelMessage,
  reportAbsentRemovals: true,
};

/** cmdutil.ParsePairs for annotations: `k=v` (the value may hold `=`) or `k-`. */
function parseAnnotations(specs: readonly string[]): PairChange {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq > 0) set[spec.slice(0, eq)] = spec.slice(eq + 1);
    else if (spec.endsWith("-") && spec !== "-") remove.push(spec.slice(0, -1));
    else invalid.push(spec);
  }
  if (invalid.length > 0) throw new UsageError(`invalid annotation format: ${invalid.join(", ")}`, "annotate");
  const both = remove.filter((k) => k in set);
  if (both.length > 0) throw new UsageError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`, "annotate");
  return { set, remove };
}

const ANNOTATE: MetadataVerb = {
  verb: "annotate",
  field: "annotations",
  pairType: "annotation",
  parse: parseAnnotations,
  overwriteError: (conflicts) => `--overwrite is false but found the following declared annotation(s): ${conflicts.map(([k, v]) => `'${k}' already has a value (${v})`).join("; ")}`,
  message: () => "annotated",
  reportAbsentRemovals: false,
};

const HELP = {
  label: {
    summary: "Update the labels on a resource",
    description:
      "Update the labels on a resource.\n\n" +
      "  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n" +
      "  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n" +
      "  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n" +
      "  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.\n\n" +
      "Examples:\n" +
      "  # Update pod 'foo' with the label 'unhealthy' and the value 'true'\n  kdeck label pods foo unhealthy=true\n\n" +
      "  # Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value\n  kdeck label --overwrite pods foo status=unhealthy\n\n" +
      "  # Update all pods in the namespace\n  kdeck label pods --all status=unhealthy\n\n" +
      "  # Update pod 'foo' by removing a label named 'bar' if it exists\n  # Does not require the --overwrite flag\n  kdeck label pods foo bar-",
    usage: "[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [flags]",
  },
  annotate: {
    summary: "Update the annotations on a resource",
    description:
      "Update the annotations on one or more resources.\n\n" +
      "  All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON.\n\n" +
      "  Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.\n\n" +
      "Examples:\n" +
      "  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'\n  kdeck annotate pods foo description='my frontend'\n\n" +
      "  # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value\n  kdeck annotate --overwrite pods foo description='my frontend running nginx'\n\n" +
      "  # Update all pods in the namespace\n  kdeck annotate pods --all description='my frontend running nginx'\n\n" +
      "  # Update pod 'foo' by removing an annotation named 'description' if it exists\n  # Does not require the --overwrite flag\n  kdeck annotate pods foo description-",
    usage: "[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [flags]",
  },
} as const;

/** Registers `label` and `annotate`. */
export function registerLabel(program: Command, ctx: CommandContext): void {
  for (const spec of [LABEL, ANNOTATE]) {
    const help = HELP[spec.verb];
    const cmd = program
      .command(spec.verb)
      .summary(help.summary)
      .description(help.description)
      .usage(help.usage)
      .argument("[args...]", `TYPE NAME… or TYPE/NAME…, then KEY=VALUE… and KEY-…`)
      .option("--overwrite", `allow ${spec.field} to be overwritten, otherwise reject updates that overwrite existing ${spec.field}`)
      .option("--list", `display the ${spec.field} of the given resources`)
      .option("--all", "select all resources, in the namespace of the specified resource types")
      .option("-A, --all-namespaces", "with --all or -l, across all namespaces")
      .option("-l, --selector <selector>", "label selector to filter on")
      .option("--field-selector <selector>", "field selector to filter on")
      .option("--resource-version <version>", "update only if this is the current resource version (a single resource only)")
      .option("-f, --filename <file>", `files identifying the resources to update the ${spec.field}`, collect)
      .option("-R, --recursive", "process the directory used in -f recursively")
      .option("--dry-run <strategy>", 'must be "none", "server", or "client"')
      .option("-o, --output <format>", "output format: json, yaml or name")
      .action(async (args: string[], opts: MetadataEditOptions, command: Command) => {
        const globals = globalsOf(command);
        const mutating = !opts.list && (opts.dryRun === undefined || opts.dryRun === "none");
        await withCluster(ctx, globals, (cluster) => runMetadataEdit(ctx, cluster, globals, args, opts, spec), { mutating });
      });
    acceptBoolValues(cmd);
  }
}
