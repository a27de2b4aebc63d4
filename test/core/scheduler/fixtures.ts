import type { Affinity, Container, Node, Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import { deepFreeze } from "../../../src/core/api/object.js";

/** Shapes of the test nodes: only what the scheduler reads. */
export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: string[][];
  /** Put the resources under capacity only (no allocatable). */
  capacityOnly?: boolean;
}

/** A frozen Node as the store would hand it out. */
export function makeNode(name: string, o: NodeOptions = {}): Node {
  const resources = { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110" };
  return deepFreeze({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      ...(o.capacityOnly ? {} : { allocatable: resources }),
      capacity: resources,
      ...(o.images ? { images: o.images.map((names) => ({ names })) } : {}),
    },
  });
}

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: Affinity;
  phase?: string;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
}

/** A frozen Pod with one container requesting `cpu`/`memory` (none when both are unset). */
export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu !== undefined) requests.cpu = o.cpu;
  if (o.memory !== undefined) requests.memory = o.memory;
  const containers = o.containers ?? [
    { name: "app", image: "nginx", ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}) },
  ];
  return deepFreeze({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: o.namespace ?? "default" },
    spec: {
      containers,
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
    },
    status: { phase: o.phase ?? "Pending" },
  });
}

/** The same pod as the store shows it once bound: a new object with spec.nodeName set. */
export function bound(pod: Pod, nodeName: string, phase = "Running"): Pod {
  return deepFreeze({ ...structuredClone(pod), spec: { ...structuredClone(pod.spec!), nodeName }, status: { phase } });
}

/** A container with requests, for multi-container pods. */
export function container(name: string, requests: Record<string, string> = {}, restartPolicy?: string): Container {
  return { name, image: "busybox", resources: { requests }, ...(restartPolicy ? { restartPolicy } : {}) };
}
