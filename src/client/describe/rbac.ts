/**
 * `kubectl describe` for RBAC objects: a role's rules broken down per API group,
 * resource and name and compacted back by verbs (the PolicyRule table), and a
 * binding's role and subjects.
 */
import type { ClusterRole, PolicyRule, RoleBinding } from "kubernetes-types/rbac/v1";
import { printAnnotationsMultiline, printLabelsMultiline } from "./common.js";
import { LEVEL_0, LEVEL_1, PrefixWriter } from "./prefix-writer.js";

const sorted = (xs: readonly string[] | undefined): string[] => [...new Set(xs ?? [])].sort();

/** rbac.BreakdownRule: one rule per API group, resource and resource name (or per URL). */
function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const verbs = sorted(rule.verbs);
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      if ((rule.resourceNames ?? []).length > 0) {
        for (const name of rule.resourceNames!) out.push({ verbs, apiGroups: [group], resources: [resource], resourceNames: [name] });
      } else {
        out.push({ verbs, apiGroups: [group], resources: [resource] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) out.push({ verbs, nonResourceURLs: [url] });
  return out;
}

/** rbac.CompactRules: simple rules of one group, resource and name merge their verbs. */
function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames ?? []).length <= 1 && (r.nonResourceURLs ?? []).length === 0 && (r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...compacted, ...simple.values()];
}

const goList = (xs: readonly string[] | undefined): string => `[${(xs ?? []).join(" ")}]`;

/** The rule's Go String(), which kubectl sorts the table by. */
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** CombineResourceGroup: `deployments.apps`, `pods/log`, or the resource alone in the core group. */
function combineResourceGroup(resources: readonly string[] | undefined, groups: readonly string[] | undefined): string {
  if (!resources || resources.length === 0) return "";
  const [base, sub] = resources[0]!.split(/\/(.*)/s, 2) as [string, string | undefined];
  let out = base;
  if (groups && groups.length > 0 && groups[0] !== "") out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

/** `kubectl describe role` and `describe clusterrole`. */
export function describeRole(role: ClusterRole): string {
  const rules = compactRules((role.rules ?? []).flatMap(breakdownRule)).sort((a, b) => {
    const sa = ruleString(a);
    const sb = ruleString(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${role.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", role.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", role.metadata?.annotations);
  w.write(LEVEL_0, "PolicyRule:\n");
  w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
  w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
  for (const r of rules) {
    w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
  }
  return w.toString();
}

/** `kubectl describe rolebinding` and `describe clusterrolebinding`. */
export function describeRoleBinding(binding: RoleBinding): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${binding.metadata?.name ?? ""}\n`);
  printLabelsMultiline(w, "Labels", binding.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", binding.metadata?.annotations);
  w.write(LEVEL_0, "Role:\n");
  w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ""}\n`);
  w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ""}\n`);
  w.write(LEVEL_0, "Subjects:\n");
  w.write(LEVEL_1, "Kind\tName\tNamespace\n");
  w.write(LEVEL_1, "----\t----\t---------\n");
  for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ""}\n`);
  return w.toString();
}
