import type { LimitRange, LimitRangeItem } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { compareAmounts, formatAmount, milliValue, parseAmount, wholeAmount, type Amount } from "../../amount.js";
import { isQuantity } from "../../quantity.js";
import { type FieldPath, duplicate, forbidden, invalid, newPath, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isQualifiedName, nameIsDNSSubdomain } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { QUANTITY_SYNTAX, validateContainerResourceName, validateResourceName } from "./resources.js";
import { entriesOf, objectsOf, str } from "./values.js";

const STANDARD_LIMIT_TYPES = new Set(["Pod", "Container", "PersistentVolumeClaim"]);

type Bound = "max" | "min" | "default" | "defaultRequest" | "maxLimitRequestRatio";

/**
 * A LimitRange (ValidateLimitRange): standard item types, each type once, resource
 * names a container (or, for claims, anything) may use, no defaults for Pod items, a
 * min or max storage for claims, and per resource min ≤ defaultRequest ≤ default ≤ max
 * with a ratio of at least 1 that max/min can reach.
 */
export function validateLimitRange(obj: KubeObject): FieldError[] {
  const lr = asKind<LimitRange>(obj);
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  const types = new Set<string>();
  objectsOf(lr.spec?.limits).forEach((item, i) => {
    const idx = newPath("spec", "limits").index(i);
    const type = str(item.type);
    errs.push(...validateLimitRangeTypeName(type, idx.child("type")));
    if (types.has(type)) errs.push(duplicate(idx.child("type"), type));
    types.add(type);
    errs.push(...validateItem(item, type, idx));
  });
  return errs;
}

function validateLimitRangeTypeName(value: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalid(path, value, msg));
  if (errs.length === 0 && !value.includes("/") && !STANDARD_LIMIT_TYPES.has(value)) errs.push(invalid(path, value, "must be a standard limit type or fully qualified"));
  return errs;
}

function validateItem(item: LimitRangeItem, type: string, idx: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const bounds: Record<Bound, Map<string, Amount>> = { max: new Map(), min: new Map(), default: new Map(), defaultRequest: new Map(), maxLimitRequestRatio: new Map() };
  const keys = new Set<string>();
  const read = (bound: Bound) => {
    for (const [k, q] of entriesOf(item[bound] as Record<string, unknown> | undefined)) {
      const p = idx.child(bound).key(k);
      errs.push(...(type === "Pod" || type === "Container" ? validateContainerResourceName(k, p) : validateResourceName(k, p)));
      keys.add(k);
      if ((typeof q !== "string" && typeof q !== "number") || !isQuantity(q)) errs.push(invalid(p, q, QUANTITY_SYNTAX));
      else bounds[bound].set(k, parseAmount(q));
    }
  };
  read("max");
  read("min");
  if (type === "Pod") {
    if (entriesOf(item.default).length > 0) errs.push(forbidden(idx.child("default"), "may not be specified when `type` is 'Pod'"));
    if (entriesOf(item.defaultRequest).length > 0) errs.push(forbidden(idx.child("defaultRequest"), "may not be specified when `type` is 'Pod'"));
  } else {
    read("default");
    read("defaultRequest");
  }
  if (type === "PersistentVolumeClaim" && !bounds.min.has("storage") && !bounds.max.has("storage")) {
    errs.push(required(idx.child("limits"), "either minimum or maximum storage value is required, but neither was provided"));
  }
  read("maxLimitRequestRatio");

  const s = formatAmount;
  for (const k of keys) {
    const min = bounds.min.get(k);
    const max = bounds.max.get(k);
    const def = bounds.default.get(k);
    const defReq = bounds.defaultRequest.get(k);
    const ratio = bounds.maxLimitRequestRatio.get(k);
    if (min && max && compareAmounts(min, max) > 0) errs.push(invalid(idx.child("min").key(k), s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
    if (defReq && min && compareAmounts(min, defReq) > 0) {
      errs.push(invalid(idx.child("defaultRequest").key(k), s(defReq), `min value ${s(min)} is greater than default request value ${s(defReq)}`));
    }
    if (defReq && max && compareAmounts(defReq, max) > 0) {
      errs.push(invalid(idx.child("defaultRequest").key(k), s(defReq), `default request value ${s(defReq)} is greater than max value ${s(max)}`));
    }
    if (defReq && def && compareAmounts(defReq, def) > 0) {
      errs.push(invalid(idx.child("defaultRequest").key(k), s(defReq), `default request value ${s(defReq)} is greater than default limit value ${s(def)}`));
    }
    if (def && min && compareAmounts(min, def) > 0) errs.push(invalid(idx.child("default").key(k), s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
    if (def && max && compareAmounts(def, max) > 0) errs.push(invalid(idx.child("default").key(k), s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
    if (ratio && compareAmounts(ratio, wholeAmount(1)) < 0) errs.push(invalid(idx.child("maxLimitRequestRatio").key(k), s(ratio), `ratio ${s(ratio)} is less than 1`));
    if (ratio && min && max) {
      const reachable = Number(milliValue(max)) / Number(milliValue(min));
      if (Number(milliValue(ratio)) / 1000 > reachable) {
        errs.push(invalid(idx.child("maxLimitRequestRatio").key(k), s(ratio), `ratio ${s(ratio)} is greater than max/min = ${reachable.toFixed(6)}`));
      }
    }
    // Resources that cannot be overcommitted (extended ones, hugepages) need default and default request equal.
    if (!isOvercommitAllowed(k) && def && defReq && compareAmounts(def, defReq) !== 0) {
      errs.push(invalid(idx.child("defaultRequest").key(k), s(defReq), `default value ${s(def)} must equal to defaultRequest value ${s(defReq)} in ${k}`));
    }
  }
  return errs;
}

function isOvercommitAllowed(name: string): boolean {
  return (!name.includes("/") || name.includes("kubernetes.io/")) && !name.startsWith("hugepages-");
}

/** A LimitRange update: immutable metadata, then the same checks as on create. */
export function validateLimitRangeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateLimitRange(obj)];
}

/** Kubernetes' registration of LimitRange validation. */
export const limitRangeValidation: KindValidation = {
  create: (obj) => validateLimitRange(obj),
  update: (obj, old) => validateLimitRangeUpdate(obj, old),
};
