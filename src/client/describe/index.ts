/** `kubectl describe` output, as pure functions of the objects the caller gathered. */
export type { DescribeContext } from "./common.js";
export { describeEvents, eventInterval, sortEvents } from "./events.js";
export { describeGeneric, smartLabelFor } from "./generic.js";
export { describeNamespace } from "./namespace.js";
export { describeNode, formatTaint } from "./node.js";
export { describePod, formatToleration } from "./pod.js";
export { describeProbe } from "./container.js";
export { podQOSClass, podRequestsAndLimits } from "./resources.js";
export { canonicalQuantity } from "./quantity.js";
