import type { Node } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { nodeObject, ZONES, type NodeShape } from "./node-object.js";

/** Worker nodes are named `kdeck-worker-<N>`, as the bootstrap names them. */
export const WORKER_NAME_PREFIX = "kdeck-worker-";

/** What a new worker node looks like; everything unset takes the bootstrap's defaults. */
export interface WorkerNodeSpec extends Omit<NodeShape, "name" | "zone" | "controlPlane"> {
  /** Omitted: the next free `<namePrefix><N>`. */
  name?: string;
  /** Prefix of generated names (default `kdeck-worker-`); a node pool passes its own. */
  namePrefix?: string;
  /** `topology.kubernetes.io/zone`; omitted: the zone the bootstrap would give worker N. */
  zone?: string;
}

/**
 * The next `<prefix><N>` after the highest N among `names` (`kdeck-worker-4` after
 * workers 1 to 3, whatever has been deleted in between below the highest).
 */
export function nextWorkerName(names: Iterable<string>, prefix = WORKER_NAME_PREFIX): string {
  let max = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (/^[1-9]\d*$/.test(rest)) max = Math.max(max, Number(rest));
  }
  return `${prefix}${max + 1}`;
}

/** The zone the bootstrap gives a worker named `<prefix><N>`; the first zone for any other name. */
export function zoneForWorker(name: string, prefix = WORKER_NAME_PREFIX): string {
  const n = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
  return Number.isInteger(n) && n > 0 ? ZONES[(n - 1) % ZONES.length]! : ZONES[0];
}

/**
 * A Node as a joining kubelet registers it: labels (hostname, os, arch, zone and
 * region), capacity and allocatable, taints. The API's node registration gives it a
 * free pod CIDR, its addresses and Ready conditions when it is created, exactly as
 * for the bootstrap's nodes.
 */
export function newWorkerNode(spec: WorkerNodeSpec & { name: string }): KubeObject {
  const shape: NodeShape = {
    name: spec.name,
    zone: spec.zone ?? zoneForWorker(spec.name, spec.namePrefix),
    ...(spec.cpu !== undefined ? { cpu: spec.cpu } : {}),
    ...(spec.memory !== undefined ? { memory: spec.memory } : {}),
    ...(spec.pods !== undefined ? { pods: spec.pods } : {}),
    ...(spec.labels ? { labels: spec.labels } : {}),
    ...(spec.taints ? { taints: spec.taints } : {}),
  };
  const full = asKind<Node>(nodeObject(shape, 0, 0));
  // What depends on the node's place in the cluster (CIDR, address) and on the clock is registration's to fill in.
  const spec0 = { ...full.spec };
  delete spec0.podCIDR;
  delete spec0.podCIDRs;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: spec.name, labels: { ...full.metadata?.labels }, annotations: { ...full.metadata?.annotations } },
    spec: spec0,
    status: { capacity: { ...full.status?.capacity }, allocatable: { ...full.status?.allocatable } },
  };
}

/**
 * Adds a worker node through the API (admission and registration included) and
 * returns it. Without a name it takes the next free `<namePrefix><N>`.
 */
export function addWorkerNode(api: Api, spec: WorkerNodeSpec = {}): KubeObject {
  const name = spec.name ?? nextWorkerName(api.list("nodes").map((n) => n.metadata.name ?? ""), spec.namePrefix);
  return api.create(newWorkerNode({ ...spec, name }));
}
