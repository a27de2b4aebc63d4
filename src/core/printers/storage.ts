/**
 * `kubectl get pv`, `get pvc` and `get storageclass`, as kubectl 1.33 prints them
 * (VOLUMEATTRIBUTESCLASS included; VOLUMEMODE with -o wide).
 */
import type { PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { canonicalQuantity } from "../admission/quantity-string.js";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** `RWO,ROX,RWX,RWOP`, in that order whatever the spec's order (`GetAccessModesAsString`). */
export function accessModesString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has("ReadWriteOnce")) out.push("RWO");
  if (set.has("ReadOnlyMany")) out.push("ROX");
  if (set.has("ReadWriteMany")) out.push("RWX");
  if (set.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

/** The class of a volume or claim: the beta annotation wins over `storageClassName`. */
export function storageClassOf(obj: { metadata?: { annotations?: Record<string, string> }; spec?: { storageClassName?: string } }): string {
  return obj.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? obj.spec?.storageClassName ?? "";
}

/** True when a StorageClass is marked as the default. */
export function isDefaultClassAnnotated(sc: StorageClass): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a["storageclass.kubernetes.io/is-default-class"] === "true" || a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
}

function quantity(q: string | number | undefined): string {
  return q === undefined ? "0" : canonicalQuantity(q);
}

const PV_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Capacity", priority: 0 },
  { name: "Access Modes", priority: 0 },
  { name: "Reclaim Policy", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Claim", priority: 0 },
  { name: "StorageClass", priority: 0 },
  { name: "VolumeAttributesClass", priority: 0 },
  { name: "Reason", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "VolumeMode", priority: 1 },
];

/** PersistentVolumes in `kubectl get` tables. */
export const persistentVolumePrinter: KindPrinter = {
  columns: PV_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const pv = asKind<PersistentVolume>(obj);
    const ref = pv.spec?.claimRef;
    return [
      pv.metadata?.name ?? "",
      quantity(pv.spec?.capacity?.storage),
      accessModesString(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? "",
      pv.metadata?.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
      ref ? `${ref.namespace ?? ""}/${ref.name ?? ""}` : "",
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? "<unset>",
      pv.status?.reason ?? "",
      timestampSince(pv.metadata?.creationTimestamp, ctx.now),
      pv.spec?.volumeMode ?? "<unset>",
    ];
  },
};

const PVC_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Status", priority: 0 },
  { name: "Volume", priority: 0 },
  { name: "Capacity", priority: 0 },
  { name: "Access Modes", priority: 0 },
  { name: "StorageClass", priority: 0 },
  { name: "VolumeAttributesClass", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "VolumeMode", priority: 1 },
];

/** PersistentVolumeClaims in `kubectl get` tables: capacity and modes only once bound to a volume. */
export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: PVC_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const pvc = asKind<PersistentVolumeClaim>(obj);
    const bound = Boolean(pvc.spec?.volumeName);
    return [
      pvc.metadata?.name ?? "",
      pvc.metadata?.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
      pvc.spec?.volumeName ?? "",
      bound ? quantity(pvc.status?.capacity?.storage) : "",
      bound ? accessModesString(pvc.status?.accessModes) : "",
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? "<unset>",
      timestampSince(pvc.metadata?.creationTimestamp, ctx.now),
      pvc.spec?.volumeMode ?? "<unset>",
    ];
  },
};

const SC_COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Provisioner", priority: 0 },
  { name: "ReclaimPolicy", priority: 0 },
  { name: "VolumeBindingMode", priority: 0 },
  { name: "AllowVolumeExpansion", priority: 0 },
  { name: "Age", priority: 0 },
];

/** StorageClasses in `kubectl get` tables: the default one marked `(default)`. */
export const storageClassPrinter: KindPrinter = {
  columns: SC_COLUMNS,
  row: (obj: KubeObject, ctx: PrintContext) => {
    const sc = asKind<StorageClass>(obj);
    const name = sc.metadata?.name ?? "";
    return [
      isDefaultClassAnnotated(sc) ? `${name} (default)` : name,
      sc.provisioner ?? "",
      sc.reclaimPolicy ?? "Delete",
      sc.volumeBindingMode ?? "Immediate",
      sc.allowVolumeExpansion ? "true" : "false",
      timestampSince(sc.metadata?.creationTimestamp, ctx.now),
    ];
  },
};
