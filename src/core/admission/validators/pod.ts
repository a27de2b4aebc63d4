import type { Container, Pod, PodSpec, Toleration } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { type FieldPath, forbidden, invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { normalize, semanticEqual } from "../semantic-equal.js";
import { inclusiveRangeError, nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateNoEphemeralContainers, validatePodSpec } from "./pod-spec.js";
import { validateTolerations } from "./scheduling.js";
import { isRecord, listOf, str } from "./values.js";

const MAX_INT32 = 2147483647;

/** What a pod update may change, in the words of Kubernetes' refusal. */
const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** A new Pod: metadata, spec, and what only a create forbids. */
export function validatePod(obj: KubeObject): FieldError[] {
  const pod = asKind<Pod>(obj);
  const errs = validatePodMetadataAndSpec(pod);
  const specPath = newPath("spec");
  errs.push(...validateNoEphemeralContainers(pod.spec, specPath));
  if (str(pod.spec?.nodeName) && listOf(pod.spec?.schedulingGates).length > 0) {
    errs.push(forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

/**
 * A Pod update: metadata may change (labels, annotations), status is not checked here,
 * and the spec may change only in container images, activeDeadlineSeconds (downwards),
 * added tolerations, removed scheduling gates, and a negative grace period set to 1.
 */
export function validatePodUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const pod = asKind<Pod>(obj);
  const old = asKind<Pod>(oldObj);
  const metaPath = newPath("metadata");
  const specPath = newPath("spec");
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, metaPath);
  errs.push(...validatePodMetadataAndSpec(pod));
  const spec: PodSpec = isRecord(pod.spec) ? pod.spec : ({} as PodSpec);
  const oldSpec: PodSpec = isRecord(old.spec) ? old.spec : ({} as PodSpec);

  for (const list of ["containers", "initContainers"] as const) {
    const res = validateContainerUpdates(listOf(spec[list]), listOf(oldSpec[list]), specPath.child(list));
    errs.push(...res.errors);
    if (res.stop) return errs;
  }

  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (!(ads >= 0 && ads <= MAX_INT32)) {
      errs.push(invalid(specPath.child("activeDeadlineSeconds"), ads, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldAds !== undefined && oldAds !== null && oldAds < ads) {
      errs.push(invalid(specPath.child("activeDeadlineSeconds"), ads, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldAds !== undefined && oldAds !== null) {
    errs.push(invalid(specPath.child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
  }

  errs.push(...validateOnlyAddedTolerations(listOf(spec.tolerations), listOf(oldSpec.tolerations), specPath.child("tolerations")));
  const oldGates = new Set(listOf(oldSpec.schedulingGates).map((g) => str(g.name)));
  listOf(spec.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(str(g.name))) {
      errs.push(forbidden(specPath.child("schedulingGates").index(i).child("name"), `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
    }
  });

  if (semanticEqual(spec, oldSpec)) return errs;
  const munged = mungeUpdatableFields(spec, oldSpec);
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden(specPath, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(",")}\n${specDiff(oldSpec, munged)}`));
  }
  return errs;
}

/** Kubernetes' registration of Pod validation. */
export const podValidation: KindValidation = {
  create: (obj) => validatePod(obj),
  update: (obj, old) => validatePodUpdate(obj, old),
};

function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const metaPath = newPath("metadata");
  const specPath = newPath("spec");
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain, metaPath);
  const cost = pod.metadata?.annotations?.["controller.kubernetes.io/pod-deletion-cost"];
  if (cost !== undefined && !isInt32(cost)) {
    errs.push(invalid(metaPath.child("annotations").key("controller.kubernetes.io/pod-deletion-cost"), cost, "must be a 32bit integer"));
  }
  errs.push(...validatePodSpec(pod.spec, specPath));
  if (!str(pod.spec?.serviceAccountName)) {
    listOf(pod.spec?.volumes).forEach((v, vi) => {
      listOf(v.projected?.sources).forEach((s, si) => {
        if (s.serviceAccountToken) {
          const p = specPath.child("volumes").index(vi).child("projected").child("sources").index(si).child("serviceAccountToken");
          errs.push(forbidden(p, "must not be specified when serviceAccountName is not set"));
        }
      });
    });
  }
  for (const list of ["containers", "initContainers"] as const) {
    listOf(pod.spec?.[list]).forEach((c, i) => {
      const image = str(c.image);
      if (image !== image.trim()) errs.push(invalid(specPath.child(list).index(i).child("image"), image, "must not have leading or trailing whitespace"));
    });
  }
  return errs;
}

function validateContainerUpdates(next: Container[], prev: Container[], fldPath: FieldPath): { errors: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) return { errors: [forbidden(fldPath, "pod updates may not add or remove containers")], stop: true };
  const errors: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str(c.image);
    if (!image) errors.push(required(fldPath.index(i).child("image")));
    if (image.trim() !== image) errors.push(invalid(fldPath.index(i).child("image"), image, "must not have leading or trailing whitespace"));
  });
  return { errors, stop: false };
}

function validateOnlyAddedTolerations(next: Toleration[], prev: Toleration[], fldPath: FieldPath): FieldError[] {
  for (const old of prev) {
    const kept = next.some((t) => semanticEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!kept) return [forbidden(fldPath, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return validateTolerations(next, fldPath);
}

/** The new spec with the fields an update may change put back to their old values. */
function mungeUpdatableFields(spec: PodSpec, old: PodSpec): PodSpec {
  const munged = structuredClone(spec);
  for (const list of ["containers", "initContainers"] as const) {
    const prev = listOf(old[list]);
    if (munged[list]) munged[list] = listOf(munged[list]).map((c, i) => ({ ...c, image: prev[i]?.image }) as Container);
  }
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.schedulingGates = old.schedulingGates;
  munged.tolerations = old.tolerations;
  const oldGrace = old.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  return munged;
}

/** A short account of what differs, in the spirit of the cmp.Diff Kubernetes appends. */
function specDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const lines: string[] = [];
  diffInto(normalize(oldSpec), normalize(newSpec), "", lines);
  return ["  v1.PodSpec{", ...lines, "  }"].join("\n");
}

function diffInto(a: unknown, b: unknown, path: string, out: string[]): void {
  if (semanticEqual(a, b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffInto(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diffInto(v, b[i], `${path}[${i}]`, out));
    return;
  }
  const show = (v: unknown) => (v === undefined ? "nil" : JSON.stringify(v));
  out.push(`- \t${path}: ${show(a)},`, `+ \t${path}: ${show(b)},`);
}

function isInt32(s: string): boolean {
  if (!/^[+-]?\d+$/.test(s)) return false;
  const n = Number(s);
  return n >= -2147483648 && n <= MAX_INT32;
}
