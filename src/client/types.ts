/**
 * The typed Kubernetes shapes the CLI and the console read objects as. Re-exported
 * here because the layer rule keeps `…/core/…` import paths out of commands and views.
 */
export type { Container, ContainerStatus, Event, Namespace, Node, Pod } from "kubernetes-types/core/v1";
export type { ConfigMap, Secret, Service } from "kubernetes-types/core/v1";
export type { CronJob, Job } from "kubernetes-types/batch/v1";
export type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1";
export type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
export type { PodTemplateSpec, ReplicationController } from "kubernetes-types/core/v1";
export type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
export type { PriorityClass } from "kubernetes-types/scheduling/v1";
export type { Taint } from "kubernetes-types/core/v1";
export type { LimitRange, ResourceQuota } from "kubernetes-types/core/v1";
export type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2";
