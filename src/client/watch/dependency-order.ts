/**
 * The order a folder is applied in: what other objects need first. Namespaces and the
 * kinds that define other kinds, then policy that admission reads, configuration,
 * identities and RBAC, storage, networking, workloads, and last what points at
 * workloads. Keyed by `group/Kind` so that kinds the registry serves later (Deployments,
 * Services…) fall into place without code; kinds not listed (custom resources) go last.
 */
const RANKS: ReadonlyArray<readonly string[]> = [
  ["/Namespace", "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService"],
  ["scheduling.k8s.io/PriorityClass", "/ResourceQuota", "/LimitRange", "networking.k8s.io/NetworkPolicy", "policy/PodSecurityPolicy"],
  ["/ConfigMap", "/Secret"],
  [
    "/ServiceAccount",
    "rbac.authorization.k8s.io/ClusterRole",
    "rbac.authorization.k8s.io/ClusterRoleBinding",
    "rbac.authorization.k8s.io/Role",
    "rbac.authorization.k8s.io/RoleBinding",
  ],
  ["storage.k8s.io/StorageClass", "/PersistentVolume", "/PersistentVolumeClaim"],
  ["/Service", "/Endpoints", "discovery.k8s.io/EndpointSlice", "networking.k8s.io/IngressClass"],
  [
    "/Pod",
    "/ReplicationController",
    "apps/ReplicaSet",
    "apps/Deployment",
    "apps/StatefulSet",
    "apps/DaemonSet",
    "batch/Job",
    "batch/CronJob",
  ],
  ["autoscaling/HorizontalPodAutoscaler", "policy/PodDisruptionBudget", "networking.k8s.io/Ingress"],
];

const RANK_OF: ReadonlyMap<string, number> = new Map(RANKS.flatMap((kinds, rank) => kinds.map((k) => [k, rank] as const)));

/** The rank of kinds the table does not know: after everything it does. */
export const DEFAULT_RANK = RANKS.length;

/** Where a kind goes in the apply order: lower first. */
export function applyRank(group: string, kind: string): number {
  return RANK_OF.get(`${group}/${kind}`) ?? DEFAULT_RANK;
}

/** Anything that names its kind through a ref: declared objects, members. */
export interface Ranked {
  readonly ref: { readonly group: string; readonly kind: string };
}

/**
 * Sorts for applying: by rank, and within a rank in the order given (the folder's
 * file order), as a stable sort keeps it.
 */
export function sortForApply<T extends Ranked>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => applyRank(a.ref.group, a.ref.kind) - applyRank(b.ref.group, b.ref.kind));
}

/** Sorts for pruning: the reverse of the apply order, so workloads go before their namespace. */
export function sortForPrune<T extends Ranked>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => applyRank(b.ref.group, b.ref.kind) - applyRank(a.ref.group, a.ref.kind));
}
