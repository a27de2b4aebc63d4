/**
 * `kubectl describe` output: pure functions of the objects the caller gathered, and
 * `describeObject`, which gathers them through the cluster's reads for any kind.
 */
export type { DescribeContext } from "./common.js";
export { describeEvents, eventInterval, sortEvents } from "./events.js";
export { describeConfigMap } from "./configmap.js";
export { describeCronJob } from "./cronjob.js";
export { describeGeneric, smartLabelFor } from "./generic.js";
export { describeJob } from "./job.js";
export { describeHorizontalPodAutoscaler } from "./horizontalpodautoscaler.js";
export { describeLimitRange } from "./limitrange.js";
export { describeNamespace } from "./namespace.js";
export { describeNetworkingOrStorage, type DescribeReader } from "./networking-storage.js";
export { describeEndpoints, describeEndpointSlice, describeService, formatEndpointSlices } from "./service.js";
export { describeIngress, describeIngressClass } from "./ingress.js";
export { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from "./storage.js";
export { describeNode, formatTaint } from "./node.js";
export { describeNodePool } from "./nodepool.js";
export { describeObject, hasHeadlessSubdomain, waitsForNode, type DescribeCluster } from "./object.js";
export { describePod, formatToleration } from "./pod.js";
export { describePodTemplate } from "./pod-template.js";
export { describePriorityClass } from "./priorityclass.js";
export { describePodDisruptionBudget } from "./poddisruptionbudget.js";
export { describePolicy, namespacePolicy } from "./policy.js";
export {
  describeDaemonSet,
  describeDeployment,
  describeReplicaSet,
  describeReplicationController,
  describeStatefulSet,
  podPhaseCounts,
  type PodPhaseCounts,
} from "./workload.js";
export { describeWorkload } from "./workloads.js";
export { describeRole, describeRoleBinding } from "./rbac.js";
export { describeResourceQuota } from "./resourcequota.js";
export { describeSecret } from "./secret.js";
export { describeProbe } from "./container.js";
export { podQOSClass, podRequestsAndLimits } from "./resources.js";
export { canonicalQuantity } from "./quantity.js";
