import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { FieldError } from "../../api/errors.js";
import { type FieldPath, forbidden, invalid, required, tooLong } from "../field.js";
import { semanticEqual } from "../semantic-equal.js";
import { FIELD_IMMUTABLE_ERROR_MSG, IS_NEGATIVE_ERROR_MSG, isQualifiedName, isValidLabelValue, nameIsDNSLabel, type ValidateNameFunc } from "./formats.js";
import { entriesOf, listOf, str } from "./values.js";

/** Annotations may hold 256 KiB in all, keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/**
 * An object's metadata on create: name (or generateName) and its format, namespace
 * presence for namespaced kinds, labels, annotations, owner references and finalizers.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, requiresNamespace: boolean, nameFn: ValidateNameFunc, fldPath: FieldPath): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  const name = str(m.name);
  if (generateName) {
    for (const msg of nameFn(generateName, true)) errs.push(invalid(fldPath.child("generateName"), generateName, msg));
  }
  if (!name) errs.push(required(fldPath.child("name"), "name or generateName is required"));
  else for (const msg of nameFn(name, false)) errs.push(invalid(fldPath.child("name"), name, msg));

  const namespace = str(m.namespace);
  if (requiresNamespace) {
    if (!namespace) errs.push(required(fldPath.child("namespace")));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(invalid(fldPath.child("namespace"), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(fldPath.child("namespace"), "not allowed on this type"));
  }
  if (typeof m.generation === "number" && m.generation < 0) errs.push(invalid(fldPath.child("generation"), m.generation, IS_NEGATIVE_ERROR_MSG));
  errs.push(...validateMetaCommon(m, fldPath));
  return errs;
}

/**
 * An object's metadata on update: name, namespace and uid may not change (an omitted uid
 * is taken from the stored object, as the API server does), and the new metadata must
 * itself be valid.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta | undefined, oldMeta: ObjectMeta | undefined, fldPath: FieldPath): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const extra = listOf(n.finalizers).filter((f) => !listOf(o.finalizers).includes(f));
    if (extra.length) {
      errs.push(forbidden(fldPath.child("finalizers"), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${[...new Set(extra)].sort().map((f) => JSON.stringify(f)).join(", ")}}`));
    }
  }
  errs.push(...validateImmutableField(n.name ?? "", o.name ?? "", fldPath.child("name")));
  errs.push(...validateImmutableField(n.namespace ?? "", o.namespace ?? "", fldPath.child("namespace")));
  if (n.uid) errs.push(...validateImmutableField(n.uid, o.uid ?? "", fldPath.child("uid")));
  errs.push(...validateMetaCommon(n, fldPath));
  return errs;
}

/** `Invalid value: <new>: field is immutable` when a value changed. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, fldPath: FieldPath): FieldError[] {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(fldPath, newVal ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

function validateMetaCommon(m: ObjectMeta, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabels(m.labels, fldPath.child("labels")));
  errs.push(...validateAnnotations(m.annotations, fldPath.child("annotations")));
  errs.push(...validateOwnerReferences(m, fldPath.child("ownerReferences")));
  errs.push(...validateFinalizers(listOf(m.finalizers), fldPath.child("finalizers")));
  listOf(m.finalizers).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fldPath.child("finalizers").index(i))));
  return errs;
}

/** Label keys and values. Errors name the map, as Kubernetes does: `metadata.labels: Invalid value: "x y": …`. */
export function validateLabels(labels: Record<string, string> | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of entriesOf(labels)) {
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(String(v))) errs.push(invalid(fldPath, v, msg));
  }
  return errs;
}

/** A label key (also taint and toleration keys, topology keys). */
export function validateLabelName(name: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
}

/** Annotation keys (case-insensitive qualified names) and their total size. */
export function validateAnnotations(annotations: Record<string, string> | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entriesOf(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(fldPath, k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(String(v ?? ""));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(fldPath, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReferences(m: ObjectMeta, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  const refs = listOf(m.ownerReferences);
  for (const ref of refs) {
    const apiVersion = ref.apiVersion ?? "";
    const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
    if (!version) errs.push(invalid(fldPath.child("apiVersion"), apiVersion, "version must not be empty"));
    if (!ref.kind) errs.push(invalid(fldPath.child("kind"), ref.kind ?? "", "must not be empty"));
    if (!ref.name) errs.push(invalid(fldPath.child("name"), ref.name ?? "", "must not be empty"));
    if (!ref.uid) errs.push(invalid(fldPath.child("uid"), ref.uid ?? "", "must not be empty"));
    if (apiVersion === "v1" && ref.kind === "Event") errs.push(invalid(fldPath, ref, "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(invalid(fldPath, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else {
        firstController = cur;
      }
    }
  }
  return errs;
}

function validateFinalizers(finalizers: string[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers) for (const msg of isQualifiedName(f)) errs.push(invalid(fldPath, f, msg));
  if (finalizers.includes("orphan") && finalizers.includes("foregroundDeletion")) {
    errs.push(invalid(fldPath, finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  return errs;
}

/** A finalizer without a `/` must be one of Kubernetes' own. */
export function validateKubeFinalizerName(name: string, fldPath: FieldPath): FieldError[] {
  if (String(name).includes("/") || STANDARD_FINALIZERS.has(name)) return [];
  return [invalid(fldPath, name, "name is neither a standard finalizer name nor is it fully qualified")];
}

/** A finalizer in a Namespace's spec: a qualified name, and Kubernetes' own unless prefixed. */
export function validateFinalizerName(name: string, fldPath: FieldPath): FieldError[] {
  return [...isQualifiedName(name).map((msg) => invalid(fldPath, name, msg)), ...validateKubeFinalizerName(name, fldPath)];
}
