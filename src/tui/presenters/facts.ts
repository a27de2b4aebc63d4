/**
 * What the console reads off pods and nodes, computed once per object version: the
 * cluster hands out frozen objects and replaces them on change, so a WeakMap keyed
 * by the object is an exact cache.
 */
import type { KubeObject } from "../../client/cluster.js";
import { podRequestsAndLimits } from "../../client/describe/index.js";
import { milliValue, parseAmount, wholeValue } from "../../client/describe/quantity.js";
import { asKind } from "../../client/kinds.js";
import { nodeStatus, summarizePod } from "../../client/printing.js";
import type { Node, Pod } from "../../client/types.js";

/** One pod as the console's panes, header, map and pulse see it. */
export interface PodFacts {
  node: string;
  phase: string;
  /** STATUS as `kubectl get pods` prints it. */
  reason: string;
  ready: boolean;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  /** Holds node resources (not Succeeded or Failed). */
  active: boolean;
  cpuMilli: number;
  memBytes: number;
}

const podMemo = new WeakMap<KubeObject, PodFacts>();

export function podFacts(obj: KubeObject): PodFacts {
  let f = podMemo.get(obj);
  if (f) return f;
  const pod = asKind<Pod>(obj);
  const s = summarizePod(pod);
  const phase = pod.status?.phase ?? "Pending";
  const { cpuMilli, memBytes } = podRequests(pod);
  f = {
    node: pod.spec?.nodeName ?? "",
    phase,
    reason: s.reason || phase,
    ready: s.totalContainers > 0 && s.readyContainers === s.totalContainers,
    readyContainers: s.readyContainers,
    totalContainers: s.totalContainers,
    restarts: s.restarts,
    active: phase !== "Succeeded" && phase !== "Failed",
    cpuMilli,
    memBytes,
  };
  podMemo.set(obj, f);
  return f;
}

/** Quantities seen so far (`100m`, `64Mi`, `16Gi`): pods and nodes repeat a handful of them thousands of times. */
const quantities = new Map<string, { milli: number; whole: number }>();

function quantity(q: string): { milli: number; whole: number } {
  let v = quantities.get(q);
  if (!v) {
    const a = parseAmount(q);
    v = { milli: Number(milliValue(a)), whole: Number(wholeValue(a)) };
    if (quantities.size < 10_000) quantities.set(q, v);
  }
  return v;
}

/**
 * CPU and memory the pod requests, as kubectl counts them. A pod of plain containers
 * (the common case) is summed here from remembered quantities; init containers,
 * sidecars and overhead go through kubectl's full rule.
 */
function podRequests(pod: Pod): { cpuMilli: number; memBytes: number } {
  const spec = pod.spec;
  if (!spec) return { cpuMilli: 0, memBytes: 0 };
  if ((spec.initContainers?.length ?? 0) > 0 || spec.overhead) {
    const { requests } = podRequestsAndLimits(pod);
    const cpu = requests.get("cpu");
    const mem = requests.get("memory");
    return { cpuMilli: cpu ? Number(milliValue(cpu)) : 0, memBytes: mem ? Number(wholeValue(mem)) : 0 };
  }
  let cpuMilli = 0;
  let memBytes = 0;
  for (const c of spec.containers ?? []) {
    const r = c.resources?.requests;
    if (!r) continue;
    if (r["cpu"] !== undefined) cpuMilli += quantity(r["cpu"]).milli;
    if (r["memory"] !== undefined) memBytes += quantity(r["memory"]).whole;
  }
  return { cpuMilli, memBytes };
}

/** One node as the console sees it. */
export interface NodeFacts {
  name: string;
  /** STATUS: `Ready`, `NotReady,SchedulingDisabled`… */
  status: string;
  ready: boolean;
  cordoned: boolean;
  zone: string;
  cpuMilli: number;
  memBytes: number;
  maxPods: number;
}

const nodeMemo = new WeakMap<KubeObject, NodeFacts>();

export function nodeFacts(obj: KubeObject): NodeFacts {
  let f = nodeMemo.get(obj);
  if (f) return f;
  const node = asKind<Node>(obj);
  const alloc = node.status?.allocatable ?? {};
  const status = nodeStatus(node);
  f = {
    name: node.metadata?.name ?? "",
    status,
    ready: status.split(",")[0] === "Ready",
    cordoned: node.spec?.unschedulable === true,
    zone: node.metadata?.labels?.["topology.kubernetes.io/zone"] ?? "",
    cpuMilli: alloc["cpu"] !== undefined ? quantity(alloc["cpu"]).milli : 0,
    memBytes: alloc["memory"] !== undefined ? quantity(alloc["memory"]).whole : 0,
    maxPods: alloc["pods"] !== undefined ? quantity(alloc["pods"]).whole : 0,
  };
  nodeMemo.set(obj, f);
  return f;
}

/** What the pods on one node ask for. */
export interface NodeLoad {
  pods: number;
  cpuMilli: number;
  memBytes: number;
}

const EMPTY_LOAD: NodeLoad = { pods: 0, cpuMilli: 0, memBytes: 0 };

/** Requests of active pods summed per node, in one pass over the pods. */
export function loadByNode(pods: readonly KubeObject[]): ReadonlyMap<string, NodeLoad> {
  const out = new Map<string, NodeLoad>();
  for (const p of pods) {
    const f = podFacts(p);
    if (!f.node || !f.active) continue;
    const l = out.get(f.node) ?? { ...EMPTY_LOAD };
    l.pods++;
    l.cpuMilli += f.cpuMilli;
    l.memBytes += f.memBytes;
    out.set(f.node, l);
  }
  return out;
}

export function loadOf(loads: ReadonlyMap<string, NodeLoad>, node: string): NodeLoad {
  return loads.get(node) ?? EMPTY_LOAD;
}
