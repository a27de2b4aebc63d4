/** Server-side tables: what the API server computes for `kubectl get`. */
export type { KindPrinter, PrintContext, Table, TableColumn, TableRow } from "./types.js";
export { humanDuration, shortHumanDuration, timestampSince } from "./duration.js";
export { hasPrinter, printerFor, printTable } from "./table.js";
export { isRestartableInitContainer, podStatusReason, summarizePod, type PodSummary } from "./pod.js";
export { nodeRoles, nodeStatus } from "./node.js";
export { eventTarget, formatEventSource } from "./event.js";
