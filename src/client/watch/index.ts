/**
 * Watch mode: a cluster that follows a manifest folder. `ManifestWatch` is what the
 * console and `kdeck watch` run; `applyFolder` and `inspectFolder` are one round of
 * the same, for `kdeck apply -f DIR --prune` and `kdeck watch DIR --status`.
 */
export { ManifestWatch, type ManifestWatchEvents, type ManifestWatchOptions } from "./manifest-watch.js";
export { applyFolder, inspectFolder, type FolderApplyOptions } from "./folder-apply.js";
export type { FileStatus, ObjectStatus, StatusSummary, WatchPhase, WatchStatus } from "./status.js";
export type { ObjectAction, ObjectOutcome, PruneReport, RoundResult, RoundTrigger } from "./round.js";
export type { FileIssue, FileState } from "./folder.js";
export type { HealthState } from "./health.js";
export type { SyncState } from "./sync.js";
export type { ObjectRef } from "./object-ref.js";
export { applySetId, parentNameForFolder, APPLYSET_PART_OF, APPLYSET_ID, type ApplySetRef } from "./apply-set.js";
export { formatIssue, roundHeadline, roundLines, type RoundLineOptions, type RoundLines } from "./report.js";
export { REAL_TIMERS, type Timers } from "./debouncer.js";
