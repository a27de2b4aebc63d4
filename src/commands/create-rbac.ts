/**
 * `kdeck create role|clusterrole|rolebinding|clusterrolebinding`: the RBAC objects
 * kubectl's generators build from `--verb`, `--resource`, `--resource-name`,
 * `--non-resource-url`, `--role`, `--clusterrole`, `--user`, `--group` and
 * `--serviceaccount`, with its checks and messages.
 */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { KINDS, kindForResource, NOT_YET_SERVED } from "../client/kinds.js";
import type { PolicyRule, Subject } from "../client/types.js";
import { UsageError, type CommandContext, type OutputStream } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";
import { collectArray } from "./create-sources.js";
import { collect } from "./flags.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const VALID_RESOURCE_VERBS = ["*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate"];
const VALID_NON_RESOURCE_VERBS = ["*", "get", "post", "put", "delete", "patch", "head", "options"];
/** Verbs that only make sense on some resources. */
const SPECIAL_VERBS: Readonly<Record<string, readonly { group: string; resource: string }[]>> = {
  use: [
    { group: "policy", resource: "podsecuritypolicies" },
    { group: "extensions", resource: "podsecuritypolicies" },
  ],
  bind: [
    { group: RBAC_GROUP, resource: "roles" },
    { group: RBAC_GROUP, resource: "clusterroles" },
  ],
  escalate: [
    { group: RBAC_GROUP, resource: "roles" },
    { group: RBAC_GROUP, resource: "clusterroles" },
  ],
  impersonate: [
    { group: "", resource: "users" },
    { group: "", resource: "serviceaccounts" },
    { group: "", resource: "groups" },
    { group: "authentication.k8s.io", resource: "userextras" },
    { group: "authentication.k8s.io", resource: "uids" },
  ],
};

/** `--resource=deployments.apps/scale` split: resource, group, subresource. */
interface ResourceOption {
  resource: string;
  group: string;
  subResource: string;
}

interface RoleFlags extends GeneratorFlags {
  verb?: string[];
  resource?: string[];
  resourceName?: string[];
  nonResourceUrl?: string[];
  aggregationRule?: string;
}

interface BindingFlags extends GeneratorFlags {
  role?: string;
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

/** Verbs without repeats; `*` stands for all of them. */
function dedupeVerbs(verbs: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of verbs) {
    if (v === "*") return ["*"];
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function parseResources(resources: readonly string[]): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of resources) {
    const slash = r.indexOf("/");
    const subResource = slash < 0 ? "" : r.slice(slash + 1);
    const base = slash < 0 ? r : r.slice(0, slash);
    const dot = base.indexOf(".");
    const option = { resource: dot < 0 ? base : base.slice(0, dot), group: dot < 0 ? "" : base.slice(dot + 1), subResource };
    if (option.resource === "*" && dot < 0 && slash < 0) return [option];
    if (!out.some((o) => o.resource === option.resource && o.group === option.group && o.subResource === option.subResource)) out.push(option);
  }
  return out;
}

/**
 * The RESTMapper's ResourceFor, over the kinds Kubernetes serves (kdeck's and those it
 * does not serve yet): short names and singulars become plurals, and the group is found.
 */
function resourceFor(r: ResourceOption): { group: string; resource: string } | undefined {
  const candidates = [
    ...KINDS.map((k) => ({ group: k.group, plural: k.plural, names: [k.plural, k.singular, ...k.shortNames] })),
    ...NOT_YET_SERVED.map((k) => ({ group: k.group, plural: k.plural, names: [k.plural, k.kind.toLowerCase(), ...k.shortNames] })),
  ];
  const match = candidates.find((c) => c.names.includes(r.resource.toLowerCase()) && (r.group === "" || c.group === r.group));
  return match ? { group: match.group, resource: match.plural } : undefined;
}

/** validateResource: every resource exists, and special verbs only go with their resources. */
function validateResources(resources: readonly ResourceOption[], verbs: readonly string[]): void {
  for (const r of resources) {
    if (r.resource === "") throw new Error("resource must be specified if apiGroup/subresource specified");
    if (r.resource === "*") return;
    const mapped = resourceFor(r);
    const resource = mapped ?? { group: r.group, resource: r.resource };
    let special = false;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some((a) => a.resource === resource.resource && a.group === resource.group)) {
        throw new Error(`can not perform '${v}' on '${resource.resource}' in group '${resource.group}'`);
      }
      special = true;
    }
    if (!mapped && !special) throw new Error(`the server doesn't have a resource type "${r.resource}"`);
  }
}

/** generateResourcePolicyRules: one rule per API group (sorted), then one for the URLs. */
export function policyRules(verbs: readonly string[], resources: readonly ResourceOption[], resourceNames: readonly string[], nonResourceURLs: readonly string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = resourceFor(r) ?? { group: r.group, resource: r.resource };
    const name = r.subResource ? `${mapped.resource}/${r.subResource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: PolicyRule[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const rule: PolicyRule = { apiGroups: [group], resources: byGroup.get(group)!, verbs: [...verbs] };
    if (resourceNames.length > 0) rule.resourceNames = [...resourceNames];
    rules.push(rule);
  }
  if (nonResourceURLs.length > 0) rules.push({ nonResourceURLs: [...nonResourceURLs], verbs: [...verbs] });
  return rules;
}

function warnNonStandardVerbs(verbs: readonly string[], err: OutputStream): void {
  for (const v of verbs) if (!VALID_RESOURCE_VERBS.includes(v)) err.write(`Warning: '${v}' is not a standard resource verb\n`);
}

/** `create role`: rules from verbs, resources and resource names. */
export function buildRole(name: string, flags: RoleFlags, err: OutputStream): KubeObject {
  const verbs = dedupeVerbs(flags.verb ?? []);
  const resources = parseResources(flags.resource ?? []);
  if (verbs.length === 0) throw new Error("at least one verb must be specified");
  warnNonStandardVerbs(verbs, err);
  if (resources.length === 0) throw new Error("at least one resource must be specified");
  validateResources(resources, verbs);
  const resourceNames = [...new Set(flags.resourceName ?? [])];
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: "Role", metadata: { name }, rules: policyRules(verbs, resources, resourceNames, []) } as KubeObject;
}

/** `create clusterrole`: rules as for a Role plus non-resource URLs, or an aggregation rule instead. */
export function buildClusterRole(name: string, flags: RoleFlags, err: OutputStream): KubeObject {
  const verbs = dedupeVerbs(flags.verb ?? []);
  const resources = parseResources(flags.resource ?? []);
  const urls = flags.nonResourceUrl ?? [];
  const resourceNames = [...new Set(flags.resourceName ?? [])];
  const base = { apiVersion: `${RBAC_GROUP}/v1`, kind: "ClusterRole", metadata: { name } };
  if (flags.aggregationRule !== undefined) {
    if (urls.length > 0 || verbs.length > 0 || resources.length > 0 || resourceNames.length > 0) {
      throw new Error("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
    }
    return { ...base, aggregationRule: { clusterRoleSelectors: [{ matchLabels: parseMapFlag(flags.aggregationRule) }] } } as KubeObject;
  }
  if (verbs.length === 0) throw new Error("at least one verb must be specified");
  if (resources.length === 0 && urls.length === 0) throw new Error("one of resource or nonResourceURL must be specified");
  if (resources.length > 0) {
    warnNonStandardVerbs(verbs, err);
    validateResources(resources, verbs);
  }
  if (urls.length > 0) {
    for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) throw new Error(`invalid verb: '${v}' for nonResourceURL`);
    for (const url of urls) {
      if (url === "*") continue;
      if (url === "" || !url.startsWith("/")) throw new Error("nonResourceURL should start with /");
      if (url.slice(0, -1).includes("*")) throw new Error("nonResourceURL only supports wildcard matches when '*' is at the end");
    }
  }
  return { ...base, rules: policyRules(verbs, resources, resourceNames, urls) } as KubeObject;
}

/** `--aggregation-rule=k1=v1,k2=v2` (pflag's mapStringString). */
function parseMapFlag(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",").filter((p) => p.length > 0)) {
    const eq = pair.indexOf("=");
    if (eq < 0) throw new UsageError(`invalid argument "${text}" for "--aggregation-rule" flag: ${pair} must be formatted as key=value`, "create");
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function subjects(flags: BindingFlags): Subject[] {
  const out: Subject[] = [];
  for (const user of flags.user ?? []) out.push({ kind: "User", apiGroup: RBAC_GROUP, name: user });
  for (const group of flags.group ?? []) out.push({ kind: "Group", apiGroup: RBAC_GROUP, name: group });
  for (const sa of flags.serviceaccount ?? []) {
    const tokens = sa.split(":");
    if (tokens.length !== 2 || tokens[0] === "" || tokens[1] === "") throw new Error("serviceaccount must be <namespace>:<name>");
    out.push({ kind: "ServiceAccount", namespace: tokens[0], name: tokens[1]! });
  }
  return out;
}

/** `create rolebinding`: exactly one of `--role` and `--clusterrole`, and the subjects. */
export function buildRoleBinding(name: string, flags: BindingFlags): KubeObject {
  const role = flags.role ?? "";
  const clusterRole = flags.clusterrole ?? "";
  if ((role === "") === (clusterRole === "")) throw new Error("exactly one of clusterrole or role must be specified");
  const obj: Record<string, unknown> = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "RoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: role ? "Role" : "ClusterRole", name: role || clusterRole },
  };
  const list = subjects(flags);
  if (list.length > 0) obj.subjects = list;
  return obj as unknown as KubeObject;
}

/** `create clusterrolebinding`: a ClusterRole and the subjects. */
export function buildClusterRoleBinding(name: string, flags: BindingFlags): KubeObject {
  if (!flags.clusterrole) throw new Error("clusterrole must be specified");
  const obj: Record<string, unknown> = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: flags.clusterrole },
  };
  const list = subjects(flags);
  if (list.length > 0) obj.subjects = list;
  return obj as unknown as KubeObject;
}

function rbacKind(plural: string) {
  return kindForResource(`${plural}.${RBAC_GROUP}`)!;
}

/** Registers `create role`, `clusterrole`, `rolebinding` and `clusterrolebinding` on the `create` command. */
export function registerCreateRbac(create: Command, ctx: CommandContext): void {
  const role = create
    .command("role")
    .summary("Create a role with single rule")
    .description(
      "Create a role with single rule.\n\nExamples:\n  kdeck create role pod-reader --verb=get --verb=list --verb=watch --resource=pods\n  kdeck create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod",
    )
    .usage("NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--verb <verbs>", "verbs that apply to the resources contained in the rule", collect)
    .option("--resource <resources>", "resources that the rule applies to", collect)
    .option("--resource-name <name>", "resource in the white list that the rule applies to, repeat this flag for multiple items", collectArray);
  addGeneratorFlags(role).action(async (names: string[], flags: RoleFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const obj = buildRole(name, flags, ctx.io.stderr);
    await createGenerated(ctx, self, rbacKind("roles"), flags, () => obj);
  });

  const clusterRole = create
    .command("clusterrole")
    .summary("Create a cluster role")
    .description(
      "Create a cluster role.\n\nExamples:\n  kdeck create clusterrole pod-reader --verb=get,list,watch --resource=pods\n  kdeck create clusterrole foo --verb=get --non-resource-url=/logs/*\n  kdeck create clusterrole monitoring --aggregation-rule=\"rbac.example.com/aggregate-to-monitoring=true\"",
    )
    .usage("NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--verb <verbs>", "verbs that apply to the resources contained in the rule", collect)
    .option("--resource <resources>", "resources that the rule applies to", collect)
    .option("--resource-name <name>", "resource in the white list that the rule applies to, repeat this flag for multiple items", collectArray)
    .option("--non-resource-url <urls>", "a partial url that user should have access to", collect)
    .option("--aggregation-rule <labels>", "an aggregation label selector for combining ClusterRoles (key1=value1,key2=value2)");
  addGeneratorFlags(clusterRole).action(async (names: string[], flags: RoleFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const obj = buildClusterRole(name, flags, ctx.io.stderr);
    await createGenerated(ctx, self, rbacKind("clusterroles"), flags, () => obj);
  });

  const bindingFlags = (cmd: Command) =>
    cmd
      .option("--clusterrole <name>", "ClusterRole this binding should reference")
      .option("--user <name>", "usernames to bind to the role; the flag can be repeated", collectArray)
      .option("--group <name>", "groups to bind to the role; the flag can be repeated", collectArray)
      .option("--serviceaccount <namespace:name>", "service accounts to bind to the role, in the format <namespace>:<name>; the flag can be repeated", collectArray);

  const roleBinding = bindingFlags(
    create
      .command("rolebinding")
      .summary("Create a role binding for a particular role or cluster role")
      .description(
        "Create a role binding for a particular role or cluster role.\n\nExamples:\n  kdeck create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1\n  kdeck create rolebinding myapp-view-binding --clusterrole=view --serviceaccount=acme:myapp",
      )
      .usage("NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]")
      .argument("[name...]")
      .option("--role <name>", "Role this binding should reference"),
  );
  addGeneratorFlags(roleBinding).action(async (names: string[], flags: BindingFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const obj = buildRoleBinding(name, flags);
    await createGenerated(ctx, self, rbacKind("rolebindings"), flags, () => obj);
  });

  const clusterRoleBinding = bindingFlags(
    create
      .command("clusterrolebinding")
      .summary("Create a cluster role binding for a particular cluster role")
      .description(
        "Create a cluster role binding for a particular cluster role.\n\nExamples:\n  kdeck create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1",
      )
      .usage("NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]")
      .argument("[name...]"),
  );
  addGeneratorFlags(clusterRoleBinding).action(async (names: string[], flags: BindingFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const obj = buildClusterRoleBinding(name, flags);
    await createGenerated(ctx, self, rbacKind("clusterrolebindings"), flags, () => obj);
  });
}
