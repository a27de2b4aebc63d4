import type { KubeObject } from "../api/object.js";
import type { KindInfo } from "../api/registry.js";
import { defaultCronJob } from "./defaulters/cronjob.js";
import { defaultDaemonSet } from "./defaulters/daemonset.js";
import { defaultDeployment } from "./defaulters/deployment.js";
import { defaultEndpoints, defaultEndpointSlice } from "./defaulters/endpoints.js";
import { defaultJob } from "./defaulters/job.js";
import { defaultLimitRange } from "./defaulters/limitrange.js";
import { defaultHorizontalPodAutoscaler } from "./defaulters/horizontalpodautoscaler.js";
import { defaultVerticalPodAutoscaler } from "./defaulters/verticalpodautoscaler.js";
import { defaultPodDisruptionBudget } from "./defaulters/poddisruptionbudget.js";
import { defaultNamespace } from "./defaulters/namespace.js";
import { defaultNode } from "./defaulters/node.js";
import { defaultNodePool } from "./defaulters/nodepool.js";
import { defaultPod } from "./defaulters/pod.js";
import { defaultPriorityClass } from "./defaulters/priorityclass.js";
import { defaultBinding } from "./defaulters/rbac.js";
import { defaultReplicaSet, defaultReplicationController } from "./defaulters/replicaset.js";
import { defaultResourceQuota } from "./defaulters/resourcequota.js";
import { defaultSecret } from "./defaulters/secret.js";
import { defaultService } from "./defaulters/service.js";
import { defaultStatefulSet } from "./defaulters/statefulset.js";
import { defaultPersistentVolume, defaultPersistentVolumeClaim, defaultStorageClass } from "./defaulters/storage.js";
import { groupKindOf, type KindDefaulter } from "./kind-admission.js";
import { isRecord } from "./validators/values.js";

/**
 * Defaulting by kind, keyed by GroupKind (`Pod`, later `Deployment.apps`). A new kind
 * adds one file under defaulters/ and one line here.
 */
const DEFAULTERS: ReadonlyMap<string, KindDefaulter> = new Map([
  ["NodePool.kdeck.dev", defaultNodePool],
  ["Namespace", defaultNamespace],
  ["Node", defaultNode],
  ["Pod", defaultPod],
  ["LimitRange", defaultLimitRange],
  ["ResourceQuota", defaultResourceQuota],
  ["Secret", defaultSecret],
  ["Service", defaultService],
  ["Endpoints", defaultEndpoints],
  ["PersistentVolume", defaultPersistentVolume],
  ["PersistentVolumeClaim", defaultPersistentVolumeClaim],
  ["EndpointSlice.discovery.k8s.io", defaultEndpointSlice],
  ["StorageClass.storage.k8s.io", defaultStorageClass],
  ["ReplicationController", defaultReplicationController],
  ["DaemonSet.apps", defaultDaemonSet],
  ["Deployment.apps", defaultDeployment],
  ["ReplicaSet.apps", defaultReplicaSet],
  ["StatefulSet.apps", defaultStatefulSet],
  ["CronJob.batch", defaultCronJob],
  ["Job.batch", defaultJob],
  ["HorizontalPodAutoscaler.autoscaling", defaultHorizontalPodAutoscaler],
  ["VerticalPodAutoscaler.autoscaling.k8s.io", defaultVerticalPodAutoscaler],
  ["PodDisruptionBudget.policy", defaultPodDisruptionBudget],
  ["ClusterRoleBinding.rbac.authorization.k8s.io", defaultBinding],
  ["RoleBinding.rbac.authorization.k8s.io", defaultBinding],
  ["PriorityClass.scheduling.k8s.io", defaultPriorityClass],
]);

/**
 * Kubernetes' defaulting for the object's kind, and what its admission plugins fill in;
 * returns a new object and never changes `obj`.
 *
 * Pods: restartPolicy Always, terminationGracePeriodSeconds 30, dnsPolicy ClusterFirst,
 * schedulerName default-scheduler, securityContext {}, serviceAccountName default,
 * enableServiceLinks true, priority 0 and preemptionPolicy PreemptLowerPriority,
 * imagePullPolicy (Always for :latest or no tag, else IfNotPresent),
 * terminationMessagePath/Policy, `resources: {}`, port protocol TCP, probe timings
 * (timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3) and
 * httpGet path `/` and scheme HTTP, volume default modes, the not-ready/unreachable
 * NoExecute tolerations for 300 s, requests defaulted from limits, and on create
 * status Pending with its QoS class. Secrets: type Opaque, stringData merged into
 * base64 data and removed. Namespaces: the `kubernetes.io/metadata.name` label, status
 * Active, and on create the `kubernetes` finalizer. Nodes: allocatable from capacity.
 * Cluster-scoped objects lose any `metadata.namespace`, as the API server clears it.
 *
 * `old` is the stored object when the write is an update: create-only defaults (initial
 * status, namespace finalizer) are skipped, and admission-assigned values (priority,
 * service account) are kept from it when the new object leaves them out.
 */
export function applyDefaults(obj: KubeObject, kind: KindInfo, old?: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject;
  if (!isRecord(copy.metadata)) copy.metadata = {};
  if (!kind.namespaced && copy.metadata.namespace !== undefined) delete copy.metadata.namespace;
  DEFAULTERS.get(groupKindOf(kind))?.(copy, old ? { kind, old } : { kind });
  return copy;
}
