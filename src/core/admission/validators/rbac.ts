import type { ClusterRole, PolicyRule, Role, RoleBinding, RoleRef, Subject } from "kubernetes-types/rbac/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { RBAC_GROUP } from "../defaulters/rbac.js";
import { type FieldPath, invalid, newPath, notSupported, required } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { nameIsDNSSubdomain, validatePathSegmentName } from "./formats.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validateLabelSelector } from "./scheduling.js";
import { isRecord, listOf, str } from "./values.js";

/**
 * RBAC objects as pkg/apis/rbac/validation checks them: names are path segments, every
 * rule has verbs and either resources with API groups or (cluster-wide only)
 * non-resource URLs, and bindings refer to a role of this API group by kind and name,
 * for subjects that are Users, Groups or ServiceAccounts. kdeck does not enforce RBAC yet.
 */

function validateRule(rule: PolicyRule, isNamespaced: boolean, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (listOf(rule.verbs).length === 0) errs.push(required(p.child("verbs"), "verbs must contain at least one value"));
  const urls = listOf(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (isNamespaced) errs.push(invalid(p.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs"));
    if (listOf(rule.apiGroups).length > 0 || listOf(rule.resources).length > 0 || listOf(rule.resourceNames).length > 0) {
      errs.push(invalid(p.child("nonResourceURLs"), urls, "rules cannot apply to both regular resources and non-resource URLs"));
    }
    return errs;
  }
  if (listOf(rule.apiGroups).length === 0) errs.push(required(p.child("apiGroups"), "resource rules must supply at least one api group"));
  if (listOf(rule.resources).length === 0) errs.push(required(p.child("resources"), "resource rules must supply at least one resource"));
  return errs;
}

function validateRoleCommon(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  const role = asKind<Role>(obj);
  const errs = validateObjectMeta(role.metadata, isNamespaced, validatePathSegmentName, newPath("metadata"));
  listOf(role.rules).forEach((r, i) => errs.push(...validateRule(r, isNamespaced, newPath("rules").index(i))));
  return errs;
}

function validateClusterRole(obj: KubeObject): FieldError[] {
  const errs = validateRoleCommon(obj, false);
  const aggregation = asKind<ClusterRole>(obj).aggregationRule;
  if (aggregation !== undefined && aggregation !== null && typeof aggregation === "object") {
    const selectors = listOf(aggregation.clusterRoleSelectors);
    const p = newPath("aggregationRule", "clusterRoleSelectors");
    if (selectors.length === 0) errs.push(required(p, "at least one clusterRoleSelector required if aggregationRule is non-nil"));
    selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, p.index(i))));
  }
  return errs;
}

function validateSubject(s: Subject, isNamespaced: boolean, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s.name);
  if (!name) errs.push(required(p.child("name")));
  const apiGroup = str(s.apiGroup);
  switch (s.kind) {
    case "ServiceAccount":
      if (name) for (const msg of nameIsDNSSubdomain(name, false)) errs.push(invalid(p.child("name"), name, msg));
      if (apiGroup) errs.push(notSupported(p.child("apiGroup"), apiGroup, [""]));
      if (!isNamespaced && !str(s.namespace)) errs.push(required(p.child("namespace")));
      break;
    case "User":
    case "Group":
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(p.child("apiGroup"), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(p.child("kind"), str(s.kind), ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

function validateBinding(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  const binding = asKind<RoleBinding>(obj);
  const errs = validateObjectMeta(binding.metadata, isNamespaced, validatePathSegmentName, newPath("metadata"));
  const ref: RoleRef = isRecord(binding.roleRef) ? binding.roleRef : ({} as RoleRef);
  const refPath = newPath("roleRef");
  if (str(ref.apiGroup) !== RBAC_GROUP) errs.push(notSupported(refPath.child("apiGroup"), str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = isNamespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
  if (!kinds.includes(str(ref.kind))) errs.push(notSupported(refPath.child("kind"), str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(required(refPath.child("name")));
  else for (const msg of validatePathSegmentName(name, false)) errs.push(invalid(refPath.child("name"), name, msg));
  listOf(binding.subjects).forEach((s, i) => errs.push(...validateSubject(s, isNamespaced, newPath("subjects").index(i))));
  return errs;
}

/** A binding's roleRef never changes: Kubernetes asks for a new binding instead. */
function validateBindingUpdate(obj: KubeObject, old: KubeObject, isNamespaced: boolean): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateBinding(obj, isNamespaced)];
  const ref = asKind<RoleBinding>(obj).roleRef;
  const oldRef = asKind<RoleBinding>(old).roleRef;
  if (str(ref?.apiGroup) !== str(oldRef?.apiGroup) || str(ref?.kind) !== str(oldRef?.kind) || str(ref?.name) !== str(oldRef?.name)) {
    errs.push(invalid(newPath("roleRef"), ref ?? null, "cannot change roleRef"));
  }
  return errs;
}

export const roleValidation: KindValidation = {
  create: (obj) => validateRoleCommon(obj, true),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateRoleCommon(obj, true)],
};

export const clusterRoleValidation: KindValidation = {
  create: (obj) => validateClusterRole(obj),
  update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, newPath("metadata")), ...validateClusterRole(obj)],
};

export const roleBindingValidation: KindValidation = {
  create: (obj) => validateBinding(obj, true),
  update: (obj, old) => validateBindingUpdate(obj, old, true),
};

export const clusterRoleBindingValidation: KindValidation = {
  create: (obj) => validateBinding(obj, false),
  update: (obj, old) => validateBindingUpdate(obj, old, false),
};
