/**
 * The NodePool API (kdeck.dev/v1alpha1): kdeck's own node group, what a cloud's
 * managed instance group or auto-scaling group is to the cluster autoscaler: a set of
 * identical nodes built from one template, between a minimum and a maximum size.
 * `kubernetes-types` has no such kind; its schema for `explain` and strict validation
 * is in schema/nodepool-declarations.ts.
 */
import type { Taint } from "kubernetes-types/core/v1";
import type { ObjectMeta, Time } from "kubernetes-types/meta/v1";

export const NODEPOOL_API_VERSION = "kdeck.dev/v1alpha1";
/** The store resource of NodePools. */
export const NODEPOOL_RESOURCE = "nodepools.kdeck.dev";
/** The label every node of a pool carries, naming its pool. */
export const NODEPOOL_LABEL = "kdeck.dev/nodepool";
/** How long a new node takes to register and become Ready when the pool does not say. */
export const DEFAULT_PROVISIONING_DELAY = "1m0s";
/** A new pool's node shape when its template leaves one out: the bootstrap's workers'. */
export const DEFAULT_POOL_CAPACITY: Readonly<Record<"cpu" | "memory" | "pods", string>> = { cpu: "4", memory: "16Gi", pods: "110" };

export interface NodePool {
  apiVersion?: "kdeck.dev/v1alpha1";
  kind?: "NodePool";
  metadata?: ObjectMeta;
  spec: NodePoolSpec;
  status?: NodePoolStatus;
}

export interface NodePoolSpec {
  /** The pool never has fewer nodes. */
  minSize: number;
  /** The pool never has more nodes. */
  maxSize: number;
  /** Virtual time from a node being asked for to its registering Ready (a Go duration; default 1m0s). */
  provisioningDelay?: string;
  template: NodePoolTemplate;
}

/** What every node of the pool looks like. */
export interface NodePoolTemplate {
  /** Labels added to the node's own (hostname, os, arch, zone). */
  labels?: Record<string, string>;
  taints?: Taint[];
  /** cpu, memory and pods; the node's allocatable equals its capacity. */
  capacity?: Record<string, string>;
  /** `topology.kubernetes.io/zone` of every node (default zone-a). */
  zone?: string;
}

/** A node asked for and not yet registered. */
export interface ProvisioningNode {
  name: string;
  /** When it was asked for: it registers `provisioningDelay` later. */
  requestTime: Time;
}

/** A node the cluster autoscaler found unneeded, and since when. */
export interface UnneededNode {
  name: string;
  since: Time;
}

export interface NodePoolStatus {
  /** The size the pool is converging to (a cloud group's target size), within minSize and maxSize. */
  desiredSize?: number;
  /** Registered nodes. */
  currentSize?: number;
  /** Registered nodes whose Ready condition is True. */
  readyNodes?: number;
  provisioning?: ProvisioningNode[];
  /** Written by the cluster autoscaler: nodes below the utilization threshold whose pods can all move. */
  unneededNodes?: UnneededNode[];
  lastScaleUpTime?: Time;
  lastScaleDownTime?: Time;
  observedGeneration?: number;
}

/** The size a pool converges to: its desired size held within its minimum and maximum. */
export function targetSize(pool: NodePool): number {
  const min = pool.spec?.minSize ?? 0;
  const max = Math.max(min, pool.spec?.maxSize ?? min);
  const desired = pool.status?.desiredSize ?? min;
  return Math.min(max, Math.max(min, desired));
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A Go duration (`time.ParseDuration`: `60s`, `1m30s`, `2m`) in milliseconds, as
 * metav1.Duration fields decode; throws Go's message for anything else.
 */
export function parseGoDuration(text: string): number {
  const invalid = new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s.startsWith("-")) sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid;
  let total = 0;
  while (s.length > 0) {
    const m = /^(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/.exec(s);
    if (!m) {
      if (/^(\d+\.?\d*|\.\d+)$/.test(s)) throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
      const unit = /^(\d+\.?\d*|\.\d+)([^\d.]+)/.exec(s);
      if (unit) throw new Error(`time: unknown unit ${JSON.stringify(unit[2])} in duration ${JSON.stringify(text)}`);
      throw invalid;
    }
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * Math.round(total);
}

/** A pool's provisioning delay in milliseconds; the default for one that does not parse. */
export function provisioningDelayMs(pool: NodePool): number {
  try {
    return Math.max(0, parseGoDuration(pool.spec?.provisioningDelay ?? DEFAULT_PROVISIONING_DELAY));
  } catch {
    return parseGoDuration(DEFAULT_PROVISIONING_DELAY);
  }
}
