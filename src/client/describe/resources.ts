import { podQOSClass as computeQOSClass } from "../../core/admission/defaulters/pod.js";
/**
 * What a pod asks of its node: kubectl's PodRequestsAndLimits (app containers summed,
 * init containers as a maximum, sidecars counted in both, overhead added) and the
 * QoS class Kubernetes derives from requests and limits.
 */
import type { Container, Pod } from "kubernetes-types/core/v1";
import { isRestartableInitContainer } from "../../core/printers/pod.js";
import { addAmounts, greater, parseAmount, type Amount } from "./quantity.js";

/** Resource name → amount. */
export type ResourceAmounts = Map<string, Amount>;

function toAmounts(list: Readonly<Record<string, string>> | undefined): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, q] of Object.entries(list ?? {})) out.set(name, parseAmount(q));
  return out;
}

function addInto(list: ResourceAmounts, add: ResourceAmounts): void {
  for (const [name, q] of add) {
    const current = list.get(name);
    list.set(name, current ? addAmounts(current, q) : q);
  }
}

function maxInto(list: ResourceAmounts, other: ResourceAmounts): void {
  for (const [name, q] of other) {
    const current = list.get(name);
    if (!current || greater(q, current)) list.set(name, q);
  }
}

function aggregate(pod: Pod, pick: (c: Container) => Record<string, string> | undefined, overheadOnlyExisting: boolean): ResourceAmounts {
  const total: ResourceAmounts = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(total, toAmounts(pick(c)));
  const sidecars: ResourceAmounts = new Map();
  const initMax: ResourceAmounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = toAmounts(pick(c));
    let effective: ResourceAmounts;
    if (isRestartableInitContainer(c)) {
      addInto(total, own);
      addInto(sidecars, own);
      effective = sidecars;
    } else {
      effective = new Map();
      addInto(effective, own);
      addInto(effective, sidecars);
    }
    maxInto(initMax, effective);
  }
  maxInto(total, initMax);
  for (const [name, q] of toAmounts(pod.spec?.overhead)) {
    const current = total.get(name);
    if (current) total.set(name, addAmounts(current, q));
    else if (!overheadOnlyExisting) total.set(name, q);
  }
  return total;
}

/** Effective requests and limits of a pod, as the scheduler and `describe node` count them. */
export function podRequestsAndLimits(pod: Pod): { requests: ResourceAmounts; limits: ResourceAmounts } {
  return {
    requests: aggregate(pod, (c) => c.resources?.requests, false),
    // Overhead only adds to limits that are set: an unset limit stays unlimited.
    limits: aggregate(pod, (c) => c.resources?.limits, true),
  };
}


/** The pod's QoS class: the one the API server recorded, or as admission computes it. */
export function podQOSClass(pod: Pod): string {
  return pod.status?.qosClass ?? computeQOSClass(pod.spec ?? { containers: [] });
}
