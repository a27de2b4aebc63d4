import type { Container, Node, Pod } from "kubernetes-types/core/v1";
import { bytes, cpuMillis, parseQuantity } from "../quantity.js";

/** The resources the scheduler accounts for: CPU in millicores, memory in bytes, and a pod count. */
export interface Resources {
  milliCPU: number;
  memory: number;
  pods: number;
}

/**
 * CPU kube-scheduler assumes, for scoring only, for a container that requests none
 * (`schedutil.DefaultMilliCPURequest`), so best-effort pods still spread.
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Memory assumed, for scoring only, for a container that requests none (`schedutil.DefaultMemoryRequest`). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Everything the scheduler needs to know about one pod's requests, computed once per pod object. */
export interface PodResources {
  /** Effective requests, as Kubernetes' `resourcehelper.PodRequests`; `pods` is 1. */
  readonly requests: Readonly<Resources>;
  /** CPU requests with {@link DEFAULT_MILLI_CPU_REQUEST} in place of each missing container request. */
  readonly nonZeroMilliCPU: number;
  /** Memory requests with {@link DEFAULT_MEMORY_REQUEST} in place of each missing container request. */
  readonly nonZeroMemory: number;
}

type Quantity = string | number | undefined;

// Manifests repeat a handful of quantities ("100m", "128Mi") across thousands of pods;
// parsing each once keeps cache updates cheap.
const MAX_MEMO = 4096;
const cpuMemo = new Map<string | number, number>();
const memoryMemo = new Map<string | number, number>();

function memoParse(memo: Map<string | number, number>, q: Quantity, parse: (q: string | number) => number): number {
  if (q === undefined) return 0;
  let v = memo.get(q);
  if (v === undefined) {
    try {
      v = parse(q);
    } catch {
      // Admission refuses malformed quantities; one that slipped through must not stop scheduling.
      v = 0;
    }
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(q, v);
  }
  return v;
}

function milliCPUOf(q: Quantity): number {
  return memoParse(cpuMemo, q, cpuMillis);
}

function memoryOf(q: Quantity): number {
  return memoParse(memoryMemo, q, bytes);
}

type RequestList = Record<string, string> | undefined;

/** One resource of a container's requests; `fallback` stands in when the request is absent (not when it is zero). */
function containerRequest(requests: RequestList, resource: "cpu" | "memory", fallback: number): number {
  if (requests === undefined || !Object.hasOwn(requests, resource)) return fallback;
  return resource === "cpu" ? milliCPUOf(requests.cpu) : memoryOf(requests.memory);
}

/**
 * One resource of a pod's requests, following `resourcehelper.PodRequests`: the sum of the
 * containers, sidecars (restartable init containers) added to it, then the max with each
 * classic init container (plus the sidecars started before it), then the overhead.
 */
function podRequest(pod: Pod, resource: "cpu" | "memory", fallback: number): number {
  const spec = pod.spec;
  if (spec === undefined) return 0;
  let sum = 0;
  for (const c of spec.containers ?? []) sum += containerRequest(c.resources?.requests, resource, fallback);
  let sidecars = 0;
  let initMax = 0;
  for (const c of (spec.initContainers ?? []) as Container[]) {
    const v = containerRequest(c.resources?.requests, resource, fallback);
    let effective: number;
    if (c.restartPolicy === "Always") {
      sum += v;
      sidecars += v;
      effective = sidecars;
    } else {
      effective = v + sidecars;
    }
    if (effective > initMax) initMax = effective;
  }
  let total = Math.max(sum, initMax);
  const overhead = spec.overhead?.[resource];
  if (overhead !== undefined) total += resource === "cpu" ? milliCPUOf(overhead) : memoryOf(overhead);
  return total;
}

// Pods handed to the scheduler are deep-frozen, so their requests never change under one identity.
const memo = new WeakMap<Pod, PodResources>();

/** The pod's requests in every form the scheduler uses, memoised per pod object. */
export function podResources(pod: Pod): PodResources {
  let r = memo.get(pod);
  if (r === undefined) {
    r = {
      requests: Object.freeze({ milliCPU: podRequest(pod, "cpu", 0), memory: podRequest(pod, "memory", 0), pods: 1 }),
      nonZeroMilliCPU: podRequest(pod, "cpu", DEFAULT_MILLI_CPU_REQUEST),
      nonZeroMemory: podRequest(pod, "memory", DEFAULT_MEMORY_REQUEST),
    };
    memo.set(pod, r);
  }
  return r;
}

/** Effective pod requests as Kubernetes computes them: max(sum of containers, max of each init container) + overhead; pods = 1. */
export function podRequests(pod: Pod): Resources {
  return { ...podResources(pod).requests };
}

/** What a node offers to pods: `status.allocatable`, each resource falling back to `status.capacity`. */
export function nodeAllocatable(node: Node): Resources {
  const alloc = node.status?.allocatable;
  const cap = node.status?.capacity;
  const pods = alloc?.pods ?? cap?.pods;
  let podCount = 0;
  if (pods !== undefined) {
    try {
      podCount = Math.floor(parseQuantity(pods));
    } catch {
      podCount = 0;
    }
  }
  return {
    milliCPU: milliCPUOf(alloc?.cpu ?? cap?.cpu),
    memory: memoryOf(alloc?.memory ?? cap?.memory),
    pods: podCount,
  };
}
