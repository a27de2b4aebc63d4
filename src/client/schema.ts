/** The kinds' field documentation, for `kdeck explain` and the console's help. */
export { explain, type ExplainOptions } from "../core/api/schema/index.js";
