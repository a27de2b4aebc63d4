/**
 * `kubectl get rolebindings` and `get clusterrolebindings`: NAME ROLE AGE, and with
 * -o wide USERS GROUPS SERVICEACCOUNTS (rbac.SubjectsStrings).
 */
import type { RoleBinding, Subject } from "kubernetes-types/rbac/v1";
import { asKind, type KubeObject } from "../api/object.js";
import { timestampSince } from "./duration.js";
import type { KindPrinter, PrintContext, TableColumn } from "./types.js";

const COLUMNS: readonly TableColumn[] = [
  { name: "Name", priority: 0 },
  { name: "Role", priority: 0 },
  { name: "Age", priority: 0 },
  { name: "Users", priority: 1 },
  { name: "Groups", priority: 1 },
  { name: "ServiceAccounts", priority: 1 },
];

/** Subjects split as rbac.SubjectsStrings does: users, groups, `namespace/name` of service accounts. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of subjects ?? []) {
    if (s.kind === "User") out.users.push(s.name);
    else if (s.kind === "Group") out.groups.push(s.name);
    else if (s.kind === "ServiceAccount") out.serviceAccounts.push(`${s.namespace ?? ""}/${s.name}`);
  }
  return out;
}

function bindingRow(obj: KubeObject, ctx: PrintContext): string[] {
  const b = asKind<RoleBinding>(obj);
  const s = subjectsStrings(b.subjects);
  return [
    b.metadata?.name ?? "",
    `${b.roleRef?.kind ?? ""}/${b.roleRef?.name ?? ""}`,
    timestampSince(b.metadata?.creationTimestamp, ctx.now),
    s.users.join(", "),
    s.groups.join(", "),
    s.serviceAccounts.join(", "),
  ];
}

/** RoleBindings in `kubectl get` tables. */
export const roleBindingPrinter: KindPrinter = { columns: COLUMNS, row: bindingRow };
/** ClusterRoleBindings in `kubectl get` tables: the same columns as RoleBindings. */
export const clusterRoleBindingPrinter: KindPrinter = { columns: COLUMNS, row: bindingRow };
