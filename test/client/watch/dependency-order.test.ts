import { describe, expect, it } from "vitest";
import { applyRank, DEFAULT_RANK, sortForApply, sortForPrune } from "../../../src/client/watch/dependency-order.js";

const item = (group: string, kind: string, name = kind) => ({ ref: { group, kind }, name });

describe("dependency order", () => {
  it("applies namespaces and kind definitions, then config, identities, storage, services, workloads", () => {
    const shuffled = [
      item("apps", "Deployment"),
      item("", "Service"),
      item("", "PersistentVolumeClaim"),
      item("rbac.authorization.k8s.io", "RoleBinding"),
      item("", "ServiceAccount"),
      item("", "Secret"),
      item("", "ConfigMap"),
      item("apiextensions.k8s.io", "CustomResourceDefinition"),
      item("", "Namespace"),
      item("networking.k8s.io", "Ingress"),
      item("example.com", "Widget"),
    ];
    expect(sortForApply(shuffled).map((i) => i.ref.kind)).toEqual([
      "CustomResourceDefinition",
      "Namespace",
      "Secret",
      "ConfigMap",
      "RoleBinding",
      "ServiceAccount",
      "PersistentVolumeClaim",
      "Service",
      "Deployment",
      "Ingress",
      "Widget",
    ]);
  });

  it("keeps the folder's order within a rank", () => {
    const pods = [item("", "Pod", "b"), item("", "ConfigMap", "cm"), item("", "Pod", "a")];
    expect(sortForApply(pods).map((i) => i.name)).toEqual(["cm", "b", "a"]);
  });

  it("puts kinds it does not know (custom resources) last, and tells groups apart", () => {
    expect(applyRank("example.com", "Widget")).toBe(DEFAULT_RANK);
    expect(applyRank("", "Deployment")).toBe(DEFAULT_RANK);
    expect(applyRank("apps", "Deployment")).toBeLessThan(DEFAULT_RANK);
  });

  it("prunes in reverse: workloads before their namespace", () => {
    expect(sortForPrune([item("", "Namespace"), item("", "Pod"), item("", "ConfigMap")]).map((i) => i.ref.kind)).toEqual(["Pod", "ConfigMap", "Namespace"]);
  });
});
