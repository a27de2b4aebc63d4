/**
 * What a pod costs in quota and how LimitRanger sees its size, after Kubernetes'
 * component-helpers `PodRequests` / `PodLimits` and the quota's pod evaluator
 * (pkg/quota/v1/evaluator/core/pods.go).
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { addAmounts, compareAmounts, parseAmount, wholeAmount, type Amount } from "../amount.js";
import { parseTime } from "../engine/clock.js";
import { addLists } from "./resources.js";

type Field = "requests" | "limits";

function listOf(c: Container, field: Field): Map<string, Amount> {
  const out = new Map<string, Amount>();
  const list = c.resources?.[field];
  if (!list || typeof list !== "object") return out;
  for (const [k, v] of Object.entries(list)) if (typeof v === "string" || typeof v === "number") out.set(k, parseAmount(v));
  return out;
}

/** addResourceList: `list += more`, name by name. */
function addInto(list: Map<string, Amount>, more: ReadonlyMap<string, Amount>): void {
  for (const [k, v] of more) list.set(k, list.has(k) ? addAmounts(list.get(k)!, v) : v);
}

/** maxResourceList: `list = max(list, other)`, name by name. */
function maxInto(list: Map<string, Amount>, other: ReadonlyMap<string, Amount>): void {
  for (const [k, v] of other) {
    const cur = list.get(k);
    if (!cur || compareAmounts(v, cur) > 0) list.set(k, v);
  }
}

/**
 * A pod's requests or limits (AggregateContainerRequests / Limits): the containers'
 * sum, sidecars (init containers with restartPolicy Always) added to it, then the max
 * with each classic init container plus the sidecars started before it. With
 * `overhead`, `spec.overhead` is added (to every request; to limits only where set).
 */
export function podResourceList(pod: Pod, field: Field, overhead = true): Map<string, Amount> {
  const spec = pod.spec;
  const total = new Map<string, Amount>();
  if (!spec) return total;
  for (const c of spec.containers ?? []) addInto(total, listOf(c, field));
  const sidecars = new Map<string, Amount>();
  const initMax = new Map<string, Amount>();
  for (const c of (spec.initContainers ?? []) as Container[]) {
    const own = listOf(c, field);
    let effective: Map<string, Amount>;
    if (c.restartPolicy === "Always") {
      addInto(total, own);
      addInto(sidecars, own);
      effective = sidecars;
    } else {
      effective = new Map(own);
      addInto(effective, sidecars);
    }
    maxInto(initMax, effective);
  }
  maxInto(total, initMax);
  if (overhead && spec.overhead) {
    for (const [k, v] of Object.entries(spec.overhead)) {
      if (field === "requests" || total.has(k)) total.set(k, total.has(k) ? addAmounts(total.get(k)!, parseAmount(v)) : parseAmount(v));
    }
  }
  return total;
}

const ONE = wholeAmount(1);

/** A fully qualified resource outside `kubernetes.io/` (`example.com/gpu`). */
export function isExtendedResourceName(name: string): boolean {
  return name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests.");
}

/**
 * podComputeUsageHelper: `pods` 1, and for cpu, memory and ephemeral-storage the
 * request under its bare name and `requests.*`, the limit under `limits.*`; hugepages
 * requests under their name and `requests.*`.
 */
export function podComputeUsage(requests: ReadonlyMap<string, Amount>, limits: ReadonlyMap<string, Amount>): Map<string, Amount> {
  const out = new Map<string, Amount>([["pods", ONE]]);
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [k, v] of requests) {
    if (k.startsWith("hugepages-")) {
      out.set(k, v);
      out.set(`requests.${k}`, v);
    }
    // Extended resources cannot be overcommitted: quota counts them as `requests.<name>` only.
    if (isExtendedResourceName(k)) out.set(`requests.${k}`, v);
  }
  return out;
}

/**
 * QuotaV1Pod: whether a pod still counts against compute quota. Terminal pods do not,
 * nor pods whose deletion grace period has run out (a lost node must not block
 * replacements).
 */
export function podCountsForQuota(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  const deadline = podQuotaDeadline(pod);
  return deadline === undefined || now <= deadline;
}

/** When a terminating pod stops counting (deletionTimestamp + grace period), if it is terminating. */
export function podQuotaDeadline(pod: Pod): number | undefined {
  const ts = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (!ts || grace === undefined || grace === null) return undefined;
  const t = parseTime(ts);
  return Number.isNaN(t) ? undefined : t + grace * 1000;
}

/** PodUsageFunc: `count/pods` always; the compute usage while the pod counts. */
export function podUsage(pod: Pod, now: number): Map<string, Amount> {
  const base = new Map<string, Amount>([["count/pods", ONE]]);
  if (!podCountsForQuota(pod, now)) return base;
  return addLists(base, podComputeUsage(podResourceList(pod, "requests"), podResourceList(pod, "limits")));
}

/** An active deadline makes a pod Terminating in quota's sense (IsTerminating). */
export function isTerminatingPod(pod: Pod): boolean {
  const d = pod.spec?.activeDeadlineSeconds;
  return d !== undefined && d !== null && d >= 0;
}

/** No container requests or limits cpu or memory (the BestEffort QoS class). */
export function isBestEffortPod(pod: Pod): boolean {
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const field of ["requests", "limits"] as const) {
      for (const [k, v] of listOf(c, field)) if ((k === "cpu" || k === "memory") && v.nanos !== 0n) return false;
    }
  }
  return true;
}

/** Resources the pod evaluator insists every container declares when a quota tracks them. */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);

/**
 * The pod evaluator's Constraints: when a quota tracks cpu or memory requests or limits,
 * every container must declare them. Returns `must specify limits.cpu for: x; …` or
 * undefined.
 */
export function podConstraintsError(pod: Pod, required: readonly string[]): string | undefined {
  const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
  if (requiredSet.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...((pod.spec?.initContainers ?? []) as Container[])]) {
    const usage = podComputeUsage(listOf(c, "requests"), listOf(c, "limits"));
    for (const r of requiredSet) {
      if (usage.has(r)) continue;
      const names = missing.get(r) ?? new Set<string>();
      names.add(c.name);
      missing.set(r, names);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}
