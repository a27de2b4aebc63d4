import type { PersistentVolumeClaim } from "kubernetes-types/core/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import type { KubeObject } from "../api/object.js";
import { parseTime } from "../engine/clock.js";
import type { Rng } from "../engine/rand.js";
import type { Store } from "../store.js";
import type { AdmissionPlugin } from "./admission.js";
import { serviceAllocation } from "./service-allocation.js";

/** The annotation that makes a StorageClass the cluster's default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
const BETA_DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";
/** The annotation that makes an IngressClass the cluster's default. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/** True when a StorageClass carries the default-class annotation (or its beta spelling). */
export function isDefaultStorageClass(obj: KubeObject): boolean {
  const a = obj.metadata.annotations ?? {};
  return a[DEFAULT_STORAGE_CLASS_ANNOTATION] === "true" || a[BETA_DEFAULT_STORAGE_CLASS_ANNOTATION] === "true";
}

/**
 * The newest object marked default, as both admission plugins choose since Kubernetes
 * 1.26/1.28 when several are (ties by name, so the choice is stable).
 */
function newestDefault(objects: readonly KubeObject[], isDefault: (o: KubeObject) => boolean): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const o of objects) {
    if (!isDefault(o)) continue;
    if (!best) {
      best = o;
      continue;
    }
    const t = parseTime(o.metadata.creationTimestamp);
    const bt = parseTime(best.metadata.creationTimestamp);
    if (t > bt || (t === bt && (o.metadata.name ?? "") < (best.metadata.name ?? ""))) best = o;
  }
  return best;
}

/** The default StorageClass's name among these classes, if one is marked. */
export function defaultStorageClassName(classes: readonly KubeObject[]): string | undefined {
  return newestDefault(classes, isDefaultStorageClass)?.metadata.name;
}

/**
 * The DefaultStorageClass admission plugin: a new claim that names no class
 * (`storageClassName` absent, not `""`) gets the default one, if the cluster has one.
 */
export function defaultStorageClassAdmission(store: Store): AdmissionPlugin {
  return {
    name: "DefaultStorageClass",
    mutate(obj, kind, old) {
      if (old || kind.group !== "" || kind.kind !== "PersistentVolumeClaim") return obj;
      const pvc = obj as unknown as PersistentVolumeClaim;
      if (pvc.spec?.storageClassName !== undefined && pvc.spec.storageClassName !== null) return obj;
      if (pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return obj;
      const name = defaultStorageClassName(store.list("storageclasses.storage.k8s.io"));
      if (name === undefined) return obj;
      return { ...obj, spec: { ...(obj.spec as object), storageClassName: name } };
    },
  };
}

/**
 * The DefaultIngressClass admission plugin: a new Ingress with neither
 * `spec.ingressClassName` nor the legacy class annotation gets the default class.
 */
export function defaultIngressClassAdmission(store: Store): AdmissionPlugin {
  return {
    name: "DefaultIngressClass",
    mutate(obj, kind, old) {
      if (old || kind.group !== "networking.k8s.io" || kind.kind !== "Ingress") return obj;
      const ing = obj as unknown as Ingress;
      if (ing.spec?.ingressClassName !== undefined && ing.spec.ingressClassName !== null) return obj;
      if (ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return obj;
      const cls = newestDefault(store.list("ingressclasses.networking.k8s.io"), (o) => o.metadata.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION] === "true");
      if (!cls) return obj;
      return { ...obj, spec: { ...(obj.spec as object), ingressClassName: cls.metadata.name } };
    },
  };
}

/** The finalizer that keeps a claim in use by a pod from going away under it. */
export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
/** The finalizer that keeps a bound volume from going away under its claim. */
export const PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

/**
 * The StorageObjectInUseProtection admission plugin: every new claim and volume carries
 * its protection finalizer, which the protection controllers remove once nothing uses it.
 */
export function storageProtectionAdmission(): AdmissionPlugin {
  return {
    name: "StorageObjectInUseProtection",
    mutate(obj, kind, old) {
      if (old || kind.group !== "") return obj;
      const finalizer = kind.kind === "PersistentVolumeClaim" ? PVC_PROTECTION_FINALIZER : kind.kind === "PersistentVolume" ? PV_PROTECTION_FINALIZER : undefined;
      if (!finalizer) return obj;
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes(finalizer)) return obj;
      return { ...obj, metadata: { ...obj.metadata, finalizers: [...finalizers, finalizer] } };
    },
  };
}

/**
 * The admission steps the Service and storage kinds add after defaulting, in
 * kube-apiserver's order: the Service registry's allocations, then the mutating
 * admission plugins DefaultStorageClass, DefaultIngressClass and
 * StorageObjectInUseProtection.
 */
export function serviceAndStorageAdmission(store: Store, rand: Rng): AdmissionPlugin[] {
  return [serviceAllocation(store, rand), defaultStorageClassAdmission(store), defaultIngressClassAdmission(store), storageProtectionAdmission()];
}
