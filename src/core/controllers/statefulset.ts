/**
 * The StatefulSet controller: pods with stable names `web-0…web-N-1`, created in order
 * (the next only once the previous is Running and Ready) and removed in reverse order
 * with OrderedReady, all at once with Parallel; one PersistentVolumeClaim per volume
 * claim template and ordinal (`www-web-0`), created before its pod and kept when the
 * pod goes; template changes rolled out from the highest ordinal down to `partition`
 * (RollingUpdate), or left to deletions (OnDelete). Revisions are ControllerRevisions.
 */
import type { StatefulSet, StatefulSetStatus } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { kindForResource } from "../api/registry.js";
import type { EngineContext } from "../engine/context.js";
import { objectKey, splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import { matches } from "../labels/selector.js";
import type { WatchEvent } from "../store.js";
import { currentRevision, ownedRevisions, templatePatch, truncateHistory } from "./controller-history.js";
import {
  canonicalJson,
  fnv32a,
  isPodAvailable,
  newControllerRef,
  podReadySince,
  safeEncodeString,
  ControllerEvents,
  ownersOfPod,
  selectorOf,
  writeStatusIfChanged,
} from "./controller-utils.js";
import type { SharedInformers } from "./informers.js";
import { claimName, isFailed, isHealthy, isRunningAndReady, isTerminating, newClaim, newStatefulSetPod, ordinalOf, podRevision } from "./statefulset-util.js";

const STATEFULSETS = "statefulsets.apps";
const CLAIMS = "persistentvolumeclaims";
const COMPONENT = "statefulset-controller";
/** ControllerRevisions of StatefulSets are labelled with their hash here. */
const REVISION_HASH_LABEL = "controller.kubernetes.io/hash";

export class StatefulSetReconciler implements Reconciler {
  readonly name = COMPONENT;
  readonly watches;
  private readonly events: ControllerEvents;

  constructor(
    private readonly ctx: EngineContext,
    private readonly informers: SharedInformers,
  ) {
    this.events = new ControllerEvents(ctx, COMPONENT);
    this.watches = [
      { resource: STATEFULSETS, keys: (ev: WatchEvent) => (ev.type === "DELETED" ? [] : [objectKey(ev.object.metadata.namespace, ev.object.metadata.name!)]) },
      { resource: "pods", keys: (ev: WatchEvent) => this.onPod(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    for (const s of this.ctx.api.list(STATEFULSETS)) yield objectKey(s.metadata.namespace, s.metadata.name!);
  }

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet(STATEFULSETS, namespace, name);
    if (!obj) return;
    const set = asKind<StatefulSet>(obj);
    const selector = selectorOf(set.spec?.selector);
    if (selector && !obj.metadata.deletionTimestamp) this.adoptOrphans(obj, selector);

    const revisions = ownedRevisions(this.ctx.api, obj);
    const data = templatePatch(set.spec?.template);
    const collisionCount = set.status?.collisionCount ?? 0;
    const update = currentRevision(
      this.ctx.api,
      obj,
      revisions,
      data,
      (c) => {
        const hash = safeEncodeString(String(fnv32a(canonicalJson(data), c ? [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0] : [])));
        return { name: `${name}-${hash}`, labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash } };
      },
      collisionCount,
    );
    const updateRevision = update.metadata.name ?? "";
    const currentRev = set.status?.currentRevision && revisions.some((r) => r.metadata.name === set.status?.currentRevision) ? set.status.currentRevision : updateRevision;

    const pods = this.podsOf(obj);
    if (!obj.metadata.deletionTimestamp) this.updateStatefulSet(obj, set, pods, currentRev, updateRevision);
    const after = this.podsOf(obj);
    const live = new Set(after.map(podRevision));
    truncateHistory(this.ctx.api, ownedRevisions(this.ctx.api, obj), live, update, set.spec?.revisionHistoryLimit ?? 10);
    return this.updateStatus(obj, set, after, currentRev, updateRevision);
  }

  private podsOf(obj: KubeObject): Pod[] {
    const out: Pod[] = [];
    for (const key of this.informers.pods.owned(obj.metadata.uid ?? "")) {
      const { namespace, name } = splitKey(key);
      const p = this.ctx.api.tryGet("pods", namespace, name);
      if (p) out.push(asKind<Pod>(p));
    }
    return out;
  }

  private adoptOrphans(obj: KubeObject, selector: NonNullable<ReturnType<typeof selectorOf>>): void {
    const index = this.informers.pods;
    for (const key of [...index.orphansIn(obj.metadata.namespace ?? "")]) {
      const e = index.get(key);
      if (!e || !matches(selector, e.labels) || ordinalOf(obj.metadata.name ?? "", e.name) < 0) continue;
      const pod = this.ctx.api.tryGet("pods", e.namespace, e.name);
      if (!pod || pod.metadata.deletionTimestamp) continue;
      try {
        this.ctx.api.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), newControllerRef(obj)] } });
      } catch (err) {
        if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
      }
    }
  }

  /**
   * updateStatefulSet (stateful_set_control.go): create missing replicas and replace
   * failed ones, then remove condemned ordinals highest first, then roll the template
   * out from the highest ordinal down to the partition. OrderedReady stops at the first
   * pod that is not yet Running and Ready.
   */
  private updateStatefulSet(obj: KubeObject, set: StatefulSet, pods: Pod[], currentRev: string, updateRev: string): void {
    const setName = obj.metadata.name ?? "";
    const replicas = set.spec?.replicas ?? 1;
    const monotonic = (set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
    const partition = set.spec?.updateStrategy?.type === "RollingUpdate" ? (set.spec.updateStrategy.rollingUpdate?.partition ?? 0) : 0;
    const slots: (Pod | undefined)[] = new Array<Pod | undefined>(replicas).fill(undefined);
    const condemned: Pod[] = [];
    for (const p of pods) {
      const ord = ordinalOf(setName, p.metadata?.name ?? "");
      if (ord < 0) continue;
      if (ord < replicas) slots[ord] = p;
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(setName, b.metadata?.name ?? "") - ordinalOf(setName, a.metadata?.name ?? ""));
    const ref = newControllerRef(obj);
    const revisionFor = (ord: number): string => (set.spec?.updateStrategy?.type === "RollingUpdate" && ord < partition ? currentRev : updateRev);

    for (let ord = 0; ord < replicas; ord++) {
      let pod = slots[ord];
      if (pod && isFailed(pod) && !isTerminating(pod)) {
        this.deletePod(obj, pod);
        slots[ord] = undefined;
        pod = undefined;
        if (monotonic) return;
      }
      if (!pod) {
        this.createClaims(obj, set, ord, asKind<Pod>(newStatefulSetPod(set, ref, ord, revisionFor(ord))));
        const created = this.createPod(obj, newStatefulSetPod(set, ref, ord, revisionFor(ord)));
        if (monotonic || !created) return;
        continue;
      }
      if (isTerminating(pod) && monotonic) return;
      if (!isRunningAndReady(pod) && monotonic) return;
    }

    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      if (monotonic && slots.some((p) => !p || !isHealthy(p))) return;
      if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled === "Delete") this.claimsOwnedBy(set, pod);
      this.deletePod(obj, pod);
      if (monotonic) return;
    }

    if (set.spec?.updateStrategy?.type !== "RollingUpdate") return;
    if (slots.some((p) => !p || !isHealthy(p))) return;
    for (let ord = replicas - 1; ord >= partition; ord--) {
      const pod = slots[ord]!;
      if (podRevision(pod) !== updateRev && !isTerminating(pod)) {
        this.deletePod(obj, pod);
        return;
      }
    }
  }

  /** Creates the pod's missing claims first (when PersistentVolumeClaims are served). */
  private createClaims(obj: KubeObject, set: StatefulSet, ordinal: number, pod: Pod): void {
    if (!kindForResource(CLAIMS)) return;
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = newClaim(set, t, ordinal);
      // whenDeleted: Delete makes the set the claims' owner, so the garbage collector removes them with it.
      if (set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete") claim.metadata.ownerReferences = [{ ...newControllerRef(obj), controller: false }];
      if (this.ctx.api.tryGet(CLAIMS, claim.metadata.namespace ?? "", claim.metadata.name ?? "")) continue;
      try {
        this.ctx.api.create(claim);
        this.events.record(obj, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata?.name} in StatefulSet ${obj.metadata.name} success`);
      } catch (e) {
        if (!isApiError(e)) throw e;
        if (e.reason === "AlreadyExists") continue;
        this.events.record(obj, "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${pod.metadata?.name} in StatefulSet ${obj.metadata.name} failed error: ${e.message}`);
      }
    }
  }

  /** whenScaled: Delete: a condemned pod becomes the owner of its claims, which go with it. */
  private claimsOwnedBy(set: StatefulSet, pod: Pod): void {
    const ordinal = ordinalOf(set.metadata?.name ?? "", pod.metadata?.name ?? "");
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(t.metadata?.name ?? "", set.metadata?.name ?? "", ordinal);
      const claim = this.ctx.api.tryGet(CLAIMS, pod.metadata?.namespace ?? "", name);
      if (!claim || (claim.metadata.ownerReferences ?? []).some((r) => r.uid === pod.metadata?.uid)) continue;
      const ref = { apiVersion: "v1", kind: "Pod", name: pod.metadata?.name ?? "", uid: pod.metadata?.uid ?? "", blockOwnerDeletion: true };
      try {
        // The pod alone: a remaining owner (the set, under whenDeleted: Delete) would keep the claim.
        const others = (claim.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata?.uid);
        this.ctx.api.update({ ...claim, metadata: { ...claim.metadata, ownerReferences: [...others, ref] } });
      } catch (e) {
        if (!isApiError(e, "NotFound") && !isApiError(e, "Conflict")) throw e;
      }
    }
  }

  private createPod(obj: KubeObject, pod: KubeObject): boolean {
    try {
      this.ctx.api.create(pod);
      this.events.record(obj, "Normal", "SuccessfulCreate", `create Pod ${pod.metadata.name} in StatefulSet ${obj.metadata.name} successful`);
      return true;
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (e.reason === "AlreadyExists") return false;
      if (!(e.reason === "Forbidden" && e.message.includes("being terminated"))) {
        this.events.record(obj, "Warning", "FailedCreate", `create Pod ${pod.metadata.name} in StatefulSet ${obj.metadata.name} failed error: ${e.message}`);
      }
      return false;
    }
  }

  private deletePod(obj: KubeObject, pod: Pod): void {
    try {
      this.ctx.api.delete("pods", pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
      this.events.record(obj, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata?.name} in StatefulSet ${obj.metadata.name} successful`);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }

  private updateStatus(obj: KubeObject, set: StatefulSet, pods: Pod[], currentRev: string, updateRev: string): ReconcileResult | void {
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.ctx.clock.now();
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let current = 0;
    let updated = 0;
    let nextAvailable = Infinity;
    for (const p of pods) {
      if (ordinalOf(obj.metadata.name ?? "", p.metadata?.name ?? "") < 0) continue;
      replicas++;
      if (isRunningAndReady(p) && !isTerminating(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
        else nextAvailable = Math.min(nextAvailable, podReadySince(p) + minReady * 1000);
      }
      if (isTerminating(p)) continue;
      if (podRevision(p) === currentRev) current++;
      if (podRevision(p) === updateRev) updated++;
    }
    let currentRevision = currentRev;
    let currentReplicas = current;
    if (set.spec?.updateStrategy?.type === "RollingUpdate" && updated === (set.spec.replicas ?? 1) && ready === (set.spec.replicas ?? 1) && replicas === ready) {
      currentRevision = updateRev;
      currentReplicas = updated;
    }
    const status: StatefulSetStatus = {
      observedGeneration: obj.metadata.generation ?? 0,
      replicas,
      readyReplicas: ready,
      currentReplicas,
      updatedReplicas: updated,
      currentRevision,
      updateRevision: updateRev,
      collisionCount: set.status?.collisionCount ?? 0,
      availableReplicas: available,
    };
    writeStatusIfChanged(this.ctx.api, obj, status);
    if (Number.isFinite(nextAvailable)) return { requeueAfter: Math.max(0, nextAvailable - now) };
  }



  private onPod(ev: WatchEvent): string[] {
    return ownersOfPod(this.ctx.api, ev, "StatefulSet", STATEFULSETS, (o) => asKind<StatefulSet>(o).spec?.selector);
  }
}
