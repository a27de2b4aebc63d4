import type { PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { isApiError } from "../api/errors.js";
import { asKind, type KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { EngineContext } from "../engine/context.js";
import { splitKey, type Reconciler, type ReconcileResult } from "../engine/reconciler.js";
import type { WatchEvent } from "../store.js";
import { ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, claimClass, claimReference } from "./persistentvolume-matching.js";

/** kind's provisioner, which the default `standard` StorageClass names. */
export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";
/** How long local-path-provisioner takes to create a volume (its helper pod makes the directory). */
export const PROVISION_DELAY_MS = 2000;
const ANN_LOCAL_PATH_NODE = "local.path.provisioner/selected-node";
const SOURCE = { component: "rancher.io/local-path_local-path-provisioner-kdeck" };
const VOLUME_PREFIX = "volume:";

/**
 * kind's local-path-provisioner, simulated: a claim the volume controller hands to
 * `rancher.io/local-path` gets, after a short delay, a hostPath PersistentVolume named
 * `pvc-<claim uid>` pinned to the node the scheduler chose (node affinity on
 * `kubernetes.io/hostname`), pre-bound to the claim, with the class's reclaim policy.
 * Like the real one it needs a selected node (WaitForFirstConsumer) and offers only
 * ReadWriteOnce and ReadWriteOncePod; a Released volume with policy Delete is deleted.
 */
export class LocalPathProvisionerReconciler implements Reconciler {
  readonly name = "local-path-provisioner";
  readonly watches;
  /** When provisioning of each claim (by uid) started. */
  private readonly started = new Map<string, number>();

  constructor(private readonly ctx: EngineContext) {
    this.watches = [
      { resource: "persistentvolumeclaims", keys: (ev: WatchEvent) => this.onClaim(ev) },
      { resource: "persistentvolumes", keys: (ev: WatchEvent) => this.onVolume(ev) },
    ];
  }

  *initialKeys(): Iterable<string> {
    this.started.clear();
    for (const c of this.ctx.api.list("persistentvolumeclaims")) {
      if (c.metadata.annotations?.[ANN_STORAGE_PROVISIONER] === LOCAL_PATH_PROVISIONER) yield `${c.metadata.namespace}/${c.metadata.name}`;
    }
    for (const v of this.ctx.api.list("persistentvolumes")) {
      if (v.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] === LOCAL_PATH_PROVISIONER) yield `${VOLUME_PREFIX}${v.metadata.name}`;
    }
  }

  reconcile(key: string): ReconcileResult | void {
    if (key.startsWith(VOLUME_PREFIX)) return this.reclaim(key.slice(VOLUME_PREFIX.length));
    const { namespace, name } = splitKey(key);
    const obj = this.ctx.api.tryGet("persistentvolumeclaims", namespace, name);
    if (!obj) return;
    const claim = asKind<PersistentVolumeClaim>(obj);
    const uid = claim.metadata?.uid ?? "";
    if (claim.spec?.volumeName || obj.metadata.deletionTimestamp || claim.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) {
      this.started.delete(uid);
      return;
    }
    const volumeName = `pvc-${uid}`;
    if (this.ctx.api.tryGet("persistentvolumes", "", volumeName)) return;
    const cls = claimClass(claim);
    const scObj = this.ctx.api.tryGet("storageclasses.storage.k8s.io", "", cls);
    const sc = scObj && asKind<StorageClass>(scObj);
    if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return;
    const node = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    const fail = (why: string) => this.ctx.events.record(obj, "Warning", "ProvisioningFailed", `failed to provision volume with StorageClass "${cls}": ${why}`, SOURCE);
    if (!node) {
      fail("configuration error, no node was specified");
      return;
    }
    if ((claim.spec?.accessModes ?? []).some((m) => m !== "ReadWriteOnce" && m !== "ReadWriteOncePod")) {
      fail("NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes");
      return;
    }
    const now = this.ctx.clock.now();
    const since = this.started.get(uid) ?? this.startedEarlier(obj);
    if (since === undefined) {
      this.started.set(uid, now);
      this.ctx.events.record(obj, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${namespace}/${name}"`, SOURCE);
      return { requeueAfter: PROVISION_DELAY_MS };
    }
    this.started.set(uid, since);
    if (now - since < PROVISION_DELAY_MS) return { requeueAfter: since + PROVISION_DELAY_MS - now };
    this.started.delete(uid);
    this.ctx.api.create(this.volumeFor(claim, sc, node, volumeName));
    this.ctx.events.record(obj, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${volumeName}`, SOURCE);
  }

  /**
   * When an earlier process (a one-shot command that took the engine and exited) began
   * provisioning this claim: its Provisioning event says, so a restart neither repeats
   * the event nor starts the wait over.
   */
  private startedEarlier(claim: KubeObject): number | undefined {
    const events = this.ctx.api.list("events", {
      namespace: claim.metadata.namespace,
      fieldSelector: `involvedObject.name=${claim.metadata.name},reason=Provisioning`,
    });
    let first: number | undefined;
    for (const e of events) {
      const ev = e as unknown as { involvedObject?: { uid?: string }; firstTimestamp?: string; eventTime?: string };
      if (ev.involvedObject?.uid !== claim.metadata.uid) continue;
      const t = parseTime(ev.firstTimestamp ?? ev.eventTime);
      if (!Number.isNaN(t) && (first === undefined || t < first)) first = t;
    }
    return first;
  }

  private volumeFor(claim: PersistentVolumeClaim, sc: StorageClass, node: string, volumeName: string): KubeObject {
    const spec: Record<string, unknown> = {
      accessModes: claim.spec?.accessModes ?? ["ReadWriteOnce"],
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? "0" },
      claimRef: claimReference(claim),
      hostPath: { path: `/var/local-path-provisioner/${volumeName}_${claim.metadata?.namespace}_${claim.metadata?.name}`, type: "DirectoryOrCreate" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
      storageClassName: sc.metadata?.name,
      volumeMode: claim.spec?.volumeMode ?? "Filesystem",
    };
    if (sc.mountOptions?.length) spec.mountOptions = [...sc.mountOptions];
    return {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: volumeName, annotations: { [ANN_LOCAL_PATH_NODE]: node, [ANN_DYNAMICALLY_PROVISIONED]: LOCAL_PATH_PROVISIONER } },
      spec,
    };
  }

  /** A Released volume of ours with policy Delete: the directory is removed, then the volume. */
  private reclaim(name: string): void {
    const obj = this.ctx.api.tryGet("persistentvolumes", "", name);
    if (!obj || obj.metadata.deletionTimestamp) return;
    const pv = asKind<PersistentVolume>(obj);
    if (pv.metadata?.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== LOCAL_PATH_PROVISIONER) return;
    if (pv.status?.phase !== "Released" || pv.spec?.persistentVolumeReclaimPolicy !== "Delete") return;
    try {
      this.ctx.api.delete("persistentvolumes", "", name);
    } catch (e) {
      if (!isApiError(e, "NotFound")) throw e;
    }
  }

  private onClaim(ev: WatchEvent): string[] {
    if (ev.type === "DELETED") {
      this.started.delete(ev.object.metadata.uid ?? "");
      return [];
    }
    return ev.object.metadata.annotations?.[ANN_STORAGE_PROVISIONER] === LOCAL_PATH_PROVISIONER ? [`${ev.object.metadata.namespace}/${ev.object.metadata.name}`] : [];
  }

  private onVolume(ev: WatchEvent): string[] {
    if (ev.type === "DELETED" || ev.object.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== LOCAL_PATH_PROVISIONER) return [];
    return [`${VOLUME_PREFIX}${ev.object.metadata.name}`];
  }
}
