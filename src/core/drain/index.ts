/** The drain service: kubectl drain's logic, run by the CLI and the console alike. */
export { aggregateText, finalErrorLines, startDrain } from "./drain.js";
export { EVICTION_RETRY_MS, goDuration } from "./evict-pods.js";
export { MIRROR_POD_ANNOTATION } from "./filters.js";
export type { DrainApi, DrainClock, DrainEvent, DrainHandle, DrainOptions, DrainResult, DrainTarget } from "./types.js";
