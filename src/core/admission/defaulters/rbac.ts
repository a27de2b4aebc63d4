import type { RoleRef, Subject } from "kubernetes-types/rbac/v1";
import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord, objectsOf } from "../validators/values.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";

/**
 * RoleBindings and ClusterRoleBindings as rbac/v1 defaults them: the roleRef's
 * apiGroup is `rbac.authorization.k8s.io`, and so is a User's or Group's subject
 * apiGroup (a ServiceAccount's stays the core group, "").
 */
export function defaultBinding(obj: KubeObject, _ctx: DefaultingContext): void {
  const binding = obj as KubeObject & { roleRef?: RoleRef; subjects?: Subject[] };
  if (isRecord(binding.roleRef) && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const s of objectsOf(binding.subjects)) {
    // A ServiceAccount's group is the core group, "", which the API leaves out.
    if (!s.apiGroup && (s.kind === "User" || s.kind === "Group")) s.apiGroup = RBAC_GROUP;
  }
}
