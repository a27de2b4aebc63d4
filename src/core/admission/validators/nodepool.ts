import type { FieldError } from "../../api/errors.js";
import { parseGoDuration } from "../../api/duration.js";
import { NODEPOOL_LABEL, type NodePool } from "../../api/nodepool.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { parseQuantity } from "../../quantity.js";
import { forbidden, invalid, newPath, notSupported, required, type FieldPath } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { IS_NEGATIVE_ERROR_MSG, isValidLabelValue, nameIsDNSLabel } from "./formats.js";
import { validateNodeTaints } from "./node.js";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateResourceQuantityValue } from "./resources.js";
import { entriesOf, isRecord, listOf, str } from "./values.js";

/** The resources a pool's template may give its nodes. */
const CAPACITY_RESOURCES = ["cpu", "memory", "pods"];

function validateSize(value: unknown, fldPath: FieldPath): FieldError[] {
  if (value === undefined || value === null) return [required(fldPath)];
  if (typeof value !== "number" || !Number.isInteger(value)) return [invalid(fldPath, value, "must be an integer")];
  return value < 0 ? [invalid(fldPath, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

function validateTemplate(template: Record<string, unknown>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const labels = isRecord(template.labels) ? (template.labels as Record<string, string>) : undefined;
  errs.push(...validateLabels(labels, fldPath.child("labels")));
  // The pool names its nodes itself: a template cannot claim them for another pool.
  if (labels && NODEPOOL_LABEL in labels) errs.push(forbidden(fldPath.child("labels").key(NODEPOOL_LABEL), "is set by the node pool controller"));
  errs.push(...validateNodeTaints(listOf(template.taints as never), fldPath.child("taints")));
  const zone = str(template.zone);
  for (const msg of isValidLabelValue(zone)) errs.push(invalid(fldPath.child("zone"), zone, msg));
  for (const [name, q] of entriesOf(template.capacity as Record<string, unknown> | undefined)) {
    const p = fldPath.child("capacity").key(name);
    if (!CAPACITY_RESOURCES.includes(name)) {
      errs.push(notSupported(p, name, CAPACITY_RESOURCES));
      continue;
    }
    const qErrs = validateResourceQuantityValue(name === "pods" ? "pods" : name, q, p);
    errs.push(...qErrs);
    if (qErrs.length === 0 && parseQuantity(q as string) <= 0) errs.push(invalid(p, q, "must be greater than 0"));
  }
  return errs;
}

/**
 * A NodePool: a DNS label for a name (it becomes a label value and every node's name
 * prefix), non-negative integer sizes with maxSize at least minSize, a Go duration for
 * the provisioning delay, and a template of valid labels, taints, zone and capacity.
 */
export function validateNodePool(obj: KubeObject): FieldError[] {
  const pool = asKind<NodePool>(obj);
  const errs = validateObjectMeta(pool.metadata, false, nameIsDNSLabel, newPath("metadata"));
  const specPath = newPath("spec");
  if (!isRecord(pool.spec)) return [...errs, required(specPath)];
  const spec = pool.spec as unknown as Record<string, unknown>;
  const minErrs = validateSize(spec.minSize, specPath.child("minSize"));
  const maxErrs = validateSize(spec.maxSize, specPath.child("maxSize"));
  errs.push(...minErrs, ...maxErrs);
  if (minErrs.length === 0 && maxErrs.length === 0 && (spec.maxSize as number) < (spec.minSize as number)) {
    errs.push(invalid(specPath.child("maxSize"), spec.maxSize, "must be greater than or equal to minSize"));
  }
  if (spec.provisioningDelay !== undefined) {
    const p = specPath.child("provisioningDelay");
    try {
      if (parseGoDuration(str(spec.provisioningDelay)) < 0) errs.push(invalid(p, spec.provisioningDelay, IS_NEGATIVE_ERROR_MSG));
    } catch (e) {
      errs.push(invalid(p, spec.provisioningDelay, (e as Error).message));
    }
  }
  if (isRecord(spec.template)) errs.push(...validateTemplate(spec.template, specPath.child("template")));
  return errs;
}

/** NodePool validation: everything in the spec may change; a new template shapes only nodes created after it. */
export const nodePoolValidation: KindValidation = {
  create: (obj) => validateNodePool(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateNodePool(obj)],
};
