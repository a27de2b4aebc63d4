import type { PersistentVolumeClaimSpec, PersistentVolumeSpec } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";

/**
 * A PersistentVolume as Kubernetes defaults it: reclaim policy Retain, volumeMode
 * Filesystem, and on create the status Pending the volume controller moves on from.
 */
export function defaultPersistentVolume(obj: KubeObject, ctx: DefaultingContext): void {
  if (!isRecord(obj.spec)) obj.spec = {};
  const spec = obj.spec as PersistentVolumeSpec;
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  if (!ctx.old) obj.status = { phase: "Pending" };
}

/** A PersistentVolumeClaim as Kubernetes defaults it: volumeMode Filesystem, and on create status Pending. */
export function defaultPersistentVolumeClaim(obj: KubeObject, ctx: DefaultingContext): void {
  if (!isRecord(obj.spec)) obj.spec = {};
  const spec = obj.spec as PersistentVolumeClaimSpec;
  if (!spec.volumeMode) spec.volumeMode = "Filesystem";
  if (!ctx.old) obj.status = { phase: "Pending" };
}

/** A StorageClass as Kubernetes defaults it: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(obj: KubeObject, _ctx: DefaultingContext): void {
  const sc = obj as KubeObject & Partial<StorageClass>;
  if (!sc.reclaimPolicy) sc.reclaimPolicy = "Delete";
  if (!sc.volumeBindingMode) sc.volumeBindingMode = "Immediate";
}
