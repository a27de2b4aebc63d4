import { bootstrapPriorityClasses } from "./apiserver/priority-admission.js";
import { bootstrapServicesAndStorage } from "./apiserver/service-bootstrap.js";
import type { Api } from "./apiserver/types.js";
import { nodeObject, ZONES } from "./nodes/node-object.js";
import { newWorkerNode, WORKER_NAME_PREFIX } from "./nodes/worker-node.js";

export { KUBELET_VERSION, nodeObject, ZONES, type NodeShape } from "./nodes/node-object.js";

/** The namespaces every new cluster has, as in Kubernetes. */
export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;

export interface BootstrapOptions {
  /** Worker nodes to create (default 3); 0 with `empty` for none at all. */
  workers?: number;
  /** No nodes at all, not even the control plane. */
  empty?: boolean;
}

/** Creates the namespaces, the `kubernetes` Service, the default StorageClass and the nodes of a new cluster. */
export function bootstrapCluster(api: Api, now: number, opts: BootstrapOptions = {}): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (!api.tryGet("namespaces", "", name)) api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  bootstrapServicesAndStorage(api);
  bootstrapPriorityClasses(api);
  if (opts.empty) return;
  api.create(nodeObject({ name: "kdeck-control-plane", controlPlane: true, zone: ZONES[0] }, 0, now));
  // Registration gives worker N the next free pod CIDR, 10.244.N.0/24, after the control plane's.
  const workers = opts.workers ?? 3;
  for (let i = 1; i <= workers; i++) api.create(newWorkerNode({ name: `${WORKER_NAME_PREFIX}${i}` }));
}
