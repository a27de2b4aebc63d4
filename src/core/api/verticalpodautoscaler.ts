/**
 * The VerticalPodAutoscaler API (autoscaling.k8s.io/v1) of Kubernetes' autoscaler
 * add-on, which `kubernetes-types` does not describe: its types as the add-on's
 * vertical-pod-autoscaler/pkg/apis/autoscaling.k8s.io/v1/types.go declares them.
 * The schema `explain` and strict validation read is in schema/vpa-declarations.ts.
 */
import type { CrossVersionObjectReference } from "kubernetes-types/autoscaling/v1";
import type { ObjectMeta, Time } from "kubernetes-types/meta/v1";

/** A ResourceList: resource name to quantity. */
export type ResourceList = { [name: string]: string };

export type UpdateMode = "Off" | "Initial" | "Recreate" | "InPlaceOrRecreate" | "Auto";

export interface VerticalPodAutoscaler {
  apiVersion?: "autoscaling.k8s.io/v1";
  kind?: "VerticalPodAutoscaler";
  metadata?: ObjectMeta;
  spec: VerticalPodAutoscalerSpec;
  status?: VerticalPodAutoscalerStatus;
}

export interface VerticalPodAutoscalerSpec {
  targetRef: CrossVersionObjectReference;
  updatePolicy?: PodUpdatePolicy;
  resourcePolicy?: PodResourcePolicy;
  recommenders?: { name: string }[];
}

export interface PodUpdatePolicy {
  /** Off, Initial, Recreate, InPlaceOrRecreate or Auto; the add-on's default is Recreate. */
  updateMode?: UpdateMode;
  /** Pods that must be alive before the updater evicts one (the updater's --min-replicas, 2). */
  minReplicas?: number;
  evictionRequirements?: { resources: string[]; changeRequirement: "TargetHigherThanRequests" | "TargetLowerThanRequests" }[];
}

export interface PodResourcePolicy {
  containerPolicies?: ContainerResourcePolicy[];
}

export interface ContainerResourcePolicy {
  /** A container's name, or `*` for every container without its own policy. */
  containerName?: string;
  mode?: "Auto" | "Off";
  minAllowed?: ResourceList;
  maxAllowed?: ResourceList;
  /** Default [cpu, memory]. */
  controlledResources?: string[];
  /** Default RequestsAndLimits. */
  controlledValues?: "RequestsAndLimits" | "RequestsOnly";
}

export interface VerticalPodAutoscalerStatus {
  recommendation?: RecommendedPodResources;
  conditions?: VerticalPodAutoscalerCondition[];
}

export interface RecommendedPodResources {
  containerRecommendations?: RecommendedContainerResources[];
}

export interface RecommendedContainerResources {
  containerName?: string;
  target: ResourceList;
  lowerBound?: ResourceList;
  upperBound?: ResourceList;
  uncappedTarget?: ResourceList;
}

export interface VerticalPodAutoscalerCondition {
  type: "RecommendationProvided" | "LowConfidence" | "NoPodsMatched" | "FetchingHistory" | "ConfigDeprecated" | "ConfigUnsupported";
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: Time;
  reason?: string;
  message?: string;
}

/** The update mode the add-on applies: Recreate when unset, and Auto (deprecated) means Recreate. */
export function effectiveUpdateMode(vpa: VerticalPodAutoscaler): "Off" | "Initial" | "Recreate" {
  const mode = vpa.spec?.updatePolicy?.updateMode ?? "Recreate";
  if (mode === "Off" || mode === "Initial") return mode;
  return "Recreate";
}

/** The policy for a container: its own, else the `*` one. */
export function containerPolicyFor(vpa: VerticalPodAutoscaler, container: string): ContainerResourcePolicy | undefined {
  const policies = vpa.spec?.resourcePolicy?.containerPolicies ?? [];
  return policies.find((p) => p.containerName === container) ?? policies.find((p) => p.containerName === "*");
}

/** The resources the VPA controls for a container (cpu and memory unless the policy narrows them). */
export function controlledResources(vpa: VerticalPodAutoscaler, container: string): string[] {
  return containerPolicyFor(vpa, container)?.controlledResources ?? ["cpu", "memory"];
}
