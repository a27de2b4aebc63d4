/** Timestamp formats of the cluster's virtual clock, shared by every printer. */
export { parseTime, rfc3339, rfc3339Micro } from "../core/engine/clock.js";
