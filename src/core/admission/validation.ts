import type { FieldError } from "../api/errors.js";
import type { KubeObject } from "../api/object.js";
import type { KindInfo } from "../api/registry.js";
import { groupKindOf, type KindValidation } from "./kind-admission.js";
import { configMapValidation } from "./validators/configmap.js";
import { controllerRevisionValidation } from "./validators/controllerrevision.js";
import { cronJobValidation } from "./validators/cronjob.js";
import { daemonSetValidation } from "./validators/daemonset.js";
import { deploymentValidation } from "./validators/deployment.js";
import { endpointSliceValidation, endpointsValidation } from "./validators/endpoints.js";
import { eventValidation } from "./validators/event.js";
import { genericValidation } from "./validators/generic.js";
import { ingressClassValidation, ingressValidation } from "./validators/ingress.js";
import { jobValidation } from "./validators/job.js";
import { limitRangeValidation } from "./validators/limitrange.js";
import { horizontalPodAutoscalerValidation } from "./validators/horizontalpodautoscaler.js";
import { verticalPodAutoscalerValidation } from "./validators/verticalpodautoscaler.js";
import { podDisruptionBudgetValidation } from "./validators/poddisruptionbudget.js";
import { namespaceValidation } from "./validators/namespace.js";
import { nodeValidation } from "./validators/node.js";
import { nodePoolValidation } from "./validators/nodepool.js";
import { podValidation } from "./validators/pod.js";
import { priorityClassValidation } from "./validators/priorityclass.js";
import { clusterRoleBindingValidation, clusterRoleValidation, roleBindingValidation, roleValidation } from "./validators/rbac.js";
import { replicaSetValidation, replicationControllerValidation } from "./validators/replicaset.js";
import { resourceQuotaValidation } from "./validators/resourcequota.js";
import { secretValidation } from "./validators/secret.js";
import { serviceValidation } from "./validators/service.js";
import { serviceAccountValidation } from "./validators/serviceaccount.js";
import { statefulSetValidation } from "./validators/statefulset.js";
import { persistentVolumeClaimValidation, persistentVolumeValidation, storageClassValidation } from "./validators/storage.js";

/**
 * Validation by kind, keyed by GroupKind (`Pod`, later `Deployment.apps`). A new kind
 * adds one file under validators/ and one line here; a kind without an entry still has
 * its metadata checked.
 */
const VALIDATIONS: ReadonlyMap<string, KindValidation> = new Map([
  ["NodePool.kdeck.dev", nodePoolValidation],
  ["ConfigMap", configMapValidation],
  ["Event", eventValidation],
  ["Namespace", namespaceValidation],
  ["Node", nodeValidation],
  ["Pod", podValidation],
  ["LimitRange", limitRangeValidation],
  ["ResourceQuota", resourceQuotaValidation],
  ["Secret", secretValidation],
  ["ServiceAccount", serviceAccountValidation],
  ["Service", serviceValidation],
  ["Endpoints", endpointsValidation],
  ["PersistentVolume", persistentVolumeValidation],
  ["PersistentVolumeClaim", persistentVolumeClaimValidation],
  ["EndpointSlice.discovery.k8s.io", endpointSliceValidation],
  ["Ingress.networking.k8s.io", ingressValidation],
  ["IngressClass.networking.k8s.io", ingressClassValidation],
  ["StorageClass.storage.k8s.io", storageClassValidation],
  ["ReplicationController", replicationControllerValidation],
  ["ControllerRevision.apps", controllerRevisionValidation],
  ["DaemonSet.apps", daemonSetValidation],
  ["Deployment.apps", deploymentValidation],
  ["ReplicaSet.apps", replicaSetValidation],
  ["StatefulSet.apps", statefulSetValidation],
  ["CronJob.batch", cronJobValidation],
  ["Job.batch", jobValidation],
  ["HorizontalPodAutoscaler.autoscaling", horizontalPodAutoscalerValidation],
  ["VerticalPodAutoscaler.autoscaling.k8s.io", verticalPodAutoscalerValidation],
  ["PodDisruptionBudget.policy", podDisruptionBudgetValidation],
  ["ClusterRole.rbac.authorization.k8s.io", clusterRoleValidation],
  ["ClusterRoleBinding.rbac.authorization.k8s.io", clusterRoleBindingValidation],
  ["Role.rbac.authorization.k8s.io", roleValidation],
  ["RoleBinding.rbac.authorization.k8s.io", roleBindingValidation],
  ["PriorityClass.scheduling.k8s.io", priorityClassValidation],
]);

/**
 * Validation with Kubernetes' field paths and wordings
 * (`spec.containers[0].image: Required value`). `old` is given on update, for the
 * immutability rules. Expects an object that went through `applyDefaults` first,
 * as the API server validates only defaulted objects.
 */
export function validateObject(obj: KubeObject, kind: KindInfo, old?: KubeObject): FieldError[] {
  const v = VALIDATIONS.get(groupKindOf(kind)) ?? genericValidation;
  return dedupe(old ? v.update(obj, old, kind) : v.create(obj, kind));
}

/** Kubernetes drops repeated messages when it aggregates them; so does kdeck. */
function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const key = JSON.stringify([e.type, e.field, e.value, e.detail]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
