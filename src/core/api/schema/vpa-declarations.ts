/**
 * The VerticalPodAutoscaler CRD's schema (autoscaling.k8s.io/v1), written the way the
 * `kubernetes-types` declaration files are, so that the same reader gives `explain` and
 * strict field validation for it. Descriptions are the add-on's types.go comments.
 */

/** Package-relative path the declarations are served under. */
export const VPA_DECLARATIONS_PATH = "autoscaling.k8s.io/v1";

export const VPA_DECLARATIONS = `import { ObjectMeta, Time } from "../meta/v1";
import { Quantity } from "../api/resource";
import { CrossVersionObjectReference } from "../autoscaling/v1";
/** VerticalPodAutoscaler is the configuration for a vertical pod autoscaler, which automatically manages pod resources based on historical and real time resource utilization. */
export interface VerticalPodAutoscaler {
    /** APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources */
    apiVersion?: "autoscaling.k8s.io/v1";
    /** Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds */
    kind?: "VerticalPodAutoscaler";
    /** Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */
    metadata?: ObjectMeta;
    /** Specification of the behavior of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status. */
    spec: VerticalPodAutoscalerSpec;
    /** Current information about the autoscaler. */
    status?: VerticalPodAutoscalerStatus;
}
/** VerticalPodAutoscalerSpec is the specification of the behavior of the autoscaler. */
export interface VerticalPodAutoscalerSpec {
    /** Recommender responsible for generating recommendation for this object. List should be empty (then the default recommender will generate the recommendation) or contain exactly one recommender. */
    recommenders?: Array<VerticalPodAutoscalerRecommenderSelector>;
    /** Controls how the autoscaler computes recommended resources. The resource policy may be used to set constraints on the recommendations for individual containers. If any individual containers need to be excluded from getting the VPA recommendations, then it must be disabled explicitly by setting mode to "Off" under containerPolicies. If not specified, the autoscaler computes recommended resources for all containers in the pod, without additional constraints. */
    resourcePolicy?: PodResourcePolicy;
    /** TargetRef points to the controller managing the set of pods for the autoscaler to control - e.g. Deployment, StatefulSet. VerticalPodAutoscaler can be targeted at controller implementing scale subresource (the pod set is retrieved from the controller's ScaleStatus) or some well known controllers (e.g. for DaemonSet the pod set is read from the controller's spec). If VerticalPodAutoscaler cannot use specified target it will report ConfigUnsupported condition. Note that VerticalPodAutoscaler does not require full implementation of scale subresource - it will not use it to modify the replica count. The only thing retrieved is a label selector matching pods grouped by the target resource. */
    targetRef: CrossVersionObjectReference;
    /** Describes the rules on how changes are applied to the pods. If not specified, all fields in the \`PodUpdatePolicy\` are set to their default values. */
    updatePolicy?: PodUpdatePolicy;
}
/** VerticalPodAutoscalerRecommenderSelector points to a specific Vertical Pod Autoscaler recommender. In the future it might pass parameters to the recommender. */
export interface VerticalPodAutoscalerRecommenderSelector {
    /** Name of the recommender responsible for generating recommendation for this object. */
    name: string;
}
/** PodUpdatePolicy describes the rules on how changes are applied to the pods. */
export interface PodUpdatePolicy {
    /** EvictionRequirements is a list of EvictionRequirements that need to evaluate to true in order for a Pod to be evicted. If more than one EvictionRequirement is specified, all of them need to be fulfilled to allow eviction. */
    evictionRequirements?: Array<EvictionRequirement>;
    /** Minimal number of replicas which need to be alive for Updater to attempt pod eviction (pending other checks like PDB). Only positive values are allowed. Overrides global '--min-replicas' flag. */
    minReplicas?: number;
    /** Controls when autoscaler applies changes to the pod resources. The default is 'Recreate'. */
    updateMode?: string;
}
/** EvictionRequirement defines a single condition which needs to be true in order to evict a Pod */
export interface EvictionRequirement {
    /** EvictionChangeRequirement refers to the relationship between the new target recommendation for a Pod and its current requests, what kind of change is necessary for the Pod to be evicted */
    changeRequirement: string;
    /** Resources is a list of one or more resources that the condition applies to. If more than one resource is given, the EvictionRequirement is fulfilled if at least one resource meets \`changeRequirement\`. */
    resources: Array<string>;
}
/** PodResourcePolicy controls how autoscaler computes the recommended resources for containers belonging to the pod. There can be at most one entry for every named container and optionally a single wildcard entry with \`containerName\` = '*', which handles all containers that don't have individual policies. */
export interface PodResourcePolicy {
    /** Per-container resource policies. */
    containerPolicies?: Array<ContainerResourcePolicy>;
}
/** ContainerResourcePolicy controls how autoscaler computes the recommended resources for a specific container. */
export interface ContainerResourcePolicy {
    /** Name of the container or DefaultContainerResourcePolicy, in which case the policy is used by the containers that don't have their own policy specified. */
    containerName?: string;
    /** Specifies the type of recommendations that will be computed (and possibly applied) by VPA. If not specified, the default of [ResourceCPU, ResourceMemory] will be used. */
    controlledResources?: Array<string>;
    /** Specifies which resource values should be controlled. The default is "RequestsAndLimits". */
    controlledValues?: string;
    /** Specifies the maximum amount of resources that will be recommended for the container. The default is no maximum. */
    maxAllowed?: {
        [name: string]: Quantity;
    };
    /** Specifies the minimal amount of resources that will be recommended for the container. The default is no minimum. */
    minAllowed?: {
        [name: string]: Quantity;
    };
    /** Whether autoscaler is enabled for the container. The default is "Auto". */
    mode?: string;
}
/** VerticalPodAutoscalerStatus describes the runtime state of the autoscaler. */
export interface VerticalPodAutoscalerStatus {
    /** Conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met. */
    conditions?: Array<VerticalPodAutoscalerCondition>;
    /** The most recently computed amount of resources recommended by the autoscaler for the controlled pods. */
    recommendation?: RecommendedPodResources;
}
/** RecommendedPodResources is the recommendation of resources computed by autoscaler. It contains a recommendation for each container in the pod (except for those with \`ContainerScalingMode\` set to 'Off'). */
export interface RecommendedPodResources {
    /** Resources recommended by the autoscaler for each container. */
    containerRecommendations?: Array<RecommendedContainerResources>;
}
/** RecommendedContainerResources is the recommendation of resources computed by autoscaler for a specific container. Respects the container resource policy if present in the spec. In particular the recommendation is not produced for containers with \`ContainerScalingMode\` set to 'Off'. */
export interface RecommendedContainerResources {
    /** Name of the container. */
    containerName?: string;
    /** Minimum recommended amount of resources. Observes ContainerResourcePolicy. This amount is not guaranteed to be sufficient for the application to operate in a stable way, however running with less resources is likely to have significant impact on performance/availability. */
    lowerBound?: {
        [name: string]: Quantity;
    };
    /** Recommended amount of resources. Observes ContainerResourcePolicy. */
    target: {
        [name: string]: Quantity;
    };
    /** The most recent recommended resources target computed by the autoscaler for the controlled pods, based only on actual resource usage, not taking into account the ContainerResourcePolicy. May differ from the Recommendation if the actual resource usage causes the target to violate the ContainerResourcePolicy (lower than MinAllowed or higher that MaxAllowed). Used only as status indication, will not affect actual resource assignment. */
    uncappedTarget?: {
        [name: string]: Quantity;
    };
    /** Maximum recommended amount of resources. Observes ContainerResourcePolicy. Any resources allocated beyond this value are likely wasted. This value may be larger than the maximum amount of application is actually capable of consuming. */
    upperBound?: {
        [name: string]: Quantity;
    };
}
/** VerticalPodAutoscalerCondition describes the state of a VerticalPodAutoscaler at a certain point. */
export interface VerticalPodAutoscalerCondition {
    /** lastTransitionTime is the last time the condition transitioned from one status to another */
    lastTransitionTime?: Time;
    /** message is a human-readable explanation containing details about the transition */
    message?: string;
    /** reason is the reason for the condition's last transition. */
    reason?: string;
    /** status is the status of the condition (True, False, Unknown) */
    status: string;
    /** type describes the current condition */
    type: string;
}
`;
