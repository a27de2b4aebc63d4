/** The Volumes section of `kubectl describe pod`, one block per volume source kind. */
import type { Volume } from "kubernetes-types/core/v1";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./prefix-writer.js";
import { canonicalQuantity, parseAmount } from "./quantity.js";

function describeVolumeSource(v: Volume, w: PrefixWriter): void {
  if (v.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || "<none>"}\n`);
  } else if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit !== undefined && parseAmount(v.emptyDir.sizeLimit).nanos > 0n ? canonicalQuantity(v.emptyDir.sizeLimit) : "<unset>";
    w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ""}\n    SizeLimit:\t${limit}\n`);
  } else if (v.secret) {
    w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ""}\n    Optional:\t${v.secret.optional === true}\n`);
  } else if (v.configMap) {
    w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ""}\n    Optional:\t${v.configMap.optional === true}\n`);
  } else if (v.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${v.nfs.readOnly === true}\n`);
  } else if (v.persistentVolumeClaim) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (v.ephemeral) {
    w.write(LEVEL_2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n");
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    for (const source of v.projected.sources ?? []) {
      if (source.secret) {
        w.write(LEVEL_2, `SecretName:\t${source.secret.name ?? ""}\n    Optional:\t${source.secret.optional === true}\n`);
      } else if (source.downwardAPI) {
        w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
      } else if (source.configMap) {
        w.write(LEVEL_2, `ConfigMapName:\t${source.configMap.name ?? ""}\n    Optional:\t${source.configMap.optional === true}\n`);
      } else if (source.serviceAccountToken) {
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`);
      }
    }
  } else {
    w.write(LEVEL_1, "<unknown>\n");
  }
}

/** `Volumes:` with each volume's type and settings, or `Volumes:  <none>`. */
export function describeVolumes(volumes: readonly Volume[] | undefined, w: PrefixWriter, space = ""): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? " " : ""}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}
