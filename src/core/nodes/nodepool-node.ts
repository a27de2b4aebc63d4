import type { Node } from "kubernetes-types/core/v1";
import { DEFAULT_POOL_CAPACITY, NODEPOOL_API_VERSION, NODEPOOL_LABEL, type NodePool } from "../api/nodepool.js";
import { asKind, type KubeObject } from "../api/object.js";
import { newWorkerNode } from "./worker-node.js";

/**
 * A node of `pool` as it registers: the worker shape of the pool's template (capacity,
 * zone, labels, taints), the `kdeck.dev/nodepool` label, and the pool as its owner so
 * that deleting the pool deletes its nodes. The API's node registration fills in the
 * pod CIDR, addresses and Ready conditions when it is created.
 */
export function poolNodeObject(pool: NodePool, name: string): KubeObject {
  const template = pool.spec?.template ?? {};
  const capacity = template.capacity ?? {};
  const poolName = pool.metadata?.name ?? "";
  const node = newWorkerNode({
    name,
    cpu: capacity.cpu ?? DEFAULT_POOL_CAPACITY.cpu,
    memory: capacity.memory ?? DEFAULT_POOL_CAPACITY.memory,
    pods: Number(capacity.pods ?? DEFAULT_POOL_CAPACITY.pods),
    ...(template.zone ? { zone: template.zone } : {}),
    labels: { ...template.labels, [NODEPOOL_LABEL]: poolName },
    ...(template.taints && template.taints.length > 0 ? { taints: template.taints.map((t) => ({ ...t })) } : {}),
  });
  const ownerReferences = [{ apiVersion: NODEPOOL_API_VERSION, kind: "NodePool", name: poolName, uid: pool.metadata?.uid ?? "" }];
  return { ...node, metadata: { ...node.metadata, ownerReferences } };
}

/**
 * What a node of the pool would look like, for the cluster autoscaler's simulations
 * (its template NodeInfo): a Ready node under a name no real node has. Each simulated
 * new node takes its own `index`, so that it is its own hostname topology domain.
 */
export function poolTemplateNode(pool: NodePool, index = 0): Node {
  const name = `template-node-for-${pool.metadata?.name ?? ""}-${index}`;
  return asKind<Node>(poolNodeObject(pool, name));
}
