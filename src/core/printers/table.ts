/**
 * The API server's side of `kubectl get`: objects of one kind become a table of
 * columns and rows. One printer per kind, registered here; a kind without one gets
 * NAME AGE, as kubectl's default handler prints.
 */
import type { KubeObject } from "../api/object.js";
import { configMapPrinter } from "./configmap.js";
import { controllerRevisionPrinter } from "./controllerrevision.js";
import { cronJobPrinter } from "./cronjob.js";
import { daemonSetPrinter } from "./daemonset.js";
import { deploymentPrinter } from "./deployment.js";
import { endpointSlicePrinter, endpointsPrinter } from "./endpoints.js";
import { eventPrinter } from "./event.js";
import { genericPrinter } from "./generic.js";
import { ingressClassPrinter, ingressPrinter } from "./ingress.js";
import { jobPrinter } from "./job.js";
import { limitRangePrinter } from "./limitrange.js";
import { horizontalPodAutoscalerPrinter } from "./horizontalpodautoscaler.js";
import { verticalPodAutoscalerPrinter } from "./verticalpodautoscaler.js";
import { namespacePrinter } from "./namespace.js";
import { nodePrinter } from "./node.js";
import { nodePoolPrinter } from "./nodepool.js";
import { podPrinter } from "./pod.js";
import { priorityClassPrinter } from "./priorityclass.js";
import { podDisruptionBudgetPrinter } from "./poddisruptionbudget.js";
import { replicaSetPrinter, replicationControllerPrinter } from "./replicaset.js";
import { resourceQuotaPrinter } from "./resourcequota.js";
import { clusterRolePrinter, rolePrinter } from "./role.js";
import { clusterRoleBindingPrinter, roleBindingPrinter } from "./rolebinding.js";
import { secretPrinter } from "./secret.js";
import { servicePrinter } from "./service.js";
import { serviceAccountPrinter } from "./serviceaccount.js";
import { statefulSetPrinter } from "./statefulset.js";
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from "./storage.js";
import type { KindPrinter, PrintContext, Table } from "./types.js";

const PRINTERS: ReadonlyMap<string, KindPrinter> = new Map<string, KindPrinter>([
  ["ConfigMap", configMapPrinter],
  ["Event", eventPrinter],
  ["Namespace", namespacePrinter],
  ["Node", nodePrinter],
  ["NodePool", nodePoolPrinter],
  ["Pod", podPrinter],
  ["LimitRange", limitRangePrinter],
  ["ResourceQuota", resourceQuotaPrinter],
  ["PodDisruptionBudget", podDisruptionBudgetPrinter],
  ["Secret", secretPrinter],
  ["ServiceAccount", serviceAccountPrinter],
  ["Service", servicePrinter],
  ["Endpoints", endpointsPrinter],
  ["EndpointSlice", endpointSlicePrinter],
  ["Ingress", ingressPrinter],
  ["IngressClass", ingressClassPrinter],
  ["PersistentVolume", persistentVolumePrinter],
  ["PersistentVolumeClaim", persistentVolumeClaimPrinter],
  ["StorageClass", storageClassPrinter],
  ["ReplicationController", replicationControllerPrinter],
  ["ControllerRevision", controllerRevisionPrinter],
  ["DaemonSet", daemonSetPrinter],
  ["Deployment", deploymentPrinter],
  ["ReplicaSet", replicaSetPrinter],
  ["StatefulSet", statefulSetPrinter],
  ["CronJob", cronJobPrinter],
  ["Job", jobPrinter],
  ["HorizontalPodAutoscaler", horizontalPodAutoscalerPrinter],
  ["VerticalPodAutoscaler", verticalPodAutoscalerPrinter],
  ["ClusterRole", clusterRolePrinter],
  ["ClusterRoleBinding", clusterRoleBindingPrinter],
  ["Role", rolePrinter],
  ["RoleBinding", roleBindingPrinter],
  ["PriorityClass", priorityClassPrinter],
]);

/** The printer for a kind (`Pod`), or the NAME AGE fallback. */
export function printerFor(kind: string): KindPrinter {
  return PRINTERS.get(kind) ?? genericPrinter;
}

/** True when a kind has its own columns rather than the NAME AGE fallback. */
export function hasPrinter(kind: string): boolean {
  return PRINTERS.has(kind);
}

/**
 * The table `kubectl get <kind>` prints, cells for wide columns included (the renderer
 * drops them without -o wide). Rows keep the order of `objects`.
 */
export function printTable(kind: string, objects: readonly KubeObject[], ctx: PrintContext): Table {
  const printer = printerFor(kind);
  return {
    columns: [...printer.columns],
    rows: objects.map((object) => ({ cells: printer.row(object, ctx), object })),
  };
}
