import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { asKind } from "../../api/object.js";
import type { Api } from "../../apiserver/types.js";
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  claimClass,
  claimReference,
  findBestMatch,
  isDelayBinding,
  NO_PROVISIONER,
  volumeFitsNode,
} from "../../controllers/persistentvolume-matching.js";
import { NodeSelector } from "../node-selector.js";
import type { CycleState } from "../cycle-state.js";
import { stateKey } from "../cycle-state.js";
import { Status, type FilterPlugin, type PreFilterPlugin, type PreFilterResult } from "../interface.js";
import type { NodeInfo } from "../node-info.js";

/** A bound claim's volume does not admit the node. */
export const ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
/** No volume fits on the node and none can be provisioned there. */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** The PreFilter rejection for a claim of an Immediate class that is not bound yet. */
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

/** What the plugin reads: claims, volumes and classes, as the scheduler's informers would hold them. */
export interface VolumeListers {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

/** Listers reading through the API. */
export function apiVolumeListers(api: Api): VolumeListers {
  return {
    claim: (ns, name) => {
      const o = api.tryGet("persistentvolumeclaims", ns, name);
      return o && asKind<PersistentVolumeClaim>(o);
    },
    volume: (name) => {
      const o = api.tryGet("persistentvolumes", "", name);
      return o && asKind<PersistentVolume>(o);
    },
    volumes: () => api.list("persistentvolumes").map((o) => asKind<PersistentVolume>(o)),
    storageClass: (name) => {
      const o = api.tryGet("storageclasses.storage.k8s.io", "", name);
      return o && asKind<StorageClass>(o);
    },
  };
}

/** The pod's claims, sorted by what the scheduler must do about them. */
interface PodClaims {
  /** Bound claims and their volumes (undefined when the volume is missing). */
  bound: { claim: PersistentVolumeClaim; volume: PersistentVolume | undefined }[];
  /** Unbound claims of WaitForFirstConsumer classes, with their class. */
  delayed: { claim: PersistentVolumeClaim; sc: StorageClass }[];
}

const CLAIMS_KEY = stateKey<PodClaims>("VolumeBinding");

/**
 * The names of the claims a pod's volumes use. Generic ephemeral volumes are left out
 * until kdeck runs the ephemeral volume controller that creates their claims.
 */
export function podClaimNames(pod: Pod): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) names.push(v.persistentVolumeClaim.claimName);
  }
  return names;
}

function isBound(claim: PersistentVolumeClaim): boolean {
  return Boolean(claim.spec?.volumeName) && claim.status?.phase === "Bound";
}

/**
 * kube-scheduler's VolumeBinding plugin: a pod's PersistentVolumeClaims must exist;
 * claims of Immediate classes must be bound already (the volume controller binds them);
 * a bound claim's volume must admit the node; an unbound claim of a
 * WaitForFirstConsumer class needs, on the node, a fitting static volume or a class
 * that can provision there. Binding itself happens in {@link bindPodVolumes} once a
 * node is chosen (PreBind).
 */
export class VolumeBinding implements PreFilterPlugin, FilterPlugin {
  readonly name = "VolumeBinding";

  constructor(private readonly listers: VolumeListers) {}

  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult | null {
    const names = podClaimNames(pod);
    if (names.length === 0) return Status.skip;
    const ns = pod.metadata?.namespace ?? "";
    const claims: PodClaims = { bound: [], delayed: [] };
    let unboundImmediate = false;
    for (const name of names) {
      const claim = this.listers.claim(ns, name);
      if (!claim) return new Status("UnschedulableAndUnresolvable", `persistentvolumeclaim "${name}" not found`);
      if (claim.metadata?.deletionTimestamp) return new Status("UnschedulableAndUnresolvable", `persistentvolumeclaim "${name}" is being deleted`);
      if (isBound(claim)) {
        claims.bound.push({ claim, volume: this.listers.volume(claim.spec!.volumeName!) });
        continue;
      }
      const cls = claimClass(claim);
      const sc = cls ? this.listers.storageClass(cls) : undefined;
      if (cls && !sc) return new Status("UnschedulableAndUnresolvable", `storageclass.storage.k8s.io "${cls}" not found`);
      if (sc && isDelayBinding(sc)) claims.delayed.push({ claim, sc });
      else unboundImmediate = true;
    }
    if (unboundImmediate) return new Status("UnschedulableAndUnresolvable", ERR_REASON_UNBOUND_IMMEDIATE);
    state.write(CLAIMS_KEY, claims);
    return null;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    const claims = state.read(CLAIMS_KEY);
    if (!claims) return null;
    const node = nodeInfo.node;
    const reasons: string[] = [];
    for (const { volume } of claims.bound) {
      if (!volume || !volumeFitsNode(volume, node)) {
        reasons.push(ERR_REASON_NODE_CONFLICT);
        break;
      }
    }
    if (claims.delayed.length > 0 && !this.delayedClaimsFit(claims.delayed, node)) reasons.push(ERR_REASON_BIND_CONFLICT);
    return reasons.length > 0 ? new Status("UnschedulableAndUnresolvable", ...reasons) : null;
  }

  /** Each delayed claim has a static volume on the node (each volume used once) or can be provisioned there. */
  private delayedClaimsFit(delayed: PodClaims["delayed"], node: Node): boolean {
    const volumes = this.listers.volumes();
    const taken = new Set<string>();
    for (const { claim, sc } of delayed) {
      const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
      // A claim already being provisioned for a node waits for that node.
      if (selected) {
        if (selected !== node.metadata?.name) return false;
        continue;
      }
      const match = findBestMatch(claim, volumes.filter((v) => !taken.has(v.metadata?.name ?? "")), node, true);
      if (match) {
        taken.add(match.metadata?.name ?? "");
        continue;
      }
      if (!canProvisionOn(sc, node)) return false;
    }
    return true;
  }
}

/** A class can provision on a node when it has a provisioner and its allowedTopologies admit the node. */
function canProvisionOn(sc: StorageClass, node: Node): boolean {
  if (!sc.provisioner || sc.provisioner === NO_PROVISIONER) return false;
  const topologies = sc.allowedTopologies ?? [];
  if (topologies.length === 0) return true;
  const terms = topologies.map((t) => ({ matchExpressions: (t.matchLabelExpressions ?? []).map((e) => ({ key: e.key, operator: "In", values: e.values })) }));
  return new NodeSelector(terms).match(node);
}

/**
 * The VolumeBinding PreBind for the chosen node: an unbound WaitForFirstConsumer claim
 * gets the static volume that fits there (its claimRef set, for the volume controller
 * to complete) or the `volume.kubernetes.io/selected-node` annotation that starts
 * provisioning. Returns true once every claim is bound and the pod may be bound; until
 * then the scheduler holds the pod back.
 */
export function bindPodVolumes(api: Api, listers: VolumeListers, pod: Pod, nodeName: string): boolean {
  const names = podClaimNames(pod);
  if (names.length === 0) return true;
  const ns = pod.metadata?.namespace ?? "";
  const nodeObj = api.tryGet("nodes", "", nodeName);
  const node = nodeObj && asKind<Node>(nodeObj);
  let allBound = true;
  for (const name of names) {
    const claim = listers.claim(ns, name);
    if (!claim) return false;
    if (isBound(claim)) continue;
    allBound = false;
    if (claim.spec?.volumeName) continue; // the volume controller is completing it
    const cls = claimClass(claim);
    const sc = cls ? listers.storageClass(cls) : undefined;
    if (!sc || !isDelayBinding(sc) || !node) continue;
    const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (selected === nodeName) continue;
    const match = selected ? undefined : findBestMatch(claim, listers.volumes(), node, true);
    if (match) {
      if (!match.spec?.claimRef) {
        const vObj = api.get("persistentvolumes", "", match.metadata!.name!);
        api.update({
          ...vObj,
          metadata: { ...vObj.metadata, annotations: { ...(vObj.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: "yes" } },
          spec: { ...(vObj.spec as object), claimRef: claimReference(claim) },
        });
      }
      continue;
    }
    const cObj = api.get("persistentvolumeclaims", ns, name);
    api.update({ ...cObj, metadata: { ...cObj.metadata, annotations: { ...(cObj.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName } } });
  }
  return allBound;
}
