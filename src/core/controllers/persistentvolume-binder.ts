import type { PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { defaultStorageClassName } from "../apiserver/default-classes.js";
import { rfc3339 } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { type Reconciler } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  claimReference,
  findBestMatch,
  isDelayBinding,
  isVolumeBoundToClaim,
  NO_PROVISIONER,
  volumeMismatch,
} from "./persistentvolume-matching.js";

const CLAIMS = "persistentvolumeclaims";
const VOLUMES = "persistentvolumes";
const CLASSES = "storageclasses.storage.k8s.io";
const SOURCE = { component: "persistentvolume-controller" };
const CLAIM_PREFIX = "claim:";
const VOLUME_PREFIX = "volume:";

/**
 * The PersistentVolume controller's binder (`pv_controller.go`): claims and volumes are
 * synchronised in both directions. An unbound claim is bound to the smallest fitting
 * Available volume of its class, or handed to its class's provisioner (for a
 * WaitForFirstConsumer class, only once the scheduler has chosen a node). A volume
 * whose claim is gone is Released and reclaimed by its policy: Retain keeps it,
 * Delete removes it (an external provisioner's volumes are left to that provisioner),
 * Recycle scrubs it back to Available. A bound claim whose volume disappeared is Lost.
 *
 * Keys are `claim:<namespace>/<name>` and `volume:<name>`.
 */
export class PersistentVolumeBinderReconciler implements Reconciler {
  readonly name = "persistentvolume-binder-controller";
  readonly watches;
  /** Claims not bound yet: any new or freed volume, or a new class, may settle them. */
  private readonly unbound = new Set<string>();

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: CLAIMS, keys: (ev: WatchEvent) => this.onClaim(ev) },
      { resource: VOLUMES, keys: (ev: WatchEvent) => this.onVolume(ev) },
      { resource: CLASSES, keys: () => [...this.unbound] },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.unbound.clear();
    for (const c of this.ctx.api.list(CLAIMS)) yield `${CLAIM_PREFIX}${c.metadata.namespace}/${c.metadata.name}`;
    for (const v of this.ctx.api.list(VOLUMES)) yield `${VOLUME_PREFIX}${v.metadata.name}`;
  }

  reconcile(key: string): void {
    if (key.startsWith(CLAIM_PREFIX)) {
      const rest = key.slice(CLAIM_PREFIX.length);
      const i = rest.indexOf("/");
      this.syncClaim(key, rest.slice(0, i), rest.slice(i + 1));
    } else if (key.startsWith(VOLUME_PREFIX)) {
      this.syncVolume(key.slice(VOLUME_PREFIX.length));
    }
  }

  // ---- claims ------------------------------------------------------------------

  private syncClaim(key: string, namespace: string, name: string): void {
    const obj = this.ctx.api.tryGet(CLAIMS, namespace, name);
    if (!obj) {
      this.unbound.delete(key);
      return;
    }
    const claim = asKind<PersistentVolumeClaim>(obj);
    if (claim.metadata?.annotations?.[ANN_BIND_COMPLETED]) {
      this.unbound.delete(key);
      this.syncBoundClaim(obj, claim);
      return;
    }
    this.unbound.add(key);
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) {
      this.syncUnboundClaim(obj, claim);
      return;
    }
    // The user asked for a volume by name.
    const vObj = this.ctx.api.tryGet(VOLUMES, "", volumeName);
    if (!vObj) {
      this.setClaimPhase(obj, claim, "Pending");
      return;
    }
    const volume = asKind<PersistentVolume>(vObj);
    if (!volume.spec?.claimRef) {
      const why = volumeMismatch(volume, claim);
      if (why) {
        this.ctx.events.record(obj, "Warning", "VolumeMismatch", `Cannot bind to requested volume "${volumeName}": ${why}`, SOURCE);
        this.setClaimPhase(obj, claim, "Pending");
        return;
      }
      this.bind(vObj, volume, obj, claim);
    } else if (isVolumeBoundToClaim(volume, claim)) {
      this.bind(vObj, volume, obj, claim);
    } else if (claim.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      this.ctx.events.record(obj, "Warning", "FailedBinding", "Two claims are bound to the same volume, this one is bound incorrectly", SOURCE);
    } else {
      this.setClaimPhase(obj, claim, "Pending");
    }
  }

  private syncUnboundClaim(obj: KubeObject, claim: PersistentVolumeClaim): void {
    // A claim that names no class gets the default one once there is one (retroactive default class).
    if ((claim.spec?.storageClassName === undefined || claim.spec.storageClassName === null) && !claim.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"]) {
      const def = defaultStorageClassName(this.ctx.api.list(CLASSES));
      if (def) {
        this.ctx.api.update({ ...obj, spec: { ...(obj.spec as object), storageClassName: def } });
        return;
      }
    }
    const cls = claimClass(claim);
    const scObj = cls ? this.ctx.api.tryGet(CLASSES, "", cls) : undefined;
    const sc = scObj && asKind<StorageClass>(scObj);
    const delay = isDelayBinding(sc);
    const volumes = this.ctx.api.list(VOLUMES).map((v) => asKind<PersistentVolume>(v));
    const match = findBestMatch(claim, volumes, undefined, delay);
    if (match) {
      this.bind(this.ctx.api.get(VOLUMES, "", match.metadata!.name!), match, obj, claim);
      return;
    }
    if (delay && !claim.metadata?.annotations?.[ANN_SELECTED_NODE]) {
      this.emitWaitingForConsumer(obj, claim);
    } else if (cls !== "") {
      if (this.provision(obj, claim, cls, sc)) return;
    } else {
      this.ctx.events.record(obj, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set", SOURCE);
    }
    this.setClaimPhase(obj, claim, "Pending");
  }

  /** `provisionClaim` for an external provisioner: the claim is annotated with it, and waits. Returns true when it wrote the claim. */
  private provision(obj: KubeObject, claim: PersistentVolumeClaim, cls: string, sc: StorageClass | undefined): boolean {
    if (!sc) {
      this.ctx.events.record(obj, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${cls}" not found`, SOURCE);
      return false;
    }
    const provisioner = sc.provisioner;
    if (provisioner === NO_PROVISIONER || provisioner.startsWith("kubernetes.io/")) {
      this.ctx.events.record(obj, "Warning", "ProvisioningFailed", `no volume plugin matched name: ${provisioner}`, SOURCE);
      return false;
    }
    const annotations = claim.metadata?.annotations ?? {};
    if (annotations[ANN_STORAGE_PROVISIONER] === provisioner && annotations[ANN_BETA_STORAGE_PROVISIONER] === provisioner) return false;
    const updated = this.ctx.api.update({
      ...obj,
      metadata: { ...obj.metadata, annotations: { ...annotations, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner } },
    });
    this.ctx.events.record(
      updated,
      "Normal",
      "ExternalProvisioning",
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      SOURCE,
    );
    return true;
  }

  /** `emitEventForUnboundDelayBindingClaim`: waiting for a consumer, or for the consumers to be scheduled. */
  private emitWaitingForConsumer(obj: KubeObject, claim: PersistentVolumeClaim): void {
    const waiting = this.ctx.api
      .list("pods", { namespace: claim.metadata?.namespace })
      .map((p) => asKind<Pod>(p))
      .filter((p) => !p.spec?.nodeName && (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata?.name))
      .map((p) => p.metadata!.name!);
    if (waiting.length === 0) {
      this.ctx.events.record(obj, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding", SOURCE);
    } else {
      const message = waiting.length > 1 ? `waiting for pods ${waiting.join(",")} to be scheduled` : `waiting for pod ${waiting[0]} to be scheduled`;
      this.ctx.events.record(obj, "Normal", "WaitForPodScheduled", message, SOURCE);
    }
  }

  private syncBoundClaim(obj: KubeObject, claim: PersistentVolumeClaim): void {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) {
      this.setClaimPhase(obj, claim, "Lost", ["Warning", "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"]);
      return;
    }
    const vObj = this.ctx.api.tryGet(VOLUMES, "", volumeName);
    if (!vObj) {
      this.setClaimPhase(obj, claim, "Lost", ["Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!"]);
      return;
    }
    const volume = asKind<PersistentVolume>(vObj);
    if (!volume.spec?.claimRef || volume.spec.claimRef.uid === claim.metadata?.uid) {
      this.bind(vObj, volume, obj, claim);
      return;
    }
    this.setClaimPhase(obj, claim, "Lost", ["Warning", "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly"]);
  }

  /** Binds both ways, writing only what is not already so; the claim ends Bound with the volume's modes and capacity. */
  private bind(vObj: KubeObject, volume: PersistentVolume, cObj: KubeObject, claim: PersistentVolumeClaim): void {
    let v = vObj;
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid !== claim.metadata?.uid || ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) {
      const annotations = { ...(vObj.metadata.annotations ?? {}) };
      if (!ref) annotations[ANN_BOUND_BY_CONTROLLER] = "yes";
      v = this.ctx.api.update({ ...vObj, metadata: { ...vObj.metadata, annotations }, spec: { ...(vObj.spec as object), claimRef: claimReference(claim) } });
    }
    v = this.setVolumePhase(v, "Bound");
    let c = cObj;
    const annotations = { ...(cObj.metadata.annotations ?? {}) };
    const spec = { ...(cObj.spec as object) } as Record<string, unknown>;
    let changed = false;
    if (spec.volumeName !== volume.metadata?.name) {
      spec.volumeName = volume.metadata?.name;
      annotations[ANN_BOUND_BY_CONTROLLER] = "yes";
      changed = true;
    }
    if (annotations[ANN_BIND_COMPLETED] !== "yes") {
      annotations[ANN_BIND_COMPLETED] = "yes";
      changed = true;
    }
    if (changed) c = this.ctx.api.update({ ...cObj, metadata: { ...cObj.metadata, annotations }, spec });
    const bound = asKind<PersistentVolume>(v);
    const status = { ...((c.status as object | undefined) ?? {}), phase: "Bound", accessModes: bound.spec?.accessModes ?? [], capacity: bound.spec?.capacity ?? {} } as Record<string, unknown>;
    if (JSON.stringify(status) !== JSON.stringify(c.status)) this.ctx.api.updateStatus({ ...c, status });
  }

  private setClaimPhase(obj: KubeObject, claim: PersistentVolumeClaim, phase: string, event?: ["Normal" | "Warning", string, string]): void {
    if (claim.status?.phase === phase) return;
    const status: Record<string, unknown> = { ...(claim.status ?? {}), phase };
    if (phase === "Pending") {
      delete status.accessModes;
      delete status.capacity;
    }
    const updated = this.ctx.api.updateStatus({ ...obj, status });
    if (event) this.ctx.events.record(updated, event[0], event[1], event[2], SOURCE);
  }

  // ---- volumes -----------------------------------------------------------------

  private syncVolume(name: string): void {
    const obj = this.ctx.api.tryGet(VOLUMES, "", name);
    if (!obj) return;
    const volume = asKind<PersistentVolume>(obj);
    const ref = volume.spec?.claimRef;
    if (!ref || !ref.uid) {
      this.setVolumePhase(obj, "Available");
      return;
    }
    const cObj = this.ctx.api.tryGet(CLAIMS, ref.namespace ?? "", ref.name ?? "");
    const claim = cObj && asKind<PersistentVolumeClaim>(cObj);
    if (!claim || claim.metadata?.uid !== ref.uid) {
      this.release(obj, volume);
      return;
    }
    if (!claim.spec?.volumeName) return; // the claim's sync completes the binding
    if (claim.spec.volumeName === name) {
      this.setVolumePhase(obj, "Bound");
      return;
    }
    // Bound to a claim that is bound elsewhere.
    if (volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] && volume.spec?.persistentVolumeReclaimPolicy === "Delete") {
      this.release(obj, volume);
      return;
    }
    this.unbind(obj, volume);
  }

  /** The claim is gone: Released, then the reclaim policy. */
  private release(obj: KubeObject, volume: PersistentVolume): void {
    let v = obj;
    if (volume.status?.phase !== "Released" && volume.status?.phase !== "Failed") v = this.setVolumePhase(obj, "Released");
    const pv = asKind<PersistentVolume>(v);
    switch (pv.spec?.persistentVolumeReclaimPolicy) {
      case "Retain":
        return;
      case "Recycle": {
        this.unbind(v, pv);
        const fresh = this.ctx.api.get(VOLUMES, "", pv.metadata!.name!);
        this.ctx.events.record(fresh, "Normal", "VolumeRecycled", "Volume recycled", SOURCE);
        return;
      }
      case "Delete":
        this.deleteVolume(v, pv);
        return;
      default:
        this.setVolumePhase(v, "Failed", "Volume has unrecognized PersistentVolumeReclaimPolicy", "VolumeUnknownReclaimPolicy");
    }
  }

  /** `deleteVolumeOperation`: an external provisioner deletes its own volumes; the in-tree host_path deleter only under /tmp. */
  private deleteVolume(obj: KubeObject, volume: PersistentVolume): void {
    if (obj.metadata.deletionTimestamp) return;
    const provisioner = volume.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
    if (provisioner && !provisioner.startsWith("kubernetes.io/")) return;
    let failure: string | undefined;
    if (volume.spec?.hostPath) {
      const path = volume.spec.hostPath.path;
      if (!/^\/tmp\/.+/.test(path)) failure = `host_path deleter only supports /tmp/.+ but received provided ${path}`;
    } else {
      failure = `error getting deleter volume plugin for volume "${volume.metadata?.name}": no deletable volume plugin matched`;
    }
    if (failure) {
      if (volume.status?.phase !== "Failed") this.setVolumePhase(obj, "Failed", failure, "VolumeFailedDelete");
      return;
    }
    try {
      this.ctx.api.delete(VOLUMES, "", volume.metadata!.name!);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }

  /** Clears the volume's link to its claim: entirely when the controller made it, only the uid when its user pre-bound it. */
  private unbind(obj: KubeObject, volume: PersistentVolume): void {
    const byController = Boolean(volume.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER]);
    const spec = { ...(obj.spec as object) } as Record<string, unknown>;
    const annotations = { ...(obj.metadata.annotations ?? {}) };
    if (byController) {
      delete spec.claimRef;
      delete annotations[ANN_BOUND_BY_CONTROLLER];
    } else if (volume.spec?.claimRef) {
      const ref = { ...volume.spec.claimRef };
      delete ref.uid;
      delete ref.resourceVersion;
      spec.claimRef = ref;
    }
    const updated = this.ctx.api.update({ ...obj, metadata: { ...obj.metadata, annotations }, spec });
    this.setVolumePhase(updated, "Available");
  }

  private setVolumePhase(obj: KubeObject, phase: string, message?: string, reason?: string): KubeObject {
    const volume = asKind<PersistentVolume>(obj);
    if (volume.status?.phase === phase && (volume.status.message ?? undefined) === message) return obj;
    const status: Record<string, unknown> = { phase, lastPhaseTransitionTime: rfc3339(this.ctx.clock.now()) };
    if (message) status.message = message;
    const updated = this.ctx.api.updateStatus({ ...obj, status });
    if (message && reason) this.ctx.events.record(updated, "Warning", reason, message, SOURCE);
    return updated;
  }

  // ---- routing -----------------------------------------------------------------

  private onClaim(ev: WatchEvent): string[] {
    const claim = asKind<PersistentVolumeClaim>(ev.object);
    const key = `${CLAIM_PREFIX}${claim.metadata?.namespace}/${claim.metadata?.name}`;
    const keys = [key];
    if (claim.spec?.volumeName) keys.push(`${VOLUME_PREFIX}${claim.spec.volumeName}`);
    if (ev.type === "DELETED") {
      this.unbound.delete(key);
      // Volumes that pointed at it are released.
      for (const v of this.ctx.api.list(VOLUMES)) {
        const ref = asKind<PersistentVolume>(v).spec?.claimRef;
        if (ref?.uid === claim.metadata?.uid) keys.push(`${VOLUME_PREFIX}${v.metadata.name}`);
      }
    }
    return keys;
  }

  private onVolume(ev: WatchEvent): string[] {
    const volume = asKind<PersistentVolume>(ev.object);
    const keys = [`${VOLUME_PREFIX}${volume.metadata?.name}`];
    const ref = volume.spec?.claimRef;
    if (ref?.name) keys.push(`${CLAIM_PREFIX}${ref.namespace ?? ""}/${ref.name}`);
    // A volume that is (or may become) free could settle a waiting claim.
    if (ev.type !== "DELETED" && !ref) keys.push(...this.unbound);
    return keys;
  }
}
