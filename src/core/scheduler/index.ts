/**
 * The scheduler's framework and plugins, as pure code over an in-memory node snapshot.
 * The scheduler controller feeds {@link SchedulerCache} from watch events, calls
 * {@link Scheduler.schedule}, then assumes and binds the pod on the node it returns.
 */
export { SchedulerCache } from "./cache.js";
export { CycleState, stateKey, type StateKey } from "./cycle-state.js";
export { ERR_NO_NODES_AVAILABLE, fitErrorMessage } from "./fit-error.js";
export {
  Scheduler,
  numFeasibleNodesToFind,
  type FilterVerdict,
  type NodeVerdict,
  type ScheduleOptions,
  type ScheduleResult,
  type ScoreVerdict,
} from "./framework.js";
export {
  MAX_NODE_SCORE,
  Status,
  type FilterPlugin,
  type Plugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StatusCode,
} from "./interface.js";
export { newNodeInfo, type NodeInfo } from "./node-info.js";
export { defaultPlugins } from "./plugins/default-plugins.js";
export { nodeAllocatable, podRequests, type Resources } from "./resources.js";
