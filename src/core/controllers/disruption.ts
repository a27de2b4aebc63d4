/**
 * The disruption controller (kube-controller-manager's pkg/controller/disruption): keeps
 * each PodDisruptionBudget's status current. For the pods its selector matches it
 * computes expectedPods (the pods' controllers' scale, or the pod count for an integer
 * minAvailable), desiredHealthy, currentHealthy (Ready pods neither terminating nor
 * just approved for eviction), disruptionsAllowed and the DisruptionAllowed condition,
 * and it expires `disruptedPods` entries that the eviction handler recorded for pods
 * that were never deleted (after 2 minutes). When the expected count cannot be
 * computed it fails safe: no disruption allowed, condition SyncFailed.
 *
 * It keeps its own index of budgets and pods by namespace, rebuilt at start, so that a
 * pod change finds the budgets covering it without listing the cluster.
 */
import type { Pod } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from "kubernetes-types/policy/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import {
  allowedDisruptions,
  conditionsAreUpToDate,
  countHealthyPods,
  DELETION_TIMEOUT_MS,
  DISRUPTION_ALLOWED,
  expectedPodCount,
  PDB_RESOURCE,
  pdbSelector,
  setStatusCondition,
  SYNC_FAILED,
  withDisruptionAllowedCondition,
} from "../disruption/index.js";
import { matches, type Selector } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { ControllerEvents } from "./controller-utils.js";
import { expectedScale, ScaleError } from "./disruption-scale.js";

/** The event source kube-controller-manager's disruption controller records under. */
const COMPONENT = "controllermanager";

/** Keeps PodDisruptionBudget statuses. */
export class DisruptionReconciler implements Reconciler {
  readonly name = "disruption-controller";
  readonly watches = [
    { resource: PDB_RESOURCE, keys: (ev: WatchEvent) => this.onBudget(ev) },
    { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
  ];
  private readonly events: ControllerEvents;
  /** Budget selectors by namespace, then name. */
  private readonly budgets = new Map<string, Map<string, Selector | undefined>>();
  /** Pods by namespace, then name, as last seen. */
  private readonly pods = new Map<string, Map<string, Pod>>();

  constructor(private readonly ctx: EngineContext) {
    this.events = new ControllerEvents(ctx, COMPONENT);
  }

  *initialKeys(): Iterable<string> {
    this.budgets.clear();
    this.pods.clear();
    for (const p of this.ctx.api.list("pods")) this.indexPod(p, false);
    for (const b of this.ctx.api.list(PDB_RESOURCE)) {
      this.indexBudget(b, false);
      yield objectKey(b.metadata.namespace, b.metadata.name ?? "");
    }
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(PDB_RESOURCE, namespace, name);
    if (!obj) return;
    const pdb = asKind<PodDisruptionBudget>(obj);
    const pods = this.podsFor(pdb);
    if (pods.length === 0) this.events.record(obj, "Normal", "NoPods", "No matching pods found");

    let counts: { expectedCount: number; desiredHealthy: number };
    try {
      let unmanaged: string[] = [];
      counts = expectedPodCount(pdb, pods.length, () => {
        const found = expectedScale(this.ctx.api, pods);
        unmanaged = found.unmanagedPods;
        return found.expectedCount;
      });
      if (unmanaged.length > 0) {
        this.events.record(
          obj,
          "Warning",
          "UnmanagedPods",
          `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(pdb.spec?.selector ?? undefined)}) were found to be unmanaged. ` +
            "As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. " +
            'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        );
      }
    } catch (e) {
      // A controller that cannot be scaled, or a figure that does not parse: fail safe.
      if (!(e instanceof ScaleError) && !(e instanceof Error && e.message.startsWith("invalid value for IntOrString"))) throw e;
      this.events.record(obj, "Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${e.message}`);
      this.failSafe(obj, pdb, e.message);
      return;
    }

    const now = this.ctx.clock.now();
    const { disruptedPods, recheckAt } = this.buildDisruptedPodMap(pods, pdb, now);
    const currentHealthy = countHealthyPods(pods, disruptedPods, now);
    this.updateStatus(obj, pdb, currentHealthy, counts.desiredHealthy, counts.expectedCount, disruptedPods);
    if (recheckAt !== undefined) return { requeueAfter: Math.max(0, recheckAt - now) };
  }

  // ---- status ----------------------------------------------------------------------

  /**
   * buildDisruptedPodMap: keeps the entries of pods still there, not yet terminating,
   * and approved less than DeletionTimeout ago; reports a pod that outlived its entry.
   */
  private buildDisruptedPodMap(pods: readonly Pod[], pdb: PodDisruptionBudget, now: number): { disruptedPods: Record<string, string>; recheckAt?: number } {
    const old = pdb.status?.disruptedPods ?? {};
    const result: Record<string, string> = {};
    let recheckAt: number | undefined;
    if (Object.keys(old).length === 0) return { disruptedPods: result };
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp) continue;
      const name = pod.metadata?.name ?? "";
      const at = old[name];
      if (at === undefined) continue;
      const expectedDeletion = parseTime(at) + DELETION_TIMEOUT_MS;
      // Due now counts as expired: virtual time may stand still, and a recheck at "now" would never end.
      if (expectedDeletion <= now) {
        const ns = pdb.metadata?.namespace ?? "";
        // Kubernetes names the budget's namespace twice here; kdeck keeps its words.
        this.events.record(pod as unknown as KubeObject, "Warning", "NotDeleted", `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`);
      } else {
        if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
        result[name] = at;
      }
    }
    return recheckAt === undefined ? { disruptedPods: result } : { disruptedPods: result, recheckAt };
  }

  /** updatePdbStatus: writes only when a figure, the map, the generation or the condition changed. */
  private updateStatus(obj: KubeObject, pdb: PodDisruptionBudget, currentHealthy: number, desiredHealthy: number, expectedCount: number, disruptedPods: Record<string, string>): void {
    const disruptionsAllowed = allowedDisruptions(currentHealthy, desiredHealthy, expectedCount);
    const old = pdb.status;
    const generation = pdb.metadata?.generation ?? 0;
    if (
      old &&
      old.currentHealthy === currentHealthy &&
      old.desiredHealthy === desiredHealthy &&
      old.expectedPods === expectedCount &&
      old.disruptionsAllowed === disruptionsAllowed &&
      sameMap(old.disruptedPods ?? {}, disruptedPods) &&
      (old.observedGeneration ?? 0) === generation &&
      conditionsAreUpToDate(pdb)
    ) {
      return;
    }
    // PodDisruptionBudgetStatus in Go's field order, disruptedPods only when not empty.
    const next: PodDisruptionBudgetStatus = withDisruptionAllowedCondition(
      {
        observedGeneration: generation,
        ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
        disruptionsAllowed,
        currentHealthy,
        desiredHealthy,
        expectedPods: expectedCount,
        conditions: old?.conditions ?? [],
      },
      this.ctx.clock.now(),
    );
    this.write(obj, next);
  }

  /** failSafe: no disruption allowed, DisruptionAllowed=False with reason SyncFailed and the error. */
  private failSafe(obj: KubeObject, pdb: PodDisruptionBudget, message: string): void {
    const old = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
    const conditions = setStatusCondition(
      old.conditions ?? [],
      { type: DISRUPTION_ALLOWED, status: "False", reason: SYNC_FAILED, message, observedGeneration: old.observedGeneration ?? 0 },
      this.ctx.clock.now(),
    );
    this.write(obj, { ...old, disruptionsAllowed: 0, conditions });
  }

  private write(obj: KubeObject, status: PodDisruptionBudgetStatus): void {
    if (JSON.stringify(status) === JSON.stringify(obj.status ?? {})) return;
    try {
      this.ctx.api.updateStatus({ ...obj, status });
    } catch (e) {
      // Gone, or changed since it was read (an eviction spent an allowance): the watch brings it back.
      if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
    }
  }

  // ---- indexes and watch routing ----------------------------------------------------

  /** The pods the budget's selector matches, in name order. */
  private podsFor(pdb: PodDisruptionBudget): Pod[] {
    const sel = pdbSelector(pdb);
    if (!sel) return [];
    const inNs = this.pods.get(pdb.metadata?.namespace ?? "");
    if (!inNs) return [];
    const out: Pod[] = [];
    for (const pod of inNs.values()) if (matches(sel, pod.metadata?.labels)) out.push(pod);
    return out.sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1));
  }

  private onBudget(ev: WatchEvent): string[] {
    this.indexBudget(ev.object, ev.type === "DELETED");
    return ev.type === "DELETED" ? [] : [objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "")];
  }

  /** The budgets covering the pod now, or before this change (a relabelled pod leaves one). */
  private onPod(ev: WatchEvent): string[] {
    const ns = ev.object.metadata.namespace ?? "";
    const before = this.pods.get(ns)?.get(ev.object.metadata.name ?? "");
    this.indexPod(ev.object, ev.type === "DELETED");
    const budgets = this.budgets.get(ns);
    if (!budgets) return [];
    const keys: string[] = [];
    for (const [name, sel] of budgets) {
      if (!sel) continue;
      if (matches(sel, ev.object.metadata.labels) || (before && matches(sel, before.metadata?.labels))) keys.push(objectKey(ns, name));
    }
    return keys;
  }

  private indexBudget(obj: KubeObject, deleted: boolean): void {
    indexByNamespace(this.budgets, obj, deleted, () => pdbSelector(asKind<PodDisruptionBudget>(obj)));
  }

  private indexPod(obj: KubeObject, deleted: boolean): void {
    indexByNamespace(this.pods, obj, deleted, () => asKind<Pod>(obj));
  }
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => a[k] === b[k]);
}

/** Go's `%v` of a *metav1.LabelSelector, as the UnmanagedPods event prints it. */
function goLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return "nil";
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels![k]},`)
    .join("");
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(" ")}],},`)
    .join("");
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** Sets `index[namespace][name]` of `obj` to `value()`, or deletes it, dropping a namespace left empty. */
function indexByNamespace<V>(index: Map<string, Map<string, V>>, obj: KubeObject, deleted: boolean, value: () => V): void {
  const ns = obj.metadata.namespace ?? "";
  const name = obj.metadata.name ?? "";
  let inNs = index.get(ns);
  if (deleted) {
    inNs?.delete(name);
    if (inNs && inNs.size === 0) index.delete(ns);
    return;
  }
  if (!inNs) index.set(ns, (inNs = new Map()));
  inNs.set(name, value());
}
