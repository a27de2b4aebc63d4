/** Timestamp formats of the cluster's virtual clock, shared by every printer. */
export { parseTime, rfc3339, rfc3339Micro } from "../core/engine/clock.js";
/** Go's duration syntax (`30s`, `1h30m`), as flags and `advance` read it. */
export { parseGoDuration } from "../core/api/duration.js";
