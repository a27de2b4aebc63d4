/**
 * The one registry of kinds kdeck serves. The CLI's kind argument, `api-resources`,
 * the console's `:` prompt, printers and (later) API discovery all read it.
 * Later features add kinds here; nothing else keeps its own list.
 */
export interface KindInfo {
  /** API group, empty for the core group. */
  group: string;
  version: string;
  /** Older versions also served: a manifest in one is converted to `version` on write (autoscaling/v1). */
  otherVersions?: string[];
  kind: string;
  /** Lower-case plural: `pods`. */
  plural: string;
  /** Lower-case singular: `pod`. */
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** `kubectl get all` style categories. */
  categories: string[];
  /** Verbs served, as `api-resources -o wide` prints them. */
  verbs: string[];
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function kind(
  group: string,
  version: string,
  kindName: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
): KindInfo {
  return {
    group,
    version,
    kind: kindName,
    plural,
    singular: kindName.toLowerCase(),
    shortNames,
    namespaced,
    categories,
    verbs: ALL_VERBS,
  };
}

/** Kinds served by this version of kdeck, in `api-resources` order. */
export const KINDS: readonly KindInfo[] = [
  kind("", "v1", "ConfigMap", "configmaps", true, ["cm"]),
  kind("", "v1", "Endpoints", "endpoints", true, ["ep"]),
  kind("", "v1", "Event", "events", true, ["ev"]),
  kind("", "v1", "LimitRange", "limitranges", true, ["limits"]),
  kind("", "v1", "Namespace", "namespaces", false, ["ns"]),
  kind("", "v1", "Node", "nodes", false, ["no"]),
  kind("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"]),
  kind("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"]),
  kind("", "v1", "Pod", "pods", true, ["po"], ["all"]),
  kind("", "v1", "Secret", "secrets", true),
  kind("", "v1", "ReplicationController", "replicationcontrollers", true, ["rc"], ["all"]),
  kind("", "v1", "ResourceQuota", "resourcequotas", true, ["quota"]),
  kind("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]),
  kind("", "v1", "Service", "services", true, ["svc"], ["all"]),
  kind("apps", "v1", "ControllerRevision", "controllerrevisions", true),
  kind("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], ["all"]),
  kind("apps", "v1", "Deployment", "deployments", true, ["deploy"], ["all"]),
  kind("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], ["all"]),
  kind("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], ["all"]),
  { ...kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["all"]), otherVersions: ["v1"] },
  kind("autoscaling.k8s.io", "v1", "VerticalPodAutoscaler", "verticalpodautoscalers", true, ["vpa"]),
  kind("batch", "v1", "CronJob", "cronjobs", true, ["cj"], ["all"]),
  kind("batch", "v1", "Job", "jobs", true, [], ["all"]),
  kind("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  kind("kdeck.dev", "v1alpha1", "NodePool", "nodepools", false, ["np"]),
  kind("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  kind("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"]),
  kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"]),
  kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  kind("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, ["pc"]),
  kind("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]),
];

/**
 * Kinds Kubernetes serves that kdeck does not serve yet: a manifest using one is
 * refused with a message naming it rather than "no matches".
 */
export const NOT_YET_SERVED: readonly { group: string; versions: string[]; kind: string; plural: string; shortNames: string[] }[] = [
  { group: "networking.k8s.io", versions: ["v1"], kind: "NetworkPolicy", plural: "networkpolicies", shortNames: ["netpol"] },
  { group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition", plural: "customresourcedefinitions", shortNames: ["crd", "crds"] },
  { group: "coordination.k8s.io", versions: ["v1"], kind: "Lease", plural: "leases", shortNames: [] },
];

/** `pods`, `deployments.apps`: how a resource is keyed in the store and named in messages. */
export function resourceOf(k: Pick<KindInfo, "plural" | "group">): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

export function apiVersionOf(k: Pick<KindInfo, "group" | "version">): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

const byResource = new Map<string, KindInfo>();
const byGroupKind = new Map<string, KindInfo>();
for (const k of KINDS) {
  byResource.set(resourceOf(k), k);
  byGroupKind.set(`${k.group}/${k.kind}`, k);
}

/** The kind with this store resource key (`pods`, `deployments.apps`). */
export function kindForResource(resource: string): KindInfo | undefined {
  return byResource.get(resource);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * Resolves a manifest's apiVersion and kind. Throws the message Kubernetes gives for
 * a version it does not serve, and kdeck's own for kinds it does not serve yet.
 */
export function kindForObject(apiVersion: string | undefined, kindName: string | undefined): KindInfo {
  if (!kindName) throw new RegistryError("Object 'Kind' is missing");
  if (!apiVersion) throw new RegistryError("Object 'apiVersion' is missing");
  const { group, version } = splitApiVersion(apiVersion);
  const k = byGroupKind.get(`${group}/${kindName}`);
  if (k && (k.version === version || k.otherVersions?.includes(version))) return k;
  const later = NOT_YET_SERVED.find((n) => n.group === group && n.kind === kindName && n.versions.includes(version));
  if (later) {
    throw new RegistryError(`kind "${kindName}" in version "${apiVersion}" is not served by kdeck yet`);
  }
  throw new RegistryError(`no matches for kind "${kindName}" in version "${apiVersion}"`);
}

/** Error raised when a kind or resource name cannot be resolved. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistryError";
  }
}

function names(k: { kind: string; plural: string; shortNames: string[] }): string[] {
  return [k.plural, k.kind.toLowerCase(), ...k.shortNames];
}

/**
 * Resolves what a user typed as a resource type (`po`, `pods`, `pod`, `Pod`,
 * `deployments.apps`, `deploy.apps`), the way kubectl's RESTMapper does.
 * Unknown names suggest the nearest served resource.
 */
export function resolveResourceArg(arg: string): KindInfo {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf(".");
  const base = dot < 0 ? lower : lower.slice(0, dot);
  const groupHint = dot < 0 ? undefined : lower.slice(dot + 1);
  const match = KINDS.find(
    (k) =>
      names(k).includes(base) &&
      (groupHint === undefined || k.group === groupHint || [k.version, ...(k.otherVersions ?? [])].some((v) => `${v}.${k.group}` === groupHint)),
  );
  if (match) return match;
  const later = NOT_YET_SERVED.find((k) => names(k).includes(base));
  if (later) {
    throw new RegistryError(`the server doesn't have a resource type "${arg}" (kdeck does not serve ${later.kind} yet)`);
  }
  const suggestion = nearest(lower, KINDS.flatMap((k) => names(k).map((n) => ({ n, k }))));
  const hint = suggestion ? `; did you mean "${suggestion.k.plural}"?` : "";
  throw new RegistryError(`the server doesn't have a resource type "${arg}"${hint}`);
}

function nearest<T extends { n: string }>(word: string, candidates: T[]): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c.n);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + cost);
    }
  }
  return dp[a.length]![b.length]!;
}
