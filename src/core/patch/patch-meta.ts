import { KINDS, NOT_YET_SERVED } from "../api/registry.js";

/**
 * How strategic merge patch treats one field: the `patchStrategy` and
 * `patchMergeKey` struct tags of the Kubernetes API types, written down as data.
 * A field with no entry is merged key by key if it is an object and replaced whole
 * if it is a list (Kubernetes' "atomic" default).
 */
export interface FieldPatchMeta {
  /** `merge`: lists merge by {@link mergeKey} (or as sets, for lists of scalars). */
  strategy: "merge" | "replace";
  /** Field that identifies an item in a list of objects (`name`, `containerPort`…). */
  mergeKey?: string;
  /** `retainKeys`: fields missing from the patched object are cleared (union types such as a volume's source). */
  retainKeys?: boolean;
}

/** The strategic-merge metadata of one kind, looked up by field path. */
export interface PatchSchema {
  kind: string;
  /**
   * False for kinds Kubernetes does not build in (custom resources): the API server
   * refuses strategic merge patches for them and kubectl falls back to JSON merge patch.
   */
  strategic: boolean;
  /**
   * Metadata of a field, by its path from the object root with `[]` for "an item of
   * this list": `spec.template.spec.containers[].ports`.
   */
  field(path: string): FieldPatchMeta | undefined;
}

type Rule = readonly [path: string, meta: FieldPatchMeta];

const mergeBy = (mergeKey: string, retainKeys = false): FieldPatchMeta =>
  retainKeys ? { strategy: "merge", mergeKey, retainKeys } : { strategy: "merge", mergeKey };
const mergeSet: FieldPatchMeta = { strategy: "merge" };

function under(prefix: string, rules: readonly Rule[]): Rule[] {
  return rules.map(([path, meta]) => [`${prefix}.${path}`, meta] as const);
}

// k8s.io/apimachinery meta/v1 ObjectMeta.
const OBJECT_META: readonly Rule[] = [
  ["ownerReferences", mergeBy("uid")],
  ["finalizers", mergeSet],
];

// core/v1 Container (and EphemeralContainerCommon, which has the same tags).
// envFrom, resizePolicy, command and args carry no tags: they are replaced whole.
const CONTAINER: readonly Rule[] = [
  ["ports", mergeBy("containerPort")],
  ["env", mergeBy("name")],
  ["volumeMounts", mergeBy("mountPath")],
  ["volumeDevices", mergeBy("devicePath")],
];

// core/v1 PodSpec. tolerations, readinessGates and the affinity terms carry no tags.
const POD_SPEC: readonly Rule[] = [
  ["volumes", mergeBy("name", true)],
  ["initContainers", mergeBy("name")],
  ...under("initContainers[]", CONTAINER),
  ["containers", mergeBy("name")],
  ...under("containers[]", CONTAINER),
  ["ephemeralContainers", mergeBy("name")],
  ...under("ephemeralContainers[]", CONTAINER),
  ["imagePullSecrets", mergeBy("name")],
  ["hostAliases", mergeBy("ip")],
  ["topologySpreadConstraints", mergeBy("topologyKey")],
  ["schedulingGates", mergeBy("name")],
  ["resourceClaims", mergeBy("name", true)],
];

// core/v1 PodStatus. containerStatuses and friends carry no tags.
const POD_STATUS: readonly Rule[] = [
  ["conditions", mergeBy("type")],
  ["podIPs", mergeBy("ip")],
  ["hostIPs", mergeBy("ip")],
  ["resourceClaimStatuses", mergeBy("name", true)],
];

const POD_TEMPLATE_SPEC: readonly Rule[] = [...under("metadata", OBJECT_META), ...under("spec", POD_SPEC)];

/** Status types whose only tagged field is `conditions`, merged by `type`. */
const STATUS_CONDITIONS: readonly Rule[] = [["status.conditions", mergeBy("type")]];

const WORKLOAD: readonly Rule[] = [...under("spec.template", POD_TEMPLATE_SPEC), ...STATUS_CONDITIONS];

/**
 * Per-kind rules beyond ObjectMeta, from the struct tags in k8s.io/api. Node taints
 * carry no tags upstream, so (as in Kubernetes) a patch replaces the whole list.
 */
const KIND_RULES: Readonly<Record<string, readonly Rule[]>> = {
  Pod: [...under("spec", POD_SPEC), ...under("status", POD_STATUS)],
  PodTemplate: under("template", POD_TEMPLATE_SPEC),
  ReplicationController: WORKLOAD,
  ReplicaSet: WORKLOAD,
  // DeploymentSpec.strategy is `patchStrategy:"retainKeys"`: switching to Recreate drops rollingUpdate.
  Deployment: [...WORKLOAD, ["spec.strategy", { strategy: "merge", retainKeys: true }]],
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  Job: WORKLOAD,
  CronJob: [...under("spec.jobTemplate.metadata", OBJECT_META), ...under("spec.jobTemplate.spec.template", POD_TEMPLATE_SPEC)],
  Service: [["spec.ports", mergeBy("port")], ...STATUS_CONDITIONS],
  Node: [
    ["spec.podCIDRs", mergeSet],
    ["status.conditions", mergeBy("type")],
    ["status.addresses", mergeBy("type")],
  ],
  ServiceAccount: [["secrets", mergeBy("name")]],
  Namespace: STATUS_CONDITIONS,
  PersistentVolumeClaim: STATUS_CONDITIONS,
  PodDisruptionBudget: STATUS_CONDITIONS,
  HorizontalPodAutoscaler: STATUS_CONDITIONS,
};

const BUILT_IN_KINDS = new Set<string>([...KINDS.map((k) => k.kind), ...NOT_YET_SERVED.map((k) => k.kind), ...Object.keys(KIND_RULES)]);

const schemas = new Map<string, PatchSchema>();

/** The strategic-merge metadata for a kind (`Deployment`, `Pod`…). */
export function patchSchemaFor(kind: string): PatchSchema {
  let schema = schemas.get(kind);
  if (!schema) {
    const table = new Map<string, FieldPatchMeta>([...under("metadata", OBJECT_META), ...(KIND_RULES[kind] ?? [])]);
    schema = { kind, strategic: BUILT_IN_KINDS.has(kind), field: (path) => table.get(path) };
    schemas.set(kind, schema);
  }
  return schema;
}

/** Path of field `key` below `parent` in {@link PatchSchema.field}'s notation. */
export function fieldPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Path of the items of the list at `listPath`. */
export function itemPath(listPath: string): string {
  return `${listPath}[]`;
}
