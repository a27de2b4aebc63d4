/**
 * `kubectl get -o jsonpath=…`: client-go's util/jsonpath over the object (or the List
 * of objects) as JSON. Strings print bare, maps and lists as compact JSON, several
 * results of one expression separated by spaces; `range`/`end` iterate.
 */
import { goNumber, goSyntax } from "./go-format.js";
import { goJsonCompact } from "./json.js";
import { EvalError, Evaluator, isRecord, JsonPathError, parseTemplate, type JsonPathOptions } from "./jsonpath-eval.js";

export { JsonPathError, findJsonPathValues, type JsonPathOptions } from "./jsonpath-eval.js";
export { JsonPathSyntaxError, parseJsonPath } from "./jsonpath-parser.js";
export { naturalLess, relaxedJsonPathExpression, sortByJsonPath } from "./sort-by.js";

/** One result as client-go prints it: maps and lists as JSON, the rest as Go's `%v`. */
function resultText(v: unknown): string {
  if (Array.isArray(v) || isRecord(v)) return goJsonCompact(v);
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/**
 * Runs a kubectl jsonpath template over `data` (an object, or a List for several):
 * `{.items[*].metadata.name}`, `{range .items[*]}{.metadata.name}{"\n"}{end}`,
 * `{.items[-1:]}`, `{..name}`, `{.items[?(@.status.phase=="Running")]}`,
 * `{.metadata.labels.app\.kubernetes\.io/name}`, `kind is {.kind}`.
 * Throws {@link JsonPathError} with kubectl's message for a template that does not
 * parse or cannot be evaluated.
 */
export function executeJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): string {
  const root = parseTemplate(template);
  try {
    const results = new Evaluator(opts.allowMissingKeys ?? true).findResults(data, root.nodes);
    return results.map((set) => set.map(resultText).join(" ")).join("");
  } catch (err) {
    if (!(err instanceof EvalError)) throw err;
    throw new JsonPathError(
      `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${err.message}. ` +
        "Printing more information for debugging the template:\n" +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`,
    );
  }
}

