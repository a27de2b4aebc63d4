/**
 * The NodePool API (kdeck.dev/v1alpha1): kdeck's own node group, what a cloud's
 * managed instance group or auto-scaling group is to the cluster autoscaler: a set of
 * identical nodes built from one template, between a minimum and a maximum size.
 * `kubernetes-types` has no such kind; its schema for `explain` and strict validation
 * is in schema/nodepool-declarations.ts.
 */
import type { Taint } from "kubernetes-types/core/v1";
import type { ObjectMeta, Time } from "kubernetes-types/meta/v1";
import { parseGoDuration } from "./duration.js";

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

/** A pool's provisioning delay in milliseconds; the default for one that does not parse. */
export function provisioningDelayMs(pool: NodePool): number {
  try {
    return Math.max(0, parseGoDuration(pool.spec?.provisioningDelay ?? DEFAULT_PROVISIONING_DELAY));
  } catch {
    return parseGoDuration(DEFAULT_PROVISIONING_DELAY);
  }
}
