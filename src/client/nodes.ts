/**
 * Node lifecycle for the CLI and the console: building a worker node as a joining
 * kubelet registers it, and stopping or starting a node's simulated kubelet.
 */
export { newWorkerNode, nextWorkerName, WORKER_NAME_PREFIX, zoneForWorker, type WorkerNodeSpec } from "../core/nodes/worker-node.js";
export { KUBELET_STOPPED_ANNOTATION, kubeletStopped } from "../core/kubelet/node-health.js";
export { NODE_MONITOR_GRACE_PERIOD_MS } from "../core/controllers/node-lifecycle.js";
