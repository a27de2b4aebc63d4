/** What `kubectl get` prints: tables, JSON, YAML, names, jsonpath, and --sort-by. */
export { formatLabels, renderTable, type RenderOptions } from "./table.js";
export { asList, formatJson, goJsonCompact, goJsonIndent, printable } from "./json.js";
export { formatYaml, toKubectlYaml } from "./yaml.js";
export { formatName } from "./name.js";
export { executeJsonPath, findJsonPathValues, JsonPathError, parseJsonPath, type JsonPathOptions } from "./jsonpath.js";
export { naturalLess, relaxedJsonPathExpression, sortByJsonPath } from "./sort-by.js";
export { DESCRIBE_TABWRITER, GET_TABWRITER, TabWriter, type TabWriterOptions } from "./tabwriter.js";
