/**
 * The NodePool schema (kdeck.dev/v1alpha1), written the way the `kubernetes-types`
 * declaration files are, so that the same reader gives `explain` and strict field
 * validation for kdeck's own kind.
 */

/** Package-relative path the declarations are served under. */
export const NODEPOOL_DECLARATIONS_PATH = "kdeck.dev/v1alpha1";

export const NODEPOOL_DECLARATIONS = `import { ObjectMeta, Time } from "../meta/v1";
import { Quantity } from "../api/resource";
import { Taint } from "../core/v1";
/** NodePool is a group of identical nodes between a minimum and a maximum size, which kdeck's cluster autoscaler grows when pods do not fit and shrinks when nodes are left under-used, as a cloud's node group. */
export interface NodePool {
    /** APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources */
    apiVersion?: "kdeck.dev/v1alpha1";
    /** Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds */
    kind?: "NodePool";
    /** Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata */
    metadata?: ObjectMeta;
    /** Spec defines the size limits of the pool and the shape of its nodes. */
    spec: NodePoolSpec;
    /** Status is the pool's current size, as the node pool controller and the cluster autoscaler observe it. */
    status?: NodePoolStatus;
}
/** NodePoolSpec is the size limits and node template of a pool. */
export interface NodePoolSpec {
    /** MaxSize is the largest number of nodes the pool may have. The cluster autoscaler never grows the pool beyond it. */
    maxSize: number;
    /** MinSize is the smallest number of nodes the pool may have. The pool controller creates nodes up to it and the cluster autoscaler never removes nodes below it. */
    minSize: number;
    /** ProvisioningDelay is how much virtual time a new node takes from being asked for to registering Ready, as a duration such as 60s or 2m. Defaults to 1m0s. */
    provisioningDelay?: string;
    /** Template describes every node of the pool. Defaults to the bootstrap's worker shape. */
    template?: NodePoolTemplate;
}
/** NodePoolTemplate describes the nodes of a pool. */
export interface NodePoolTemplate {
    /** Capacity of each node: cpu, memory and pods. Allocatable equals capacity. Defaults to 4 CPUs, 16Gi of memory and 110 pods. */
    capacity?: {
        [name: string]: Quantity;
    };
    /** Labels added to every node, besides the kubernetes.io/hostname, os, arch, topology and kdeck.dev/nodepool labels. */
    labels?: {
        [name: string]: string;
    };
    /** Taints every node is registered with. */
    taints?: Array<Taint>;
    /** Zone is the topology.kubernetes.io/zone label of every node. Defaults to zone-a. */
    zone?: string;
}
/** NodePoolStatus is the observed state of a pool. */
export interface NodePoolStatus {
    /** CurrentSize is the number of registered nodes of the pool. */
    currentSize?: number;
    /** DesiredSize is the size the pool is converging to, within minSize and maxSize. The cluster autoscaler raises and lowers it. */
    desiredSize?: number;
    /** LastScaleDownTime is when the cluster autoscaler last removed a node of the pool. */
    lastScaleDownTime?: Time;
    /** LastScaleUpTime is when the cluster autoscaler last grew the pool. */
    lastScaleUpTime?: Time;
    /** ObservedGeneration is the generation of the spec the pool controller last acted on. */
    observedGeneration?: number;
    /** Provisioning lists the nodes asked for and not yet registered. */
    provisioning?: Array<ProvisioningNode>;
    /** ReadyNodes is the number of registered nodes whose Ready condition is True. */
    readyNodes?: number;
    /** UnneededNodes lists the nodes the cluster autoscaler found unneeded, and since when. */
    unneededNodes?: Array<UnneededNode>;
}
/** ProvisioningNode is a node asked for and not yet registered. */
export interface ProvisioningNode {
    /** Name the node registers under. */
    name: string;
    /** RequestTime is when the node was asked for. */
    requestTime: Time;
}
/** UnneededNode is a node the cluster autoscaler may remove once it has been unneeded long enough. */
export interface UnneededNode {
    /** Name of the node. */
    name: string;
    /** Since is when the node was first found unneeded. */
    since: Time;
}
`;
