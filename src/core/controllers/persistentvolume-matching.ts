/**
 * How a claim finds its volume, after kube-controller-manager's pv_controller and
 * component-helpers/storage/volume: the class, access modes, capacity, volume mode,
 * selector and node affinity a PersistentVolume must satisfy, and the smallest fitting
 * one chosen.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { fromLabelSelector, matches, SelectorError } from "../labels/selector.js";
import { bytes } from "../quantity.js";
import { NodeSelector } from "../scheduler/node-selector.js";

/** Set on a claim by the volume controller once its binding is complete. */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
/** Set on a claim or volume the controller (rather than its user) bound. */
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
/** The node the scheduler chose for a claim to be provisioned on (WaitForFirstConsumer). */
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
/** The provisioner a claim waits for. */
export const ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
/** The same, in the spelling older provisioners read. */
export const ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
/** Set on a volume by the provisioner that created it. */
export const ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
/** A class whose volumes are created by hand, never provisioned. */
export const NO_PROVISIONER = "kubernetes.io/no-provisioner";
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** The class a claim asks for (`""`: none). */
export function claimClass(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? "";
}

/** The class a volume belongs to (`""`: none). */
export function volumeClass(volume: PersistentVolume): string {
  return volume.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ?? volume.spec?.storageClassName ?? "";
}

/** True when the volume's claimRef names this claim (and its uid, once set). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || (ref.namespace ?? "") !== (claim.metadata?.namespace ?? "")) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** True when the class delays binding until a pod using the claim is scheduled. */
export function isDelayBinding(sc: StorageClass | undefined): boolean {
  return sc?.volumeBindingMode === "WaitForFirstConsumer";
}

/** The claim's requested storage in bytes. */
export function requestedBytes(claim: PersistentVolumeClaim): number {
  const q = claim.spec?.resources?.requests?.storage;
  try {
    return q === undefined ? 0 : bytes(q);
  } catch {
    return 0;
  }
}

/** The volume's capacity in bytes. */
export function capacityBytes(volume: PersistentVolume): number {
  const q = volume.spec?.capacity?.storage;
  try {
    return q === undefined ? 0 : bytes(q);
  } catch {
    return 0;
  }
}

/** True when the volume offers every access mode the claim asks for. */
export function checkAccessModes(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/** True when a volume's node affinity admits the node (no affinity admits every node). */
export function volumeFitsNode(volume: PersistentVolume, node: Node): boolean {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return new NodeSelector(terms).match(node);
}

function volumeModeOf(mode: string | undefined): string {
  return mode || "Filesystem";
}

/**
 * Why a volume cannot serve a claim it was asked for by name (`checkVolumeSatisfyClaim`),
 * or undefined when it can.
 */
export function volumeMismatch(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (capacityBytes(volume) < requestedBytes(claim)) return "requested PV is too small";
  if (volumeClass(volume) !== claimClass(claim)) return "storageClassName does not match";
  if (volumeModeOf(volume.spec?.volumeMode) !== volumeModeOf(claim.spec?.volumeMode)) return "incompatible volumeMode";
  if (!checkAccessModes(claim, volume)) return "incompatible accessMode";
  return undefined;
}

/**
 * The volume for an unbound claim (`findBestMatchForClaim`): one pre-bound to it wins;
 * otherwise the smallest Available volume of the claim's class, volume mode and
 * selector with room and the access modes, fewest extra access modes first. Without a
 * node and for a delayed-binding class only a pre-bound volume is returned (the
 * scheduler picks the others); with a node, volumes must admit it.
 */
export function findBestMatch(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], node: Node | undefined, delayBinding: boolean): PersistentVolume | undefined {
  const requested = requestedBytes(claim);
  const cls = claimClass(claim);
  let selector: ReturnType<typeof fromLabelSelector> | undefined;
  try {
    selector = claim.spec?.selector ? fromLabelSelector(claim.spec.selector) : undefined;
  } catch (e) {
    if (e instanceof SelectorError) return undefined;
    throw e;
  }
  let best: PersistentVolume | undefined;
  let bestKey: [number, number] | undefined;
  for (const v of volumes) {
    if (volumeModeOf(v.spec?.volumeMode) !== volumeModeOf(claim.spec?.volumeMode)) continue;
    if (v.metadata?.deletionTimestamp) continue;
    const fitsNode = node === undefined || volumeFitsNode(v, node);
    if (isVolumeBoundToClaim(v, claim)) return fitsNode ? v : undefined;
    if (node === undefined && delayBinding) continue;
    if (v.status?.phase !== "Available" || v.spec?.claimRef) continue;
    if (selector && !matches(selector, v.metadata?.labels)) continue;
    if (volumeClass(v) !== cls) continue;
    if (!fitsNode) continue;
    if (!checkAccessModes(claim, v)) continue;
    const capacity = capacityBytes(v);
    if (capacity < requested) continue;
    const key: [number, number] = [(v.spec?.accessModes ?? []).length, capacity];
    if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = v;
      bestKey = key;
    }
  }
  return best;
}

/** A reference to a claim as a volume's claimRef holds it (`reference.GetReference`). */
export function claimReference(claim: PersistentVolumeClaim): NonNullable<NonNullable<PersistentVolume["spec"]>["claimRef"]> {
  return {
    kind: "PersistentVolumeClaim",
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name,
    uid: claim.metadata?.uid,
    apiVersion: "v1",
    resourceVersion: claim.metadata?.resourceVersion,
  };
}
