/**
 * The VerticalPodAutoscaler recommender: once a minute of virtual time it samples the
 * usage of its target's containers from the metrics API into each container name's
 * histograms (vpa-model.ts) and writes status.recommendation (target, lowerBound,
 * upperBound, uncappedTarget per container) with the RecommendationProvided and
 * NoPodsMatched conditions.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { containerPolicyFor, controlledResources, type VerticalPodAutoscaler, type VerticalPodAutoscalerCondition, type VerticalPodAutoscalerStatus } from "../api/verticalpodautoscaler.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { MetricsService } from "../kubelet/metrics.js";
import { cpuMillis } from "../quantity.js";
import type { WatchEvent } from "../store.js";
import { AutoscalerMemory, type MetaStore } from "./autoscaler-memory.js";
import { writeStatusIfChanged } from "./controller-utils.js";
import { addCpuSample, addMemorySample, emptyAggregate, emptyInstance, hasSamples, recommend, type AggregateState, type InstanceState } from "./vpa-model.js";
import { vpaPods, vpaTarget } from "./vpa-target.js";

/** --recommender-interval. */
export const RECOMMENDER_INTERVAL_MS = 60_000;
export const VPA_RESOURCE = "verticalpodautoscalers.autoscaling.k8s.io";

/** What the recommender keeps of one VPA (its checkpoint). */
interface RecommenderState {
  aggregates: Record<string, AggregateState>;
  /** `podUid/container` → sampling position. */
  instances: Record<string, InstanceState>;
  lastRun?: number;
}

/** Recommends requests for the containers of each VerticalPodAutoscaler's target. */
export class VpaRecommenderReconciler implements Reconciler {
  readonly name = "vpa-recommender";
  readonly watches = [{ resource: VPA_RESOURCE, keys: (ev: WatchEvent) => [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] }];
  private readonly memory: AutoscalerMemory<RecommenderState>;

  constructor(
    private readonly ctx: EngineContext,
    private readonly metrics: MetricsService,
    meta?: MetaStore,
  ) {
    this.memory = new AutoscalerMemory<RecommenderState>(meta, "vpa-checkpoint/");
  }

  *initialKeys(): Iterable<string> {
    this.memory.reset();
    for (const o of this.ctx.api.list(VPA_RESOURCE)) yield objectKey(o.metadata.namespace, o.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(VPA_RESOURCE, namespace, name);
    if (!obj) {
      this.memory.forgetAt(key);
      return;
    }
    const vpa = asKind<VerticalPodAutoscaler>(obj);
    const recommenders = vpa.spec?.recommenders ?? [];
    // Another recommender's object: left to it, as the default recommender does.
    if (recommenders.length > 0 && !recommenders.some((r) => r.name === "default")) return;
    const uid = obj.metadata.uid ?? "";
    const now = this.ctx.clock.now();
    const state = this.memory.readAt(key, uid) ?? { aggregates: {}, instances: {} };
    // The recommender loop runs on each whole minute.
    const nextMinute = (Math.floor(now / RECOMMENDER_INTERVAL_MS) + 1) * RECOMMENDER_INTERVAL_MS;
    if (state.lastRun !== undefined && Math.floor(state.lastRun / RECOMMENDER_INTERVAL_MS) === Math.floor(now / RECOMMENDER_INTERVAL_MS)) {
      return { requeueAfter: nextMinute - now };
    }
    state.lastRun = now;
    this.run(obj, vpa, state, now);
    this.memory.write(uid, state);
    return { requeueAfter: nextMinute - now };
  }

  private run(obj: KubeObject, vpa: VerticalPodAutoscaler, state: RecommenderState, now: number): void {
    const conditions = (vpa.status?.conditions ?? []).map((c) => ({ ...c }));
    const target = vpaTarget(this.ctx.api, vpa);
    if ("error" in target) {
      setCondition(conditions, "ConfigUnsupported", "True", "ConfigUnsupported", target.error, now);
      setCondition(conditions, "RecommendationProvided", "False", "ConfigUnsupported", target.error, now);
      writeStatusIfChanged(this.ctx.api, obj, statusOf(vpa.status?.recommendation, conditions));
      return;
    }
    removeCondition(conditions, "ConfigUnsupported");
    const pods = vpaPods(this.ctx.api, obj.metadata.namespace ?? "", target);
    this.sample(vpa, pods, state);

    const names = containerNames(pods, target.template);
    const tracked = names.filter((n) => state.aggregates[n] && hasSamples(state.aggregates[n]!) && containerPolicyFor(vpa, n)?.mode !== "Off");
    const recommendations = tracked.map((n) => recommend(n, state.aggregates[n]!, Object.keys(state.aggregates).length, containerPolicyFor(vpa, n), controlledResources(vpa, n)));
    const podsMatched = pods.length > 0;
    if (podsMatched) removeCondition(conditions, "NoPodsMatched");
    else setCondition(conditions, "NoPodsMatched", "True", "NoPodsMatched", "No pods match this VPA object", now);
    const recommendation = recommendations.length > 0 ? { containerRecommendations: recommendations } : vpa.status?.recommendation;
    const has = (recommendation?.containerRecommendations ?? []).length > 0;
    if (has) setCondition(conditions, "RecommendationProvided", "True", "", "", now);
    else setCondition(conditions, "RecommendationProvided", "False", podsMatched ? "" : "NoPodsMatched", podsMatched ? "" : "No pods match this VPA object", now);
    writeStatusIfChanged(this.ctx.api, obj, statusOf(recommendation, conditions));
  }

  /** LoadRealTimeMetrics: one CPU and one memory sample per running container. */
  private sample(vpa: VerticalPodAutoscaler, pods: readonly Pod[], state: RecommenderState): void {
    const byName = new Map(pods.map((p) => [p.metadata?.name ?? "", p]));
    const live = new Set<string>();
    for (const m of this.metrics.metricsOfPods(pods)) {
      const pod = byName.get(m.name);
      if (!pod) continue;
      const at = Date.parse(m.timestamp);
      for (const c of m.containers) {
        const spec = (pod.spec?.containers ?? []).find((x) => x.name === c.name);
        if (!spec || containerPolicyFor(vpa, c.name)?.mode === "Off") continue;
        const instanceKey = `${pod.metadata?.uid ?? ""}/${c.name}`;
        live.add(instanceKey);
        const aggregate = (state.aggregates[c.name] ??= emptyAggregate());
        const instance = (state.instances[instanceKey] ??= emptyInstance());
        addCpuSample(aggregate, instance, c.cpuMillis / 1000, cpuMillis(spec.resources?.requests?.cpu ?? 0) / 1000, at);
        addMemorySample(aggregate, instance, c.memoryBytes, at);
      }
    }
    // Containers of pods that are gone are forgotten; their samples stay in the aggregates.
    for (const k of Object.keys(state.instances)) if (!live.has(k)) delete state.instances[k];
  }
}

/** Container names in the order the pods (else the template) declare them. */
function containerNames(pods: readonly Pod[], template: { spec?: { containers?: { name: string }[] } } | undefined): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (!out.includes(n)) out.push(n);
  };
  for (const c of template?.spec?.containers ?? []) add(c.name);
  for (const p of pods) for (const c of p.spec?.containers ?? []) add(c.name);
  return out;
}

function statusOf(recommendation: VerticalPodAutoscalerStatus["recommendation"], conditions: VerticalPodAutoscalerCondition[]): VerticalPodAutoscalerStatus {
  return { ...(recommendation ? { recommendation } : {}), ...(conditions.length > 0 ? { conditions } : {}) };
}

function setCondition(list: VerticalPodAutoscalerCondition[], type: VerticalPodAutoscalerCondition["type"], status: "True" | "False", reason: string, message: string, now: number): void {
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status };
    list.push(c);
  }
  if (c.status !== status || !c.lastTransitionTime) c.lastTransitionTime = rfc3339(now);
  c.status = status;
  if (reason) c.reason = reason;
  else delete c.reason;
  if (message) c.message = message;
  else delete c.message;
}

function removeCondition(list: VerticalPodAutoscalerCondition[], type: VerticalPodAutoscalerCondition["type"]): void {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) list.splice(i, 1);
}
