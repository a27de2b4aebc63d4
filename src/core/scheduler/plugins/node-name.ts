import type { Pod } from "kubernetes-types/core/v1";
import type { CycleState } from "../cycle-state.js";
import { Status, type FilterPlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";

/** The Filter reason for a node other than the one the pod names. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const MISMATCH = new Status("UnschedulableAndUnresolvable", ERR_REASON_NODE_NAME);

/** A pod that already names its node (`spec.nodeName`) fits only that node. */
export class NodeName implements FilterPlugin {
  readonly name = "NodeName";

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === nodeInfo.name ? null : MISMATCH;
  }
}
