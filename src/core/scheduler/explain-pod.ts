import type { Node, Pod } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { Rng } from "../engine/rand.js";
import { SchedulerCache } from "./cache.js";
import type { NodeVerdict } from "./explain.js";
import { Scheduler } from "./framework.js";
import { apiSchedulingListers } from "./listers.js";
import { defaultPlugins } from "./plugins/default-plugins.js";
import { apiVolumeListers } from "./plugins/volume-binding.js";

/** What the scheduler would decide for one pod now, node by node (`kdeck explain-schedule`). */
export interface ScheduleExplanation {
  readonly namespace: string;
  readonly name: string;
  /** Where the pod runs now, when it is bound: the verdicts then say where it would go if scheduled again. */
  readonly boundTo?: string;
  /** Every node, in the scheduler's order: each filter's verdict and each score. */
  readonly nodes: readonly NodeVerdict[];
  /** The FailedScheduling message a scheduling cycle would give now; unset when some node fits. */
  readonly message?: string;
}

/**
 * Runs the default profile's filters and scores for the pod against the cluster as it is
 * in the store, changing nothing: a snapshot of nodes and assigned pods is built for the
 * question (without the pod itself, so a bound pod is weighed as if it were pending).
 */
export function explainPodSchedule(api: Api, namespace: string, name: string): ScheduleExplanation {
  const pod = asKind<Pod>(api.get("pods", namespace, name));
  const cache = new SchedulerCache();
  for (const n of api.list("nodes")) cache.setNode(asKind<Node>(n));
  for (const p of api.list("pods")) {
    if (p.metadata.namespace === namespace && p.metadata.name === name) continue;
    cache.setPod(asKind<Pod>(p));
  }
  const boundTo = pod.spec?.nodeName || undefined;
  const pending: Pod = boundTo === undefined ? pod : { ...pod, spec: { ...pod.spec!, nodeName: undefined } };
  const rng = Rng.fromSeed(0);
  const scheduler = new Scheduler(cache, {
    rand: () => rng.next(),
    plugins: defaultPlugins({ volumes: apiVolumeListers(api), listers: apiSchedulingListers(api), lists: cache }),
  });
  const nodes = scheduler.explain(pending);
  const fits = nodes.some((v) => v.feasible);
  const result = fits ? undefined : scheduler.schedule(pending);
  return {
    namespace,
    name,
    ...(boundTo !== undefined ? { boundTo } : {}),
    nodes,
    ...(result?.status === "Unschedulable" ? { message: result.message } : {}),
  };
}
