/**
 * kube-scheduler's FailedScheduling message (`framework.FitError.Error()`):
 * `0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.`
 */

/** What kube-scheduler reports when the cluster has no nodes at all (`ErrNoNodesAvailable`). */
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

/**
 * Formats the message for a pod no node can take. With a PreFilter rejection the message
 * carries only that (every node shares it); otherwise each reason is counted over the
 * nodes and the `"<count> <reason>"` strings are sorted as Go's `sort.Strings` sorts
 * them (by code unit, so "10 …" sorts before "2 …").
 */
export function fitErrorMessage(numAllNodes: number, nodeReasons: Iterable<readonly string[]>, preFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) return `${msg} ${preFilterMsg}.`;
  const counts = new Map<string, number>();
  for (const reasons of nodeReasons) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const histogram = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(compareCodeUnits);
  if (histogram.length > 0) msg += ` ${histogram.join(", ")}.`;
  return msg;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
