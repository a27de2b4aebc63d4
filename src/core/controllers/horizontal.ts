/**
 * The HorizontalPodAutoscaler controller (kube-controller-manager's podautoscaler
 * package): every 15 s of virtual time it reads the target's scale and its pods'
 * metrics, proposes a replica count per metric (the highest wins), stabilizes and
 * limits it (min/max, `behavior` policies), scales the target through its spec.replicas
 * and reports currentMetrics, replicas, lastScaleTime and the AbleToScale,
 * ScalingActive and ScalingLimited conditions, with SuccessfulRescale events.
 */
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, MetricStatus } from "kubernetes-types/autoscaling/v2";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime, rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { MetricsService } from "../kubelet/metrics.js";
import { matches } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { AutoscalerMemory, type MetaStore } from "./autoscaler-memory.js";
import { ControllerEvents, writeStatusIfChanged } from "./controller-utils.js";
import {
  emptyHistory,
  normalizeDesiredReplicas,
  normalizeWithBehaviors,
  recordInitialRecommendation,
  storeScaleEvent,
  type AutoscalerHistory,
  type ConditionUpdate,
} from "./horizontal-behavior.js";
import { computeReplicasForMetric, metricErrorPrefix } from "./horizontal-metrics.js";
import { getScale, ScaleError, updateScale, type Scale } from "./horizontal-scale.js";

/** --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;
const RESOURCE = "horizontalpodautoscalers.autoscaling";
const COMPONENT = "horizontal-pod-autoscaler";

type ConditionType = "AbleToScale" | "ScalingActive" | "ScalingLimited";

/** The history kept between syncs, with when the last one ran. */
interface State extends AutoscalerHistory {
  lastSync?: number;
}

/** Scales workloads to their metrics, one HorizontalPodAutoscaler at a time. */
export class HorizontalPodAutoscalerReconciler implements Reconciler {
  readonly name = "horizontal-pod-autoscaler";
  readonly watches = [{ resource: RESOURCE, keys: (ev: WatchEvent) => [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)] }];
  private readonly events: ControllerEvents;
  private readonly memory: AutoscalerMemory<State>;

  constructor(
    private readonly ctx: EngineContext,
    private readonly metrics: MetricsService,
    meta?: MetaStore,
  ) {
    this.events = new ControllerEvents(ctx, COMPONENT);
    this.memory = new AutoscalerMemory<State>(meta, "hpa/");
  }

  *initialKeys(): Iterable<string> {
    this.memory.reset();
    for (const o of this.ctx.api.list(RESOURCE)) yield objectKey(o.metadata.namespace, o.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(RESOURCE, namespace, name);
    if (!obj) {
      this.memory.forgetAt(key);
      return;
    }
    const uid = obj.metadata.uid ?? "";
    const now = this.ctx.clock.now();
    const state: State = this.memory.readAt(key, uid) ?? emptyHistory();
    // A new autoscaler is first synced one period after its creation, as the controller's
    // rate-limited queue delays it; then every period.
    const due = state.lastSync !== undefined ? state.lastSync + HPA_SYNC_PERIOD_MS : parseTime(obj.metadata.creationTimestamp) + HPA_SYNC_PERIOD_MS;
    if (now < due) return { requeueAfter: due - now };
    state.lastSync = now;
    this.sync(obj, state, now);
    this.memory.write(uid, state);
    return { requeueAfter: HPA_SYNC_PERIOD_MS };
  }

  // ---- reconcileAutoscaler -------------------------------------------------------

  private sync(obj: KubeObject, h: State, now: number): void {
    const hpa = asKind<HorizontalPodAutoscaler>(obj);
    const spec = hpa.spec!;
    const ns = obj.metadata.namespace ?? "";
    const conditions: HorizontalPodAutoscalerCondition[] = (hpa.status?.conditions ?? []).map((c) => ({ ...c }));
    const set = (type: ConditionType, u: ConditionUpdate) => setCondition(conditions, type, u, now);
    const prev = hpa.status;
    const write = (currentReplicas: number, desiredReplicas: number, metrics: MetricStatus[] | undefined, rescaled: boolean) => {
      const status: NonNullable<HorizontalPodAutoscaler["status"]> = {
        ...(rescaled ? { lastScaleTime: rfc3339(now) } : prev?.lastScaleTime ? { lastScaleTime: prev.lastScaleTime } : {}),
        currentReplicas,
        desiredReplicas,
        ...(metrics && metrics.length > 0 ? { currentMetrics: metrics } : {}),
        ...(conditions.length > 0 ? { conditions } : {}),
      };
      writeStatusIfChanged(this.ctx.api, obj, status);
    };

    let scale: Scale;
    try {
      scale = getScale(this.ctx.api, ns, spec.scaleTargetRef);
    } catch (e) {
      if (!(e instanceof ScaleError)) throw e;
      this.events.record(obj, "Warning", "FailedGetScale", e.message);
      set("AbleToScale", { status: "False", reason: "FailedGetScale", message: `the HPA controller was unable to get the target's current scale: ${e.message}` });
      write(prev?.currentReplicas ?? 0, prev?.desiredReplicas ?? 0, prev?.currentMetrics, false);
      return;
    }
    set("AbleToScale", { status: "True", reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale" });
    const current = scale.specReplicas;
    recordInitialRecommendation(h, current, now);
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas;

    let desired = 0;
    let reason = "";
    let metricStatuses: MetricStatus[] | undefined;
    let rescale = true;
    if (current === 0) {
      rescale = false;
      set("ScalingActive", { status: "False", reason: "ScalingDisabled", message: "scaling is disabled since the replica count of the target is zero" });
    } else if (current > max) {
      reason = "Current number of replicas above Spec.MaxReplicas";
      desired = max;
    } else if (current < min) {
      reason = "Current number of replicas below Spec.MinReplicas";
      desired = min;
    } else {
      const computed = this.computeReplicasForMetrics(obj, hpa, scale, now, set);
      metricStatuses = computed.statuses;
      if (computed.replicas === -1) {
        write(current, prev?.desiredReplicas ?? 0, metricStatuses, false);
        this.events.record(obj, "Warning", "FailedComputeMetricsReplicas", computed.error!);
        return;
      }
      let metricName = "";
      if (computed.replicas > desired) {
        desired = computed.replicas;
        metricName = computed.metric;
      }
      if (desired > current) reason = `${metricName} above target`;
      if (desired < current) reason = "All metrics below target";
      const n = spec.behavior ? normalizeWithBehaviors(h, spec.behavior, current, desired, min, max, now) : normalizeDesiredReplicas(h, current, desired, min, max, now);
      set("AbleToScale", n.ableToScale);
      set("ScalingLimited", n.scalingLimited);
      desired = n.desired;
      rescale = desired !== current;
    }

    if (rescale) {
      try {
        updateScale(this.ctx.api, scale, desired);
      } catch (e) {
        if (!isApiError(e)) throw e;
        this.events.record(obj, "Warning", "FailedRescale", `New size: ${desired}; reason: ${reason}; error: ${e.message}`);
        set("AbleToScale", { status: "False", reason: "FailedUpdateScale", message: `the HPA controller was unable to update the target scale: ${e.message}` });
        write(current, prev?.desiredReplicas ?? 0, metricStatuses, false);
        return;
      }
      set("AbleToScale", { status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${desired}` });
      this.events.record(obj, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
      storeScaleEvent(h, spec.behavior, current, desired, now);
    } else {
      desired = current;
    }
    write(current, desired, metricStatuses, rescale);
  }

  /** computeReplicasForMetrics: the highest proposal, or -1 when the metrics cannot support a decision. */
  private computeReplicasForMetrics(obj: KubeObject, hpa: HorizontalPodAutoscaler, scale: Scale, now: number, set: (t: ConditionType, u: ConditionUpdate) => void) {
    const specs = hpa.spec?.metrics ?? [];
    if (!scale.selector) {
      this.events.record(obj, "Warning", "SelectorRequired", "selector is required");
      set("ScalingActive", { status: "False", reason: "InvalidSelector", message: "the HPA target's scale is missing a selector" });
      return { replicas: -1, metric: "", statuses: undefined, error: "selector is required" };
    }
    const selector = scale.selector;
    const pods = this.ctx.api
      .list("pods", { namespace: obj.metadata.namespace ?? "" })
      .filter((p) => matches(selector, p.metadata.labels))
      .map((p) => asKind<Pod>(p));
    const raw = this.metrics.metricsOfPods(pods);
    const statuses: MetricStatus[] = specs.map(() => ({ type: "" }) as MetricStatus);
    let replicas = 0;
    let metric = "";
    let invalid = 0;
    let firstError = "";
    let firstFailure: ConditionUpdate | undefined;
    specs.forEach((spec, i) => {
      const r = computeReplicasForMetric(spec, scale.specReplicas, pods, raw, now);
      if (!r.ok) {
        this.events.record(obj, "Warning", r.reason, r.eventMessage);
        if (invalid === 0) {
          firstFailure = { status: "False", reason: r.reason, message: r.conditionMessage };
          firstError = metricErrorPrefix(spec) + r.error;
        }
        invalid++;
        return;
      }
      statuses[i] = r.status;
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas;
        metric = r.metricName;
      }
    });
    const error = invalid > 0 ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}` : undefined;
    if (invalid >= specs.length || (invalid > 0 && replicas < scale.specReplicas)) {
      set("ScalingActive", firstFailure!);
      return { replicas: -1, metric: "", statuses, error };
    }
    set("ScalingActive", { status: "True", reason: "ValidMetricFound", message: `the HPA was able to successfully calculate a replica count from ${metric}` });
    return { replicas, metric, statuses, error };
  }
}

/** setConditionInList: the transition time moves only when the status changes. */
function setCondition(list: HorizontalPodAutoscalerCondition[], type: ConditionType, u: ConditionUpdate, now: number): void {
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status: u.status };
    list.push(c);
  }
  if (c.status !== u.status || !c.lastTransitionTime) c.lastTransitionTime = rfc3339(now);
  c.status = u.status;
  c.reason = u.reason;
  c.message = u.message;
}
