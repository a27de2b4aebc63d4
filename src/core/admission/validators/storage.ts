import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { bytes, isQuantity } from "../../quantity.js";
import { type FieldPath, forbidden, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { canonicalQuantity } from "../quantity-string.js";
import { semanticEqual } from "../semantic-equal.js";
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from "./formats.js";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateNodeSelector } from "./scheduling.js";
import { entriesOf, isRecord, listOf, str } from "./values.js";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const VOLUME_MODES = ["Block", "Filesystem"];
const PV_RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"];
const SC_RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];
const QUANTITY_SYNTAX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** The volume sources a PersistentVolume may use, in Kubernetes' order of checking. */
export const PV_SOURCES = [
  "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc",
  "flexVolume", "azureFile", "vsphereVolume", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi",
] as const;

function validateAccessModes(modes: unknown[], path: FieldPath, requiredMsg: string): FieldError[] {
  const errs: FieldError[] = [];
  if (modes.length === 0) errs.push(required(path, requiredMsg));
  for (const m of modes) if (!ACCESS_MODES.includes(str(m))) errs.push(notSupported(path, str(m), ACCESS_MODES));
  if (modes.includes("ReadWriteOncePod") && modes.length > 1) errs.push(forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

function validatePositiveStorage(q: unknown, path: FieldPath): FieldError[] {
  if ((typeof q !== "string" && typeof q !== "number") || !isQuantity(q)) return [invalid(path, q, QUANTITY_SYNTAX)];
  return bytes(q) > 0 ? [] : [invalid(path, canonicalQuantity(q), "must be greater than zero")];
}

function validateVolumeMode(mode: unknown, path: FieldPath): FieldError[] {
  return mode !== undefined && !VOLUME_MODES.includes(str(mode)) ? [notSupported(path, str(mode), VOLUME_MODES)] : [];
}

function validateSource(spec: PersistentVolumeSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const present = PV_SOURCES.filter((s) => isRecord((spec as Record<string, unknown>)[s]));
  if (present.length === 0) errs.push(required(specPath, "must specify a volume type"));
  for (const extra of present.slice(1)) errs.push(forbidden(specPath.child(extra), "may not specify more than 1 volume type"));
  const absolute = (p: string, path: FieldPath) => (p.startsWith("/") ? [] : [invalid(path, p, "must be an absolute path")]);
  if (spec.hostPath) {
    if (!spec.hostPath.path) errs.push(required(specPath.child("hostPath", "path")));
  }
  if (spec.local) {
    if (!spec.local.path) errs.push(required(specPath.child("local", "path")));
    if (!spec.nodeAffinity) errs.push(required(specPath.child("nodeAffinity"), "Local volume requires node affinity"));
  }
  if (spec.nfs) {
    if (!spec.nfs.server) errs.push(required(specPath.child("nfs", "server")));
    if (!spec.nfs.path) errs.push(required(specPath.child("nfs", "path")));
    else errs.push(...absolute(spec.nfs.path, specPath.child("nfs", "path")));
  }
  if (spec.csi) {
    if (!spec.csi.driver) errs.push(required(specPath.child("csi", "driver")));
    if (!spec.csi.volumeHandle) errs.push(required(specPath.child("csi", "volumeHandle")));
  }
  return errs;
}

/** A new PersistentVolume (`ValidatePersistentVolume`). */
export function validatePersistentVolume(obj: KubeObject): FieldError[] {
  const pv = asKind<PersistentVolume>(obj);
  const errs = validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain, newPath("metadata"));
  const spec: PersistentVolumeSpec = isRecord(pv.spec) ? pv.spec : {};
  const specPath = newPath("spec");
  errs.push(...validateAccessModes(listOf(spec.accessModes), specPath.child("accessModes"), ""));
  const capacity = entriesOf(spec.capacity);
  if (capacity.length === 0) errs.push(required(specPath.child("capacity")));
  else if (!isRecord(spec.capacity) || !("storage" in spec.capacity) || capacity.length > 1) {
    errs.push({ type: "Unsupported value", field: "spec.capacity", value: spec.capacity, detail: 'supported values: "storage"' });
  }
  for (const [r, q] of capacity) errs.push(...validatePositiveStorage(q, specPath.child("capacity").key(r)));
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (!PV_RECLAIM_POLICIES.includes(policy)) errs.push(notSupported(specPath.child("persistentVolumeReclaimPolicy"), policy, PV_RECLAIM_POLICIES));
  else if (policy === "Recycle" && !spec.hostPath && !spec.nfs) {
    errs.push(notSupported(specPath.child("persistentVolumeReclaimPolicy"), policy, SC_RECLAIM_POLICIES));
  }
  if (spec.storageClassName) for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(invalid(specPath.child("storageClassName"), spec.storageClassName, m));
  errs.push(...validateVolumeMode(spec.volumeMode, specPath.child("volumeMode")));
  errs.push(...validateSource(spec, specPath));
  const requiredAffinity = spec.nodeAffinity?.required;
  if (isRecord(requiredAffinity)) errs.push(...validateNodeSelector(requiredAffinity, true, specPath.child("nodeAffinity", "required")));
  return errs;
}

/** A PersistentVolume update: the volume source, volumeMode and a set node affinity may not change. */
export function validatePersistentVolumeUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const pv = asKind<PersistentVolume>(obj);
  const old = asKind<PersistentVolume>(oldObj);
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata, newPath("metadata"));
  const source = (spec: PersistentVolumeSpec | undefined) => Object.fromEntries(PV_SOURCES.map((s) => [s, (spec as Record<string, unknown> | undefined)?.[s]]));
  if (!semanticEqual(source(pv.spec), source(old.spec))) {
    errs.push(forbidden(newPath("spec", "persistentvolumesource"), "spec.persistentvolumesource is immutable after creation"));
  }
  if ((pv.spec?.volumeMode ?? "") !== (old.spec?.volumeMode ?? "")) errs.push(invalid(newPath("spec", "volumeMode"), pv.spec?.volumeMode ?? null, "field is immutable"));
  if (old.spec?.nodeAffinity && !semanticEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity)) {
    errs.push(invalid(newPath("spec", "nodeAffinity"), pv.spec?.nodeAffinity ?? null, "field is immutable"));
  }
  errs.push(...validatePersistentVolume(obj));
  return errs;
}

/** A new PersistentVolumeClaim (`ValidatePersistentVolumeClaim`). */
export function validatePersistentVolumeClaim(obj: KubeObject): FieldError[] {
  const pvc = asKind<PersistentVolumeClaim>(obj);
  const errs = validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec: PersistentVolumeClaimSpec = isRecord(pvc.spec) ? pvc.spec : {};
  const specPath = newPath("spec");
  errs.push(...validateAccessModes(listOf(spec.accessModes), specPath.child("accessModes"), "at least 1 access mode is required"));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined || storage === null) errs.push(required(specPath.child("resources").key("storage")));
  else errs.push(...validatePositiveStorage(storage, specPath.child("resources").key("storage")));
  if (spec.storageClassName) for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(invalid(specPath.child("storageClassName"), spec.storageClassName, m));
  errs.push(...validateVolumeMode(spec.volumeMode, specPath.child("volumeMode")));
  if (isRecord(spec.selector)) errs.push(...validateLabels(isRecord(spec.selector.matchLabels) ? (spec.selector.matchLabels as Record<string, string>) : undefined, specPath.child("selector", "matchLabels")));
  return errs;
}

const PVC_SPEC_IMMUTABLE = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

/**
 * A PersistentVolumeClaim update: the spec is immutable except the storage request of
 * a bound claim (never below its capacity), and volumeName and storageClassName, which
 * the volume controller may set once while they are empty.
 */
export function validatePersistentVolumeClaimUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const pvc = asKind<PersistentVolumeClaim>(obj);
  const old = asKind<PersistentVolumeClaim>(oldObj);
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata, newPath("metadata"));
  const strip = (c: PersistentVolumeClaim, base: PersistentVolumeClaim) => {
    const spec = { ...(c.spec ?? {}) } as Record<string, unknown>;
    const resources = { ...((spec.resources as object | undefined) ?? {}) } as Record<string, unknown>;
    delete resources.requests;
    spec.resources = resources;
    delete spec.volumeAttributesClassName;
    if (!base.spec?.volumeName) delete spec.volumeName;
    if (base.spec?.storageClassName === undefined || base.spec.storageClassName === null) delete spec.storageClassName;
    return spec;
  };
  if (!semanticEqual(strip(pvc, old), strip(old, old))) errs.push(forbidden(newPath("spec"), PVC_SPEC_IMMUTABLE));
  const before = old.spec?.resources?.requests?.storage;
  const after = pvc.spec?.resources?.requests?.storage;
  if (before !== undefined && after !== undefined && isQuantity(after) && bytes(after) !== bytes(before)) {
    if (old.status?.phase !== "Bound") errs.push(forbidden(newPath("spec"), PVC_SPEC_IMMUTABLE));
    const capacity = old.status?.capacity?.storage;
    if (capacity !== undefined && bytes(after) < bytes(capacity)) {
      errs.push(forbidden(newPath("spec", "resources", "requests", "storage"), "field can not be less than status.capacity"));
    }
  }
  errs.push(...validatePersistentVolumeClaim(obj));
  return errs;
}

/** A new StorageClass (`ValidateStorageClass`). */
export function validateStorageClass(obj: KubeObject): FieldError[] {
  const sc = asKind<StorageClass>(obj);
  const errs = validateObjectMeta(sc.metadata, false, nameIsDNSSubdomain, newPath("metadata"));
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push(required(newPath("provisioner")));
  else for (const m of isQualifiedName(provisioner.toLowerCase())) errs.push(invalid(newPath("provisioner"), provisioner, m));
  const policy = str(sc.reclaimPolicy);
  if (!SC_RECLAIM_POLICIES.includes(policy)) errs.push(notSupported(newPath("reclaimPolicy"), policy, SC_RECLAIM_POLICIES));
  const mode = str(sc.volumeBindingMode);
  if (!mode) errs.push(required(newPath("volumeBindingMode")));
  else if (!BINDING_MODES.includes(mode)) errs.push(notSupported(newPath("volumeBindingMode"), mode, BINDING_MODES));
  let size = 0;
  for (const [k, v] of entriesOf(sc.parameters)) {
    if (!k) errs.push(invalid(newPath("parameters"), sc.parameters, "key must not be empty"));
    size += k.length + str(v).length;
  }
  if (entriesOf(sc.parameters).length > 512) errs.push({ type: "Too many", field: "parameters", detail: "must have at most 512 items" });
  if (size > 256 * 1024) errs.push({ type: "Too long", field: "parameters", detail: `must have at most ${256 * 1024} bytes` });
  return errs;
}

/** A StorageClass update: provisioner, parameters, reclaimPolicy and volumeBindingMode are fixed. */
export function validateStorageClassUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const sc = asKind<StorageClass>(obj);
  const old = asKind<StorageClass>(oldObj);
  const errs = validateObjectMetaUpdate(sc.metadata, old.metadata, newPath("metadata"));
  if (!semanticEqual(sc.parameters, old.parameters)) errs.push(forbidden(newPath("parameters"), "updates to parameters are forbidden."));
  if (str(sc.provisioner) !== str(old.provisioner)) errs.push(forbidden(newPath("provisioner"), "updates to provisioner are forbidden."));
  if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden(newPath("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
  if (str(sc.volumeBindingMode) !== str(old.volumeBindingMode)) errs.push(invalid(newPath("volumeBindingMode"), str(sc.volumeBindingMode), "field is immutable"));
  errs.push(...validateStorageClass(obj));
  return errs;
}

/** Kubernetes' registration of PersistentVolume validation. */
export const persistentVolumeValidation: KindValidation = {
  create: (obj) => validatePersistentVolume(obj),
  update: (obj, old) => validatePersistentVolumeUpdate(obj, old),
};

/** Kubernetes' registration of PersistentVolumeClaim validation. */
export const persistentVolumeClaimValidation: KindValidation = {
  create: (obj) => validatePersistentVolumeClaim(obj),
  update: (obj, old) => validatePersistentVolumeClaimUpdate(obj, old),
};

/** Kubernetes' registration of StorageClass validation. */
export const storageClassValidation: KindValidation = {
  create: (obj) => validateStorageClass(obj),
  update: (obj, old) => validateStorageClassUpdate(obj, old),
};
