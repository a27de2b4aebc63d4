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

/**
 * When the node's kubelet stopped, if the annotation says (`kdeck node stop` writes the
 * virtual time as RFC 3339): the kubelet's last contact, from which the node lifecycle
 * controller counts its grace period. NaN for any other value.
 */
export function kubeletStoppedAt(node: Node): number {
  const v = node.metadata?.annotations?.[KUBELET_STOPPED_ANNOTATION];
  return v && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : NaN;
}
