import type { Node } from "kubernetes-types/core/v1";

/**
 * Set on a Node (any value but "false"), its simulated kubelet stops: no heartbeats, no
 * pod work, as if the kubelet process had died. A demo or test of node failure sets it;
 * removing it brings the kubelet back.
 */
export const KUBELET_STOPPED_ANNOTATION = "sim.kdeck.dev/kubelet-stopped";

/** Whether the node's simulated kubelet has been stopped with {@link KUBELET_STOPPED_ANNOTATION}. */
export function kubeletStopped(node: Node): boolean {
  const v = node.metadata?.annotations?.[KUBELET_STOPPED_ANNOTATION];
  return v !== undefined && v !== "false";
}

/** Whether the node's kubelet runs pods: it is running and the node's Ready condition is True. */
export function nodeRunsPods(node: Node): boolean {
  if (kubeletStopped(node)) return false;
  return node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
}
