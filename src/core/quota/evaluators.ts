/**
 * Quota evaluators (pkg/quota/v1/evaluator/core and apiserver's generic object count
 * evaluator): for one kind, which quota resource names it accounts for, what one object
 * costs, when a write changes that cost, and which scopes an object falls in.
 */
import type { PersistentVolumeClaim, Pod, ScopedResourceSelectorRequirement, Service } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { kindForResource } from "../api/registry.js";
import { compareAmounts, parseAmount, wholeAmount, type Amount } from "../amount.js";
import { isExtendedResourceName, isTerminatingPod, podConstraintsError, podUsage } from "./pod-usage.js";
import { podMatchesScope } from "./scopes.js";

export interface QuotaEvaluator {
  /** The store resource it evaluates: `pods`, `deployments.apps`. */
  readonly resource: string;
  /** The names among `names` this evaluator accounts for. */
  matchingResources(names: readonly string[]): string[];
  /** Whether a create (`old` undefined) or an update can change usage. */
  handles(obj: KubeObject, old: KubeObject | undefined): boolean;
  /** What the object costs now. */
  usage(obj: KubeObject, now: number): Map<string, Amount>;
  /** Why the object cannot be admitted under a quota tracking `required`, if it cannot. */
  constraints(required: readonly string[], obj: KubeObject): string | undefined;
  matchesScope(req: ScopedResourceSelectorRequirement, obj: KubeObject): boolean;
}

const ONE = wholeAmount(1);

/** The object count name of a resource: `count/pods`, `count/deployments.apps`. */
export function objectCountName(resource: string): string {
  return `count/${resource}`;
}

const POD_RESOURCES = new Set([
  "count/pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
]);

const podEvaluator: QuotaEvaluator = {
  resource: "pods",
  matchingResources: (names) =>
    names.filter((n) => POD_RESOURCES.has(n) || n.startsWith("hugepages-") || n.startsWith("requests.hugepages-") || (n.startsWith("requests.") && isExtendedResourceName(n.slice(9)))),
  // Pods' resources cannot change; an update matters only when it moves the pod between the Terminating scopes.
  handles: (obj, old) => !old || isTerminatingPod(asKind<Pod>(old)) !== isTerminatingPod(asKind<Pod>(obj)),
  usage: (obj, now) => podUsage(asKind<Pod>(obj), now),
  constraints: (required, obj) => podConstraintsError(asKind<Pod>(obj), required),
  matchesScope: (req, obj) => podMatchesScope(asKind<Pod>(obj), req),
};

const SERVICE_RESOURCES = new Set(["services", "count/services", "services.nodeports", "services.loadbalancers"]);

const serviceEvaluator: QuotaEvaluator = {
  resource: "services",
  matchingResources: (names) => names.filter((n) => SERVICE_RESOURCES.has(n)),
  handles: () => true,
  usage(obj) {
    const svc = asKind<Service>(obj);
    const ports = svc.spec?.ports ?? [];
    let nodePorts = 0;
    let loadBalancers = 0;
    if (svc.spec?.type === "NodePort") nodePorts = ports.length;
    if (svc.spec?.type === "LoadBalancer") {
      loadBalancers = 1;
      // Without node port allocation only the ports that still carry one count.
      nodePorts = svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
    }
    return new Map([
      ["count/services", ONE],
      ["services", ONE],
      ["services.loadbalancers", wholeAmount(loadBalancers)],
      ["services.nodeports", wholeAmount(nodePorts)],
    ]);
  },
  constraints: () => undefined,
  matchesScope: () => false,
};

const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
const PVC_RESOURCES = new Set(["persistentvolumeclaims", "count/persistentvolumeclaims", "requests.storage"]);

const pvcEvaluator: QuotaEvaluator = {
  resource: "persistentvolumeclaims",
  matchingResources: (names) =>
    names.filter(
      (n) => PVC_RESOURCES.has(n) || n.endsWith(`${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`) || n.endsWith(`${STORAGE_CLASS_SUFFIX}requests.storage`),
    ),
  handles: () => true,
  usage(obj) {
    const pvc = asKind<PersistentVolumeClaim>(obj);
    const out = new Map<string, Amount>([
      ["persistentvolumeclaims", ONE],
      ["count/persistentvolumeclaims", ONE],
    ]);
    const cls = pvc.spec?.storageClassName ?? pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? "";
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE);
    const storage = claimStorage(pvc);
    if (storage) {
      out.set("requests.storage", storage);
      if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
    }
    return out;
  },
  constraints: () => undefined,
  matchesScope: () => false,
};

/** What a claim is charged: its request, or what an expansion already allocated if that is more. */
function claimStorage(pvc: PersistentVolumeClaim): Amount | undefined {
  const req = pvc.spec?.resources?.requests?.storage;
  const allocated = pvc.status?.allocatedResources?.storage;
  const r = req !== undefined ? parseAmount(req) : undefined;
  const a = allocated !== undefined ? parseAmount(allocated) : undefined;
  if (r && a) return compareAmounts(a, r) > 0 ? a : r;
  return r ?? a;
}

/** The names quota accepted for object counts before `count/…` existed. */
const LEGACY_ALIASES: Readonly<Record<string, string>> = {
  configmaps: "configmaps",
  resourcequotas: "resourcequotas",
  replicationcontrollers: "replicationcontrollers",
  secrets: "secrets",
};

/** The generic object count evaluator: `count/<resource>` (and its legacy alias) is 1 per object, charged at create. */
function objectCountEvaluator(resource: string): QuotaEvaluator {
  const names = [objectCountName(resource), ...(LEGACY_ALIASES[resource] ? [LEGACY_ALIASES[resource]] : [])];
  const usage = new Map(names.map((n) => [n, ONE] as const));
  return {
    resource,
    matchingResources: (wanted) => wanted.filter((n) => names.includes(n)),
    handles: (_obj, old) => !old,
    usage: () => new Map(usage),
    constraints: () => undefined,
    matchesScope: () => false,
  };
}

const SPECIAL: ReadonlyMap<string, QuotaEvaluator> = new Map([podEvaluator, serviceEvaluator, pvcEvaluator].map((e) => [e.resource, e]));
const countEvaluators = new Map<string, QuotaEvaluator>();

/** The evaluator for a namespaced resource: pods, services and claims have their own; any other kind is counted. */
export function evaluatorFor(resource: string): QuotaEvaluator | undefined {
  const special = SPECIAL.get(resource);
  if (special) return special;
  let e = countEvaluators.get(resource);
  if (!e) {
    if (!kindForResource(resource)?.namespaced) return undefined;
    e = objectCountEvaluator(resource);
    countEvaluators.set(resource, e);
  }
  return e;
}

/**
 * The evaluators a quota with these hard names needs (the controller's registry):
 * the special ones it matches, the legacy counted kinds, and each `count/<resource>`
 * of a namespaced kind kdeck serves.
 */
export function evaluatorsForNames(names: readonly string[]): QuotaEvaluator[] {
  const out: QuotaEvaluator[] = [];
  const seen = new Set<string>();
  const add = (e: QuotaEvaluator | undefined) => {
    if (e && !seen.has(e.resource) && e.matchingResources(names).length > 0) {
      seen.add(e.resource);
      out.push(e);
    }
  };
  for (const e of SPECIAL.values()) add(e);
  for (const r of Object.keys(LEGACY_ALIASES)) add(evaluatorFor(r));
  for (const n of names) if (n.startsWith("count/")) add(evaluatorFor(n.slice(6)));
  return out;
}

/**
 * generic.Matches: the quota tracks something this evaluator accounts for, and the
 * object falls in every one of its scopes.
 */
export function quotaMatches(e: QuotaEvaluator, hardNames: readonly string[], scopes: readonly ScopedResourceSelectorRequirement[], obj: KubeObject): boolean {
  if (e.matchingResources(hardNames).length === 0) return false;
  return scopes.every((s) => e.matchesScope(s, obj));
}
