/**
 * The server-side tables `get` prints and the duration formats every AGE and LAST SEEN
 * column uses, for the CLI and the console.
 */
export {
  eventTarget,
  formatEventSource,
  humanDuration,
  nodeRoles,
  nodeStatus,
  printTable,
  shortHumanDuration,
  summarizePod,
  timestampSince,
  type PodSummary,
  type Table,
  type TableColumn,
  type TableRow,
} from "../core/printers/index.js";
