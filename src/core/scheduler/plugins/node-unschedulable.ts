import type { Pod, Taint } from "kubernetes-types/core/v1";
import type { CycleState } from "../cycle-state.js";
import { Status, type FilterPlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from "../taints.js";

/** The Filter reason for a cordoned node. */
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

const UNSCHEDULABLE = new Status("UnschedulableAndUnresolvable", ERR_REASON_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });

/**
 * Keeps pods off cordoned nodes (`spec.unschedulable`), unless the pod tolerates the
 * taint a cordon implies (`node.kubernetes.io/unschedulable:NoSchedule`), as DaemonSet pods do.
 */
export class NodeUnschedulable implements FilterPlugin {
  readonly name = "NodeUnschedulable";

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    if (!nodeInfo.node.spec?.unschedulable) return null;
    return tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT) ? null : UNSCHEDULABLE;
  }
}
