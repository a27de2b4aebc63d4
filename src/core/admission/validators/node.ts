import type { Node, NodeSpec, Taint } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { duplicate, type FieldPath, forbidden, invalid, newPath } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { isValidCIDR, isValidLabelValue, nameIsDNSSubdomain } from "./formats.js";
import { validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateResourceQuantityValue } from "./resources.js";
import { validateTaintEffect } from "./scheduling.js";
import { entriesOf, listOf, str } from "./values.js";

/**
 * A new Node: metadata, taints (keys, values, effects, unique by key and effect),
 * pod CIDRs, and non-negative capacity and allocatable quantities.
 */
export function validateNode(obj: KubeObject): FieldError[] {
  const node = asKind<Node>(obj);
  const metaPath = newPath("metadata");
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain, metaPath);
  errs.push(...validateNodeSpec(node, metaPath));
  const cidrs = podCIDRs(node.spec);
  cidrs.forEach((c, i) => isValidCIDR(c).forEach((m) => errs.push(invalid(newPath("spec", "podCIDRs").index(i), c, m))));
  if (cidrs.length > 1) {
    const families = cidrs.map((c) => (c.includes(":") ? 6 : 4));
    if (cidrs.length > 2 || families[0] === families[1]) errs.push(invalid(newPath("spec", "podCIDRs"), cidrs, "may specify no more than one CIDR for each IP family"));
    cidrs.forEach((c, i) => {
      if (cidrs.indexOf(c) !== i) errs.push(duplicate(newPath("spec", "podCIDRs").index(i), c));
    });
  }
  return errs;
}

/**
 * A Node update: metadata, taints and resources as on create; podCIDRs and providerID
 * may only be set once; `unschedulable`, taints and status may change.
 */
export function validateNodeUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const node = asKind<Node>(obj);
  const old = asKind<Node>(oldObj);
  const metaPath = newPath("metadata");
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata, metaPath);
  errs.push(...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain, metaPath));
  errs.push(...validateNodeSpec(node, metaPath));
  const oldCidrs = podCIDRs(old.spec);
  const cidrs = podCIDRs(node.spec);
  if (oldCidrs.length > 0) {
    const changed = oldCidrs.length !== cidrs.length ? [0] : oldCidrs.flatMap((c, i) => (c !== cidrs[i] ? [i] : []));
    for (let k = 0; k < changed.length; k++) errs.push(forbidden(newPath("spec", "podCIDRs"), 'node updates may not change podCIDR except from "" to valid'));
  }
  const oldProvider = str(old.spec?.providerID);
  if (oldProvider && oldProvider !== str(node.spec?.providerID)) {
    errs.push(forbidden(newPath("spec", "providerID"), 'node updates may not change providerID except from "" to valid'));
  }
  const seen = new Set<string>();
  listOf(node.status?.addresses).forEach((a, i) => {
    const key = `${str(a.type)}/${str(a.address)}`;
    if (seen.has(key)) errs.push(duplicate(newPath("status", "addresses").index(i), a));
    seen.add(key);
  });
  return errs;
}

/** Kubernetes' registration of Node validation. */
export const nodeValidation: KindValidation = {
  create: (obj) => validateNode(obj),
  update: (obj, old) => validateNodeUpdate(obj, old),
};

function validateNodeSpec(node: Node, metaPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  // Kubernetes reports taints under metadata (metadata.taints[0].effect); kept as it is.
  errs.push(...validateNodeTaints(listOf(node.spec?.taints), metaPath.child("taints")));
  for (const section of ["capacity", "allocatable"] as const) {
    for (const [k, v] of entriesOf(node.status?.[section])) {
      errs.push(...validateResourceQuantityValue(k, v, newPath("status", section, k)));
    }
  }
  return errs;
}

/** Taint keys, values and effects; one taint per key and effect. */
export function validateNodeTaints(taints: readonly Taint[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  taints.forEach((t, i) => {
    const p = fldPath.index(i);
    errs.push(...validateLabelName(str(t.key), p.child("key")));
    const valueErrs = isValidLabelValue(str(t.value));
    if (valueErrs.length) errs.push(invalid(p.child("value"), str(t.value), valueErrs.join(";")));
    errs.push(...validateTaintEffect(t.effect, false, p.child("effect")));
    const key = `${str(t.effect)}\u0000${str(t.key)}`;
    if (unique.has(key)) {
      errs.push(duplicate(p, t, "taints must be unique by key and effect pair"));
      return;
    }
    unique.add(key);
  });
  return errs;
}

/** v1 Nodes carry `podCIDR` and `podCIDRs`; the API server keeps the list, seeded from the single field. */
function podCIDRs(spec: NodeSpec | undefined): string[] {
  const list = listOf(spec?.podCIDRs).map(str);
  if (list.length) return list;
  const one = str(spec?.podCIDR);
  return one ? [one] : [];
}
