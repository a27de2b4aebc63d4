import type { StatefulSet } from "kubernetes-types/apps/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord, objectsOf } from "../validators/values.js";
import { defaultPodTemplate, dropStatusOnCreate } from "./pod-template.js";

/**
 * SetDefaults_StatefulSet (apps/v1): OrderedReady pod management, RollingUpdate with
 * partition 0, PVC retention Retain/Retain, one replica, ten revisions kept; each
 * volume claim template gets volumeMode Filesystem and a Pending status, as the API
 * server shows it.
 */
export function defaultStatefulSet(obj: KubeObject, ctx: DefaultingContext): void {
  const sts = asKind<StatefulSet>(obj);
  if (!isRecord(sts.spec)) sts.spec = {} as StatefulSet["spec"];
  const spec = sts.spec!;
  spec.podManagementPolicy ||= "OrderedReady";
  if (!isRecord(spec.updateStrategy)) spec.updateStrategy = {};
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = "RollingUpdate";
    if (!isRecord(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {};
  }
  const rolling = spec.updateStrategy.rollingUpdate;
  if (spec.updateStrategy.type === "RollingUpdate" && isRecord(rolling)) rolling.partition ??= 0;
  if (!isRecord(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= "Retain";
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= "Retain";
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  for (const vct of objectsOf(spec.volumeClaimTemplates)) {
    if (!isRecord(vct.spec)) vct.spec = {};
    vct.spec.volumeMode ||= "Filesystem";
    const claim = vct as { status?: unknown };
    if (!isRecord(claim.status)) claim.status = { phase: "Pending" };
  }
  spec.template = defaultPodTemplate(spec.template);
  dropStatusOnCreate(obj, !ctx.old);
}
