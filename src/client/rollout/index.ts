/** What `rollout` (and the console) use: status viewers, history, and undo plans. */
export { daemonSetStatus, deploymentStatus, statefulSetStatus, statusViewerFor, type RolloutState } from "./status.js";
export { historyTable, planUndo, revisionsOf, revisionTemplateText, type Revision, type UndoPlan } from "./history.js";
