/**
 * RBAC objects are accepted, defaulted and validated as the API server does, and shown
 * as kubectl shows them; nothing enforces them yet.
 */
import type { ClusterRole, RoleBinding } from "kubernetes-types/rbac/v1";
import { afterEach, describe, expect, it } from "vitest";
import { describeRole, describeRoleBinding } from "../../../src/client/describe/rbac.js";
import { renderTable } from "../../../src/client/output/table.js";
import { formatFieldError, isApiError } from "../../../src/core/api/errors.js";
import { asKind, type KubeObject } from "../../../src/core/api/object.js";
import { printTable } from "../../../src/core/printers/table.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

let c: TestCluster;
afterEach(() => c?.close());

/** The Role and RoleBinding of the RBAC docs, a ClusterRole with several groups, and its binding. */
const MANIFESTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
- kind: ServiceAccount
  name: default
  namespace: default
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
- apiGroups: ["apps"]
  resources: ["deployments", "deployments/scale"]
  verbs: ["get", "update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["settings"]
  verbs: ["get"]
- nonResourceURLs: ["/healthz", "/version"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployers
subjects:
- kind: Group
  name: release-managers
roleRef:
  kind: ClusterRole
  name: deployer
`;

function refusal(obj: KubeObject): string[] {
  try {
    c.api.create(obj);
  } catch (e) {
    if (isApiError(e, "Invalid")) return e.causes.map(formatFieldError);
    throw e;
  }
  throw new Error("accepted");
}

function table(kind: string, resource: string, wide = false): string {
  return renderTable(printTable(kind, c.api.list(resource), { now: c.clock.now() }), { wide, withNamespace: false, showLabels: false, noHeaders: false, labelColumns: [] });
}

describe("RBAC objects", () => {
  it("are stored with their defaults and listed with kubectl's columns", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(MANIFESTS);
    const crb = asKind<RoleBinding>(c.api.get("clusterrolebindings.rbac.authorization.k8s.io", "", "deployers"));
    expect(crb.roleRef.apiGroup).toBe("rbac.authorization.k8s.io");
    expect(crb.subjects).toEqual([{ kind: "Group", name: "release-managers", apiGroup: "rbac.authorization.k8s.io" }]);
    expect(table("Role", "roles.rbac.authorization.k8s.io")).toBe("NAME         CREATED AT\npod-reader   2024-01-01T00:00:00Z\n");
    c.advance(90_000);
    expect(table("RoleBinding", "rolebindings.rbac.authorization.k8s.io")).toBe("NAME        ROLE              AGE\nread-pods   Role/pod-reader   90s\n");
    expect(table("RoleBinding", "rolebindings.rbac.authorization.k8s.io", true)).toBe(
      "NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   90s   jane             default/default\n",
    );
    expect(table("ClusterRoleBinding", "clusterrolebindings.rbac.authorization.k8s.io", true)).toBe(
      "NAME        ROLE                   AGE   USERS   GROUPS             SERVICEACCOUNTS\ndeployers   ClusterRole/deployer   90s           release-managers   \n",
    );
  });

  it("are described with the PolicyRule table and the binding's subjects", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(MANIFESTS);
    expect(describeRole(asKind<ClusterRole>(c.api.get("clusterroles.rbac.authorization.k8s.io", "", "deployer")))).toBe(
      [
        "Name:         deployer",
        "Labels:       <none>",
        "Annotations:  <none>",
        "PolicyRule:",
        "  Resources               Non-Resource URLs  Resource Names  Verbs",
        "  ---------               -----------------  --------------  -----",
        // Sorted as kubectl sorts them: by the rule's Go string, verbs first.
        "  deployments.apps        []                 []              [get update patch]",
        "  deployments.apps/scale  []                 []              [get update]",
        "                          [/healthz]         []              [get]",
        "                          [/version]         []              [get]",
        "  configmaps              []                 [settings]      [get]",
        "",
      ].join("\n"),
    );
    expect(describeRoleBinding(asKind<RoleBinding>(c.api.get("rolebindings.rbac.authorization.k8s.io", "default", "read-pods")))).toBe(
      [
        "Name:         read-pods",
        "Labels:       <none>",
        "Annotations:  <none>",
        "Role:",
        "  Kind:  Role",
        "  Name:  pod-reader",
        "Subjects:",
        "  Kind            Name     Namespace",
        "  ----            ----     ---------",
        "  User            jane     ",
        "  ServiceAccount  default  default",
        "",
      ].join("\n"),
    );
  });

  it("are refused with Kubernetes' messages when they are malformed", () => {
    c = createTestCluster({ empty: true });
    const rbac = "rbac.authorization.k8s.io/v1";
    expect(refusal({ apiVersion: rbac, kind: "Role", metadata: { name: "r", namespace: "default" }, rules: [{ resources: ["pods"] }] } as KubeObject)).toEqual([
      "rules[0].verbs: Required value: verbs must contain at least one value",
      "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
    ]);
    expect(refusal({ apiVersion: rbac, kind: "Role", metadata: { name: "r", namespace: "default" }, rules: [{ verbs: ["get"], nonResourceURLs: ["/x"] }] } as KubeObject)).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(
      refusal({ apiVersion: rbac, kind: "ClusterRoleBinding", metadata: { name: "b" }, roleRef: { kind: "Role", name: "x" }, subjects: [{ kind: "ServiceAccount", name: "default" }] } as KubeObject),
    ).toEqual(['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"', "subjects[0].namespace: Required value"]);
    expect(refusal({ apiVersion: rbac, kind: "RoleBinding", metadata: { name: "b", namespace: "default" }, roleRef: { kind: "Thing", name: "" }, subjects: [{ kind: "Robot", name: "r2" }] } as KubeObject)).toEqual([
      'roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole"',
      "roleRef.name: Required value",
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it("keep a binding's roleRef: a change is refused", () => {
    c = createTestCluster({ empty: true });
    c.applyYaml(MANIFESTS);
    const rb = asKind<RoleBinding>(c.api.get("rolebindings.rbac.authorization.k8s.io", "default", "read-pods"));
    expect(() => c.api.update({ ...(rb as unknown as KubeObject), roleRef: { ...rb.roleRef, name: "other" } } as KubeObject)).toThrow(/roleRef: Invalid value: .*: cannot change roleRef/);
  });
});
