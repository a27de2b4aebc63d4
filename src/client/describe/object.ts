/**
 * `kubectl describe` of any object: picks kubectl's describer for its kind and gathers,
 * through the cluster's reads, what that describer shows besides the object (a node's
 * pods, a Deployment's ReplicaSets, a namespace's quotas, a Pending pod's per-node
 * scheduling verdicts). The CLI's `describe` and the console's describe both call it.
 */
import type { CronJob, Job } from "kubernetes-types/batch/v1";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
import type { ConfigMap, Event, Namespace, Node, Pod, Secret, Service } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import type { ClusterRole, RoleBinding } from "kubernetes-types/rbac/v1";
import type { PriorityClass } from "kubernetes-types/scheduling/v1";
import { asKind, type KubeObject } from "../../core/api/object.js";
import type { KindInfo } from "../../core/api/registry.js";
import type { Cluster } from "../cluster.js";
import type { DescribeContext } from "./common.js";
import { describeConfigMap } from "./configmap.js";
import { describeCronJob } from "./cronjob.js";
import { describeGeneric } from "./generic.js";
import { describeHorizontalPodAutoscaler } from "./horizontalpodautoscaler.js";
import { describeJob } from "./job.js";
import { describeNamespace } from "./namespace.js";
import { describeNetworkingOrStorage } from "./networking-storage.js";
import { describeNode } from "./node.js";
import { describeNodePool } from "./nodepool.js";
import { describePod } from "./pod.js";
import { describePodDisruptionBudget } from "./poddisruptionbudget.js";
import { describePolicy, namespacePolicy } from "./policy.js";
import { describePriorityClass } from "./priorityclass.js";
import { describeRole, describeRoleBinding } from "./rbac.js";
import { describeSecret } from "./secret.js";
import { describeWorkload } from "./workloads.js";

/** The cluster reads describe needs: lists and gets, and the scheduler's verdicts for a Pending pod. */
export type DescribeCluster = Pick<Cluster, "list" | "tryGet" | "explainSchedule">;

/** Whether the pod's `spec.subdomain` names a headless Service in its namespace (its DNS name then resolves). */
export function hasHeadlessSubdomain(cluster: Pick<Cluster, "tryGet">, pod: Pod): boolean {
  const subdomain = pod.spec?.subdomain;
  if (!subdomain || !pod.spec?.hostname) return false;
  const svc = cluster.tryGet("services", pod.metadata?.namespace ?? "default", subdomain);
  return !!svc && asKind<Service>(svc).spec?.clusterIP === "None";
}

/** A pod the scheduler has not placed yet (and will try to): describe says why no node took it. */
export function waitsForNode(pod: Pod): boolean {
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && pod.status?.phase === "Pending";
}

/**
 * kubectl describe of `obj`, of kind `kind`, with `events` (the caller picks those about
 * the object; pass [] for `--show-events=false`). Kinds without a describer of their own
 * get kubectl's generic one.
 */
export function describeObject(cluster: DescribeCluster, kind: KindInfo, obj: KubeObject, events: Event[], dctx: DescribeContext): string {
  if (kind.group === "") {
    switch (kind.kind) {
      case "Pod":
        return describePod(asKind<Pod>(obj), events, dctx, {
          headlessSubdomain: hasHeadlessSubdomain(cluster, asKind<Pod>(obj)),
          scheduling: waitsForNode(asKind<Pod>(obj)) ? cluster.explainSchedule(obj.metadata.namespace ?? "", obj.metadata.name ?? "") : undefined,
        });
      case "Node": {
        const pods = cluster
          .list("pods", { fieldSelector: `spec.nodeName=${obj.metadata.name ?? ""}` })
          .map((p) => asKind<Pod>(p))
          // Finished pods hold no resources: kubectl leaves them out.
          .filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
        return describeNode(asKind<Node>(obj), pods, events, dctx);
      }
      case "Namespace":
        return describeNamespace(asKind<Namespace>(obj), events, dctx, namespacePolicy(cluster, obj.metadata.name ?? ""));
      case "ConfigMap":
        return describeConfigMap(asKind<ConfigMap>(obj), events, dctx);
      case "Secret":
        return describeSecret(asKind<Secret>(obj));
    }
  }
  const policy = describePolicy(kind, obj);
  if (policy !== undefined) return policy;
  const workload = describeWorkload(cluster, kind, obj, events, dctx);
  if (workload !== undefined) return workload;
  const networkingOrStorage = describeNetworkingOrStorage(cluster, kind, obj, events, dctx);
  if (networkingOrStorage !== undefined) return networkingOrStorage;
  if (kind.group === "kdeck.dev" && kind.kind === "NodePool") {
    const nodes = cluster.list("nodes", { labelSelector: `kdeck.dev/nodepool=${obj.metadata.name ?? ""}` }).map((n) => asKind<Node>(n));
    return describeNodePool(obj, nodes, events, dctx);
  }
  if (kind.group === "policy" && kind.kind === "PodDisruptionBudget") return describePodDisruptionBudget(asKind<PodDisruptionBudget>(obj), events, dctx);
  if (kind.group === "scheduling.k8s.io" && kind.kind === "PriorityClass") return describePriorityClass(asKind<PriorityClass>(obj), events, dctx);
  if (kind.group === "autoscaling" && kind.kind === "HorizontalPodAutoscaler") return describeHorizontalPodAutoscaler(asKind<HorizontalPodAutoscaler>(obj), events, dctx);
  if (kind.group === "batch" && kind.kind === "Job") return describeJob(asKind<Job>(obj), events, dctx);
  if (kind.group === "batch" && kind.kind === "CronJob") return describeCronJob(asKind<CronJob>(obj), events, dctx);
  if (kind.group === "rbac.authorization.k8s.io") {
    if (kind.kind === "Role" || kind.kind === "ClusterRole") return describeRole(asKind<ClusterRole>(obj));
    return describeRoleBinding(asKind<RoleBinding>(obj));
  }
  return describeGeneric(obj, events, dctx);
}
