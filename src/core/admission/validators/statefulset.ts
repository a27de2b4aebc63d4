import type { StatefulSet } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { forbidden, invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { semanticEqual } from "../semantic-equal.js";
import { nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { isRecord } from "./values.js";
import { compileSelector, validateNonnegative, validateWorkloadSelector, validateWorkloadTemplate } from "./workload.js";

const RETENTION = ["Retain", "Delete"];

/** ValidateStatefulSet: policies, counts, selector and template. */
export function validateStatefulSet(obj: KubeObject): FieldError[] {
  const sts = asKind<StatefulSet>(obj);
  const errs = validateObjectMeta(sts.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const spec = isRecord(sts.spec) ? sts.spec : ({} as NonNullable<StatefulSet["spec"]>);
  const p = newPath("spec");
  const policy = spec.podManagementPolicy;
  if (!policy) errs.push(required(p.child("podManagementPolicy"), ""));
  else if (policy !== "OrderedReady" && policy !== "Parallel") errs.push(invalid(p.child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'"));
  const strategy: NonNullable<NonNullable<StatefulSet["spec"]>["updateStrategy"]> = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  switch (strategy.type) {
    case undefined:
    case "":
      errs.push(required(p.child("updateStrategy"), ""));
      break;
    case "OnDelete":
      if (strategy.rollingUpdate) errs.push(invalid(p.child("updateStrategy", "rollingUpdate"), strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case "RollingUpdate":
      errs.push(...validateNonnegative(strategy.rollingUpdate?.partition, p.child("updateStrategy", "rollingUpdate", "partition")));
      break;
    default:
      errs.push(invalid(p.child("updateStrategy"), strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  for (const f of ["whenDeleted", "whenScaled"] as const) {
    const v = retention?.[f];
    if (v && !RETENTION.includes(v)) errs.push(invalid(p.child("persistentVolumeClaimRetentionPolicy", f), v, "must be 'Retain' or 'Delete'"));
  }
  errs.push(...validateNonnegative(spec.replicas, p.child("replicas")));
  errs.push(...validateNonnegative(spec.minReadySeconds, p.child("minReadySeconds")));
  errs.push(...validateNonnegative(spec.ordinals?.start, p.child("ordinals", "start")));
  errs.push(...validateWorkloadSelector(spec.selector, "statefulset", p.child("selector")));
  const selector = compileSelector(spec.selector);
  if (!selector) errs.push(invalid(p.child("selector"), spec.selector, ""));
  else errs.push(...validateWorkloadTemplate(withClaimVolumes(spec), selector, "StatefulSet", p.child("template")));
  return errs;
}

/**
 * The template as its pods will be: each volume claim template is a volume, so that
 * mounts of `www` validate. (Kubernetes skips the pod spec here altogether.)
 */
function withClaimVolumes(spec: NonNullable<StatefulSet["spec"]>): PodTemplateSpec | undefined {
  const t = spec.template;
  const claims = (spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? "").filter((n) => n !== "");
  if (!t || !t.spec || claims.length === 0) return t;
  const own = (Array.isArray(t.spec.volumes) ? t.spec.volumes : []).filter((v) => !claims.includes(v.name));
  return { ...t, spec: { ...t.spec, volumes: [...own, ...claims.map((name) => ({ name, persistentVolumeClaim: { claimName: name } }))] } };
}

/** Only replicas, ordinals, template, update strategy, history, retention and minReadySeconds may change. */
export function validateStatefulSetUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, oldObj.metadata, newPath("metadata")), ...validateStatefulSet(obj)];
  const spec = { ...(asKind<StatefulSet>(obj).spec ?? {}) } as Record<string, unknown>;
  const old = { ...(asKind<StatefulSet>(oldObj).spec ?? {}) } as Record<string, unknown>;
  for (const f of ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy"]) {
    delete spec[f];
    delete old[f];
  }
  if (!semanticEqual(spec, old)) {
    errs.push(
      forbidden(
        newPath("spec"),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

/** Kubernetes' registration of StatefulSet validation. */
export const statefulSetValidation: KindValidation = {
  create: (obj) => validateStatefulSet(obj),
  update: (obj, old) => validateStatefulSetUpdate(obj, old),
};
