/** `kubectl describe persistentvolume`, `describe persistentvolumeclaim` and `describe storageclass`. */
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod, VolumeNodeAffinity } from "kubernetes-types/core/v1";
import type { StorageClass } from "kubernetes-types/storage/v1";
import { timestampSince } from "../../core/printers/duration.js";
import { accessModesString, isDefaultClassAnnotated, storageClassOf } from "../../core/printers/storage.js";
import { formatLabels } from "../../core/printers/workload-cells.js";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type DescribeContext } from "./common.js";
import { writeEvents } from "./events.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from "./prefix-writer.js";
import { canonicalQuantity } from "./quantity.js";

/** Go's `%v` of a string slice: `[a b]`. */
function goList(items: readonly string[] | undefined): string {
  return `[${(items ?? []).join(" ")}]`;
}

function printVolumeNodeAffinity(w: PrefixWriter, affinity: VolumeNodeAffinity | undefined): void {
  w.write(LEVEL_0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  w.write(LEVEL_1, "Required Terms:\t");
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine("<none>");
      return;
    }
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_2, "\t");
      const values = (r.values ?? []).length > 0 ? ` [${r.values!.join(", ")}]` : "";
      w.write(LEVEL_0, `${r.key} ${r.operator.toLowerCase()}${values}\n`);
    });
  });
}

function printSource(w: PrefixWriter, pv: PersistentVolume): void {
  const s = pv.spec ?? {};
  if (s.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${s.hostPath.path}\n    HostPathType:\t${s.hostPath.type ?? "<none>"}\n`);
  } else if (s.local) {
    w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${s.local.path}\n`);
  } else if (s.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${s.nfs.server}\n    Path:\t${s.nfs.path}\n    ReadOnly:\t${s.nfs.readOnly === true}\n`);
  } else if (s.csi) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${s.csi.driver}\n    FSType:\t${s.csi.fsType ?? ""}\n    VolumeHandle:\t${s.csi.volumeHandle}\n    ReadOnly:\t${s.csi.readOnly === true}\n`,
    );
    const attrs = Object.entries(s.csi.volumeAttributes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    if (attrs.length > 0) {
      attrs.forEach(([k, v], i) => w.write(LEVEL_2, `${i === 0 ? "VolumeAttributes:" : ""}\t${k}=${v}\n`));
    }
  } else {
    w.write(LEVEL_1, "<unknown>\n");
  }
}

/** `kubectl describe pv`: class, phase, claim, policy, modes, capacity, node affinity and the volume source. */
export function describePersistentVolume(pv: PersistentVolume, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pv.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", pv.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", pv.metadata?.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata?.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pv)}\n`);
  if (pv.metadata?.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(pv.metadata.deletionTimestamp, ctx.now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ""}\n`);
  const ref = pv.spec?.claimRef;
  w.write(LEVEL_0, `Claim:\t${ref ? `${ref.namespace ?? ""}/${ref.name ?? ""}` : ""}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${pv.spec?.persistentVolumeReclaimPolicy ?? ""}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesString(pv.spec?.accessModes)}\n`);
  if (pv.spec?.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${canonicalQuantity(pv.spec?.capacity?.storage ?? "0")}\n`);
  printVolumeNodeAffinity(w, pv.spec?.nodeAffinity);
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ""}\n`);
  w.write(LEVEL_0, "Source:\n");
  printSource(w, pv);
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe pvc`: class, phase, volume, capacity once bound, the pods using it, conditions. */
export function describePersistentVolumeClaim(pvc: PersistentVolumeClaim, usedBy: readonly Pod[], events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pvc.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${pvc.metadata?.namespace ?? ""}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc)}\n`);
  if (pvc.metadata?.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(pvc.metadata.deletionTimestamp, ctx.now)})\n`);
  else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ""}\n`);
  w.write(LEVEL_0, `Volume:\t${pvc.spec?.volumeName ?? ""}\n`);
  printLabelsMultiline(w, "Labels", pvc.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", pvc.metadata?.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(pvc.metadata?.finalizers)}\n`);
  const bound = Boolean(pvc.spec?.volumeName);
  w.write(LEVEL_0, `Capacity:\t${bound ? canonicalQuantity(pvc.status?.capacity?.storage ?? "0") : ""}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ""}\n`);
  if (pvc.spec?.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const names = usedBy.map((p) => p.metadata?.name ?? "").sort();
  w.write(LEVEL_0, "Used By:\t");
  if (names.length === 0) w.writeLine("<none>");
  else names.forEach((n, i) => w.write(LEVEL_0, `${i === 0 ? "" : "\t"}${n}\n`));
  const conditions = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, "Conditions:\n");
    w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const c of conditions) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
    }
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}

/** `kubectl describe storageclass`. */
export function describeStorageClass(sc: StorageClass, events: readonly Event[], ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sc.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClassAnnotated(sc) ? "Yes" : "No"}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata?.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
  w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(LEVEL_0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined || sc.allowVolumeExpansion === null ? "<unset>" : sc.allowVolumeExpansion ? "True" : "False"}\n`);
  if ((sc.mountOptions ?? []).length === 0) {
    w.write(LEVEL_0, "MountOptions:\t<none>\n");
  } else {
    w.write(LEVEL_0, "MountOptions:\n");
    for (const o of sc.mountOptions!) w.write(LEVEL_1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if ((sc.allowedTopologies ?? []).length > 0) {
    w.write(LEVEL_0, "AllowedTopologies:\t\n");
    sc.allowedTopologies!.forEach((t, i) => {
      w.write(LEVEL_1, `Term ${i}:\t`);
      const exprs = t.matchLabelExpressions ?? [];
      if (exprs.length === 0) w.writeLine("<none>");
      exprs.forEach((e, j) => w.write(LEVEL_0, `${j === 0 ? "" : "\t"}${e.key} in [${e.values.join(", ")}]\n`));
    });
  }
  if (ctx.showEvents !== false) writeEvents(w, events, ctx.now);
  return w.toString();
}
