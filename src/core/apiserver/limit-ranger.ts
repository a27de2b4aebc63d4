/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger): a new pod's
 * containers get the namespace's LimitRange defaults for the requests and limits they
 * leave out, then pods and claims are held to each LimitRange's min, max and
 * limit/request ratio, refused with Kubernetes' words:
 * `pods "x" is forbidden: minimum cpu usage per Container is 100m, but request is 50m`.
 */
import type { Container, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1";
import { ApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { resourceOf, type KindInfo } from "../api/registry.js";
import { podQOSClass } from "../admission/defaulters/pod.js";
import { formatAmount, milliValue, parseAmount, type Amount } from "../amount.js";
import { podResourceList } from "../quota/pod-usage.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";

/** The annotation that tells which defaults LimitRanger set. */
export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

type List = ReadonlyMap<string, Amount>;

/** The namespace's LimitRanges, by name (the API server's cache has no order; kdeck's is stable). */
function limitRangesIn(store: Store, namespace: string): LimitRange[] {
  if (store.count("limitranges") === 0) return [];
  return store.list("limitranges", namespace).map((o) => asKind<LimitRange>(o));
}

function listOf(record: unknown): Map<string, Amount> {
  const out = new Map<string, Amount>();
  if (typeof record !== "object" || record === null) return out;
  for (const [k, v] of Object.entries(record as Record<string, unknown>)) if (typeof v === "string" || typeof v === "number") out.set(k, parseAmount(v));
  return out;
}

function entries(record: unknown): [string, string][] {
  if (typeof record !== "object" || record === null) return [];
  return Object.entries(record as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string" || typeof e[1] === "number").map(([k, v]) => [k, String(v)]);
}

/** defaultContainerResourceRequirements: the Container items' default requests and limits. */
function containerDefaults(lr: LimitRange): { requests: [string, string][]; limits: [string, string][] } {
  const requests = new Map<string, string>();
  const limits = new Map<string, string>();
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== "Container") continue;
    for (const [k, v] of entries(item.defaultRequest)) requests.set(k, v);
    for (const [k, v] of entries(item.default)) limits.set(k, v);
  }
  return { requests: [...requests], limits: [...limits] };
}

/** mergeContainerResources: fills what the container leaves out; returns the annotation parts. */
function mergeContainer(c: Container, defaults: ReturnType<typeof containerDefaults>, prefix: string): string[] {
  const resources = (c.resources ??= {});
  const set = (field: "requests" | "limits", values: [string, string][]): string[] => {
    const current = { ...(resources[field] ?? {}) } as Record<string, string>;
    const added = values.filter(([k]) => !(k in current)).map(([k]) => k);
    if (added.length === 0) return [];
    for (const [k, v] of values) if (!(k in current)) current[k] = v;
    // Kubernetes' lists are maps, served with sorted keys.
    resources[field] = Object.fromEntries(Object.keys(current).sort().map((k) => [k, current[k]!]));
    return added.sort();
  };
  const limits = set("limits", defaults.limits);
  const requests = set("requests", defaults.requests);
  const notes: string[] = [];
  if (requests.length > 0) notes.push(`${requests.join(", ")} request for ${prefix} ${c.name}`);
  if (limits.length > 0) notes.push(`${limits.join(", ")} limit for ${prefix} ${c.name}`);
  return notes;
}

/** PodMutateLimitFunc over every LimitRange of the namespace; returns a new pod when it changed one. */
function applyDefaults(obj: KubeObject, ranges: readonly LimitRange[]): KubeObject {
  let out = obj;
  for (const lr of ranges) {
    const defaults = containerDefaults(lr);
    if (defaults.requests.length === 0 && defaults.limits.length === 0) continue;
    const pod = structuredClone(out) as unknown as Pod;
    const notes: string[] = [];
    for (const c of pod.spec?.containers ?? []) notes.push(...mergeContainer(c, defaults, "container"));
    for (const c of pod.spec?.initContainers ?? []) notes.push(...mergeContainer(c, defaults, "init container"));
    if (notes.length === 0) continue;
    pod.metadata = { ...pod.metadata, annotations: { ...(pod.metadata?.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` } };
    // The QoS class is computed after admission: defaults can change it.
    if (pod.status && pod.spec) pod.status.qosClass = podQOSClass(pod.spec);
    out = pod as unknown as KubeObject;
  }
  return out;
}

/** Compared in milli-units, as requestLimitEnforcedValues does for any value that fits. */
function cmp(a: Amount | undefined, b: Amount): number {
  const x = a ? milliValue(a) : 0n;
  const y = milliValue(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

function minConstraint(type: string, name: string, enforced: Amount, request: List, limit: List): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const e = formatAmount(enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (cmp(req, enforced) < 0) return `minimum ${name} usage per ${type} is ${e}, but request is ${formatAmount(req)}`;
  if (lim && cmp(lim, enforced) < 0) return `minimum ${name} usage per ${type} is ${e}, but limit is ${formatAmount(lim)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Amount, request: List, limit: List): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const e = formatAmount(enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (cmp(lim, enforced) > 0) return `maximum ${name} usage per ${type} is ${e}, but limit is ${formatAmount(lim)}`;
  if (req && cmp(req, enforced) > 0) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatAmount(req)}`;
  return undefined;
}

/** For claims, whose limits are not user input: the max applies to the request. */
function maxRequestConstraint(type: string, name: string, enforced: Amount, request: List): string | undefined {
  const req = request.get(name);
  const e = formatAmount(enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (cmp(req, enforced) > 0) return `maximum ${name} usage per ${type} is ${e}, but request is ${formatAmount(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Amount, request: List, limit: List): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const e = formatAmount(enforced);
  const reqMilli = req ? milliValue(req) : 0n;
  const limMilli = lim ? milliValue(lim) : 0n;
  if (reqMilli === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (limMilli === 0n) return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const observed = Number(limMilli) / Number(reqMilli);
  if (observed * 1000 > Number(milliValue(enforced))) {
    return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

/** min, max and ratio of one item against one set of requests and limits. */
function checkItem(item: LimitRangeItem, request: List, limit: List, errs: string[]): void {
  const type = item.type;
  const push = (m: string | undefined) => void (m !== undefined && errs.push(m));
  for (const [k, v] of listOf(item.min)) push(minConstraint(type, k, v, request, limit));
  for (const [k, v] of listOf(item.max)) push(maxConstraint(type, k, v, request, limit));
  for (const [k, v] of listOf(item.maxLimitRequestRatio)) push(ratioConstraint(type, k, v, request, limit));
}

/** PodValidateLimitFunc: Container items per container and init container, Pod items on the pod's totals. */
function podErrors(lr: LimitRange, pod: Pod): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === "Container") {
      for (const c of [...(pod.spec?.containers ?? []), ...((pod.spec?.initContainers ?? []) as Container[])]) {
        checkItem(item, listOf(c.resources?.requests), listOf(c.resources?.limits), errs);
      }
    } else if (item.type === "Pod") {
      checkItem(item, podResourceList(pod, "requests", false), podResourceList(pod, "limits", false), errs);
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: the claim's storage request within min and max. */
function claimErrors(lr: LimitRange, pvc: PersistentVolumeClaim): string[] {
  const errs: string[] = [];
  const request = listOf(pvc.spec?.resources?.requests);
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== "PersistentVolumeClaim") continue;
    for (const [k, v] of listOf(item.min)) {
      const m = minConstraint(item.type, k, v, request, new Map());
      if (m) errs.push(m);
    }
    for (const [k, v] of listOf(item.max)) {
      const m = maxRequestConstraint(item.type, k, v, request);
      if (m) errs.push(m);
    }
  }
  return errs;
}

/** utilerrors.NewAggregate(...).Error(): one message as it is, several in brackets, repeats once. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

function isPod(kind: KindInfo): boolean {
  return kind.group === "" && kind.kind === "Pod";
}

function isClaim(kind: KindInfo): boolean {
  return kind.group === "" && kind.kind === "PersistentVolumeClaim";
}

/**
 * LimitRanger: defaults on pod create (pods' containers cannot change afterwards), then
 * the checks on pod create and claim create or update, each LimitRange in turn, the
 * first one that fails refusing the write. Objects being deleted are left alone.
 */
export function limitRangerAdmission(store: Store): AdmissionPlugin {
  return {
    name: "LimitRanger",
    mutate(obj, kind, old) {
      if (old || !isPod(kind)) return obj;
      const ranges = limitRangesIn(store, obj.metadata.namespace ?? "");
      return ranges.length === 0 ? obj : applyDefaults(obj, ranges);
    },
    validateAdmission(obj, kind, old) {
      if (!(isPod(kind) && !old) && !isClaim(kind)) return;
      if (old?.metadata.deletionTimestamp) return;
      for (const lr of limitRangesIn(store, obj.metadata.namespace ?? "")) {
        const errs = isPod(kind) ? podErrors(lr, asKind<Pod>(obj)) : claimErrors(lr, asKind<PersistentVolumeClaim>(obj));
        if (errs.length > 0) {
          const name = obj.metadata.name || obj.metadata.generateName || "Unknown";
          throw new ApiError("Forbidden", `${resourceOf(kind)} "${name}" is forbidden: ${aggregate(errs)}`);
        }
      }
    },
  };
}
