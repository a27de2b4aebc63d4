import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("kdeck create role and clusterrole", () => {
  it("builds one rule per API group from --verb and --resource", async () => {
    const r = await kdeck(db, ["create", "role", "pod-reader", "--verb=get", "--verb=list,watch", "--resource=pods,deploy,deployments.apps/scale", "--dry-run=client", "-o", "yaml"]);
    expect(r.stdout).toBe(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  creationTimestamp: null
  name: pod-reader
rules:
- apiGroups:
  - ""
  resources:
  - pods
  verbs:
  - get
  - list
  - watch
- apiGroups:
  - apps
  resources:
  - deployments
  - deployments/scale
  verbs:
  - get
  - list
  - watch
`);
    expect((await kdeck(db, ["create", "role", "pod-reader", "--verb=get", "--resource=pods", "--resource-name=a"])).stdout).toBe("role.rbac.authorization.k8s.io/pod-reader created\n");
    expect((await kdeck(db, ["get", "roles"])).stdout).toBe("NAME         CREATED AT\npod-reader   2024-01-01T00:00:00Z\n");
    const d = await kdeck(db, ["describe", "role", "pod-reader"]);
    expect(d.stdout).toContain("  pods       []                 [a]             [get]\n");
  });

  it("creates cluster roles with non-resource URLs or an aggregation rule", async () => {
    const r = await kdeck(db, ["create", "clusterrole", "health", "--verb=get", "--non-resource-url=/healthz,/logs/*"]);
    expect(r.stdout).toBe("clusterrole.rbac.authorization.k8s.io/health created\n");
    const agg = await kdeck(db, ["create", "clusterrole", "monitoring", "--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true", "-o", "jsonpath={.aggregationRule.clusterRoleSelectors[0].matchLabels}"]);
    expect(agg.stdout).toBe('{"rbac.example.com/aggregate-to-monitoring":"true"}');
    expect((await kdeck(db, ["get", "clusterroles", "-o", "name"])).stdout).toBe("clusterrole.rbac.authorization.k8s.io/health\nclusterrole.rbac.authorization.k8s.io/monitoring\n");
  });

  it("refuses what kubectl refuses", async () => {
    expect((await kdeck(db, ["create", "role", "r", "--resource=pods"])).stderr).toBe("error: at least one verb must be specified\n");
    expect((await kdeck(db, ["create", "role", "r", "--verb=get"])).stderr).toBe("error: at least one resource must be specified\n");
    expect((await kdeck(db, ["create", "role", "r", "--verb=get", "--resource=widgets"])).stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    expect((await kdeck(db, ["create", "role", "r", "--verb=bind", "--resource=pods"])).stderr).toBe("error: can not perform 'bind' on 'pods' in group ''\n");
    const odd = await kdeck(db, ["create", "role", "r", "--verb=frobnicate", "--resource=pods"]);
    expect(odd).toMatchObject({ code: 0, stderr: "Warning: 'frobnicate' is not a standard resource verb\n" });
    expect((await kdeck(db, ["create", "clusterrole", "c", "--verb=list", "--non-resource-url=/x"])).stderr).toBe("error: invalid verb: 'list' for nonResourceURL\n");
    expect((await kdeck(db, ["create", "clusterrole", "c", "--verb=get", "--non-resource-url=x"])).stderr).toBe("error: nonResourceURL should start with /\n");
  });
});

describe("kdeck create rolebinding and clusterrolebinding", () => {
  it("binds users, groups and service accounts", async () => {
    const r = await kdeck(db, ["create", "rolebinding", "admin", "--clusterrole=admin", "--user=user1", "--group=group1", "--serviceaccount=default:robot"]);
    expect(r.stdout).toBe("rolebinding.rbac.authorization.k8s.io/admin created\n");
    const wide = await kdeck(db, ["get", "rolebindings", "-o", "wide"]);
    expect(wide.stdout).toBe("NAME    ROLE                AGE   USERS   GROUPS   SERVICEACCOUNTS\nadmin   ClusterRole/admin   0s    user1   group1   default/robot\n");
    const d = await kdeck(db, ["describe", "rolebinding", "admin"]);
    expect(d.stdout).toContain("Role:\n  Kind:  ClusterRole\n  Name:  admin\nSubjects:\n  Kind            Name    Namespace\n  ----            ----    ---------\n  User            user1   \n  Group           group1  \n  ServiceAccount  robot   default\n");
    expect((await kdeck(db, ["create", "clusterrolebinding", "root", "--clusterrole=cluster-admin", "--user=me"])).stdout).toBe("clusterrolebinding.rbac.authorization.k8s.io/root created\n");
  });

  it("refuses what kubectl refuses", async () => {
    expect((await kdeck(db, ["create", "rolebinding", "b", "--user=u"])).stderr).toBe("error: exactly one of clusterrole or role must be specified\n");
    expect((await kdeck(db, ["create", "rolebinding", "b", "--role=r", "--serviceaccount=robot"])).stderr).toBe("error: serviceaccount must be <namespace>:<name>\n");
    expect((await kdeck(db, ["create", "clusterrolebinding", "b", "--user=u"])).stderr).toBe("error: clusterrole must be specified\n");
  });
});
