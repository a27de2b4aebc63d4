import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { ReplicationController } from "kubernetes-types/core/v1";
import { asKind, type KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { defaultPodTemplate, dropStatusOnCreate } from "./pod-template.js";

/** SetDefaults_ReplicaSet (apps/v1): one replica, and the pod template's PodSpec defaults. */
export function defaultReplicaSet(obj: KubeObject, ctx: DefaultingContext): void {
  const rs = asKind<ReplicaSet>(obj);
  if (!isRecord(rs.spec)) rs.spec = {} as ReplicaSet["spec"];
  const spec = rs.spec!;
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  spec.template = defaultPodTemplate(spec.template);
  dropStatusOnCreate(obj, !ctx.old);
}

/**
 * SetDefaults_ReplicationController (v1): the selector and the object's labels default
 * to the template's labels, one replica, and the template's PodSpec defaults.
 */
export function defaultReplicationController(obj: KubeObject, ctx: DefaultingContext): void {
  const rc = asKind<ReplicationController>(obj);
  if (!isRecord(rc.spec)) rc.spec = {};
  const spec = rc.spec;
  const labels = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (isRecord(labels)) {
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...(labels as Record<string, string>) };
    if (!isRecord(rc.metadata!.labels) || Object.keys(rc.metadata!.labels).length === 0) rc.metadata!.labels = { ...(labels as Record<string, string>) };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (isRecord(spec.template)) spec.template = defaultPodTemplate(spec.template);
  dropStatusOnCreate(obj, !ctx.old);
}
