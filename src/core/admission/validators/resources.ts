import type { ResourceRequirements } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { isQuantity, parseQuantity } from "../../quantity.js";
import { type FieldPath, invalid, required } from "../field.js";
import { canonicalQuantity } from "../quantity-string.js";
import { IS_NEGATIVE_ERROR_MSG, isQualifiedName } from "./formats.js";
import { entriesOf } from "./values.js";

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES = new Set([
  "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
  "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
  "services.nodeports", "services.loadbalancers",
]);
const INTEGER_RESOURCES = new Set(["pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"]);

export const QUANTITY_SYNTAX = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * A container's `resources`: resource names Kubernetes knows (or fully qualified
 * extended resources), non-negative quantities, and requests no greater than limits
 * (`must be less than or equal to cpu limit of 1`); extended resources and hugepages
 * cannot be overcommitted, so their requests must equal their limits.
 */
export function validateContainerResourceRequirements(req: ResourceRequirements | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = fldPath.child("limits");
  const reqPath = fldPath.child("requests");
  const limits = new Map(entriesOf(req?.limits));
  let limCpuOrMemory = false;
  let reqCpuOrMemory = false;
  let hugePages = false;

  for (const [name, q] of limits) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (name === "cpu" || name === "memory") limCpuOrMemory = true;
    if (isHugePageResourceName(name)) hugePages = true;
  }
  for (const [name, q] of entriesOf(req?.requests)) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const qErrs = validateResourceQuantityValue(name, q, p);
    errs.push(...qErrs);
    const limit = limits.get(name);
    if (limit !== undefined) {
      if (qErrs.length === 0 && isQuantity(limit)) {
        const cmp = compareQuantities(q, limit);
        if (cmp !== 0 && !isOvercommitAllowed(name)) {
          errs.push(invalid(reqPath, canonicalQuantity(q), `must be equal to ${name} limit of ${canonicalQuantity(limit)}`));
        } else if (cmp > 0) {
          errs.push(invalid(reqPath, canonicalQuantity(q), `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`));
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (name === "cpu" || name === "memory") reqCpuOrMemory = true;
    if (isHugePageResourceName(name)) hugePages = true;
  }
  if (hugePages && !limCpuOrMemory && !reqCpuOrMemory) {
    errs.push({ type: "Forbidden", field: fldPath.toString(), detail: "HugePages require cpu or memory" });
  }
  return errs;
}

/** A quantity that parses, is not negative, and is whole for countable resources. */
export function validateResourceQuantityValue(name: string, q: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof q !== "string" && typeof q !== "number") return [invalid(fldPath, q, QUANTITY_SYNTAX)];
  if (!isQuantity(q)) return [invalid(fldPath, q, QUANTITY_SYNTAX)];
  const v = parseQuantity(q);
  const errs: FieldError[] = [];
  if (v < 0) errs.push(invalid(fldPath, canonicalQuantity(q), IS_NEGATIVE_ERROR_MSG));
  if ((INTEGER_RESOURCES.has(name) || isExtendedResourceName(name)) && Math.round(v * 1000) % 1000 !== 0) {
    errs.push(invalid(fldPath, canonicalQuantity(q), "must be an integer"));
  }
  return errs;
}

/** A resource a container (or a LimitRange's Pod and Container items) may name. */
export function validateContainerResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
  if (!name.includes("/")) {
    if (errs.length === 0 && !STANDARD_RESOURCES.has(name) && !isHugePageResourceName(name)) errs.push(invalid(fldPath, name, "must be a standard resource type or fully qualified"));
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) errs.push(invalid(fldPath, name, "must be a standard resource for containers"));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(fldPath, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** validateResourceName: a qualified name, and a standard one unless it has a domain. */
export function validateResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
  if (errs.length === 0 && !name.includes("/") && !STANDARD_RESOURCES.has(name) && !isHugePageResourceName(name)) {
    errs.push(invalid(fldPath, name, "must be a standard resource type or fully qualified"));
  }
  return errs;
}

function isHugePageResourceName(name: string): boolean {
  return name.startsWith("hugepages-");
}

function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function compareQuantities(a: string | number, b: string | number): number {
  // Millis keep CPU comparisons exact; bytes are whole numbers already.
  const x = Math.round(parseQuantity(a) * 1000);
  const y = Math.round(parseQuantity(b) * 1000);
  return x === y ? 0 : x < y ? -1 : 1;
}
