import type { Pod } from "kubernetes-types/core/v1";
import { stateKey, type CycleState } from "../cycle-state.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type PreFilterResult, type PreScorePlugin, type ScorePlugin } from "../interface.js";
import type { NodeInfo } from "../node-info.js";
import { NODE_NAME_FIELD, PreferredSchedulingTerms, RequiredNodeAffinity } from "../node-selector.js";
import { defaultNormalizeScore } from "../normalize-score.js";

/** The Filter reason for a node that fails `spec.nodeSelector` or the required node affinity. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** The PreFilter reason when every term pins the pod to node names and no name survives. */
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const MISMATCH = new Status("UnschedulableAndUnresolvable", ERR_REASON_POD);
const CONFLICT = new Status("UnschedulableAndUnresolvable", ERR_REASON_CONFLICT);
const REQUIRED_KEY = stateKey<RequiredNodeAffinity>("PreFilterNodeAffinity");
const PREFERRED_KEY = stateKey<PreferredSchedulingTerms>("PreScoreNodeAffinity");

/**
 * `spec.nodeSelector` and `spec.affinity.nodeAffinity`: required terms filter nodes,
 * preferred terms add their weights to the nodes they match.
 */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "NodeAffinity";
  readonly weight: number;

  constructor(opts: { weight?: number } = {}) {
    this.weight = opts.weight ?? 2;
  }

  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult | null {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required === undefined && pod.spec?.nodeSelector === undefined) return Status.skip;
    state.write(REQUIRED_KEY, new RequiredNodeAffinity(pod));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;
    // A term pinned to node names (matchFields metadata.name In) lets the framework look
    // at those nodes only; a term without one leaves every node eligible.
    let nodeNames: Set<string> | undefined;
    for (const term of terms) {
      let termNames: Set<string> | undefined;
      for (const r of term.matchFields ?? []) {
        if (r.key !== NODE_NAME_FIELD || r.operator !== "In") continue;
        const values = new Set(r.values ?? []);
        termNames = termNames === undefined ? values : new Set([...termNames].filter((n) => values.has(n)));
      }
      if (termNames === undefined) return null;
      nodeNames = nodeNames === undefined ? termNames : new Set([...nodeNames, ...termNames]);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) return CONFLICT;
    return nodeNames === undefined ? null : { nodeNames };
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    let required = state.read(REQUIRED_KEY);
    if (required === undefined) {
      required = new RequiredNodeAffinity(pod);
      state.write(REQUIRED_KEY, required);
    }
    return required.match(nodeInfo.node) ? null : MISMATCH;
  }

  preScore(state: CycleState, pod: Pod): Status | null {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (preferred === undefined) return Status.skip;
    const terms = new PreferredSchedulingTerms(preferred);
    if (terms.isEmpty()) return Status.skip;
    state.write(PREFERRED_KEY, terms);
    return null;
  }

  /** The sum of the weights of the preferred terms the node matches. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    let terms = state.read(PREFERRED_KEY);
    if (terms === undefined) {
      terms = new PreferredSchedulingTerms(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
      state.write(PREFERRED_KEY, terms);
    }
    return terms.score(nodeInfo.node);
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: Float64Array): void {
    defaultNormalizeScore(scores, false);
  }
}
