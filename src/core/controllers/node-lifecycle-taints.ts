/**
 * The taints the node lifecycle controller keeps in step with a node's conditions
 * (pkg/controller/nodelifecycle: doNoScheduleTaintingPass and the NoExecute tainting
 * of unreachable and not-ready nodes), as pure functions over the node.
 */
import type { Node, NodeCondition, Taint } from "kubernetes-types/core/v1";
import { TAINT_NODE_UNSCHEDULABLE } from "../scheduler/taints.js";

export const TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable";
/** Set by an operator on a node that is shut down for good: PodGC then force-deletes its terminating pods. */
export const TAINT_NODE_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

/** nodeConditionToTaintKeyStatusMap: which condition in which status means which taint key. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: "node.kubernetes.io/memory-pressure" },
  DiskPressure: { True: "node.kubernetes.io/disk-pressure" },
  NetworkUnavailable: { True: "node.kubernetes.io/network-unavailable" },
  PIDPressure: { True: "node.kubernetes.io/pid-pressure" },
};

/** Every NoSchedule taint key the controller owns: the condition taints and the cordon's. */
const OWNED_NO_SCHEDULE_KEYS = new Set([TAINT_NODE_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m))]);

/** The NoSchedule taints the node's conditions and `spec.unschedulable` call for, in condition order. */
export function desiredNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
  return out;
}

/**
 * The NoExecute taint a Ready condition calls for (not-ready for False, unreachable for
 * Unknown, none for True), and the opposite one to remove: the two are kept mutually
 * exclusive, mirroring the condition. Undefined when the node reports no Ready condition.
 */
export function noExecuteTaintsFor(ready: NodeCondition | undefined): { add: Taint[]; remove: Taint[] } | undefined {
  const notReady: Taint = { key: TAINT_NODE_NOT_READY, effect: "NoExecute" };
  const unreachable: Taint = { key: TAINT_NODE_UNREACHABLE, effect: "NoExecute" };
  switch (ready?.status) {
    case "False":
      return { add: [notReady], remove: [unreachable] };
    case "Unknown":
      return { add: [unreachable], remove: [notReady] };
    case "True":
      return { add: [], remove: [notReady, unreachable] };
    default:
      return undefined;
  }
}

/**
 * The node's taints after the controller's passes: the NoSchedule condition taints
 * brought in line with `desired`, and the NoExecute ones swapped as `noExecute` says.
 * Taints added carry `timeAdded` (SwapNodeControllerTaint); existing ones keep their
 * place and time, new ones go at the end. Returns `current` itself when nothing changes.
 */
export function reconcileNodeTaints(
  current: readonly Taint[],
  desired: readonly Taint[],
  noExecute: { add: Taint[]; remove: Taint[] } | undefined,
  timeAdded: string,
): readonly Taint[] {
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const remove: Taint[] = current.filter((t) => t.effect === "NoSchedule" && OWNED_NO_SCHEDULE_KEYS.has(t.key) && !desired.some((d) => same(d, t)));
  const add: Taint[] = desired.filter((d) => !current.some((t) => same(t, d)));
  if (noExecute) {
    remove.push(...current.filter((t) => noExecute.remove.some((r) => same(r, t))));
    add.push(...noExecute.add.filter((a) => !current.some((t) => same(t, a))));
  }
  if (remove.length === 0 && add.length === 0) return current;
  return [...current.filter((t) => !remove.includes(t)), ...add.map((t) => ({ ...t, timeAdded }))];
}
