import type { Namespace } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { describeNamespace } from "../../../src/client/describe/namespace.js";
import { expectGolden } from "../output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);

describe("describeNamespace", () => {
  it("describes an active namespace as kubectl does", () => {
    const ns: Namespace = {
      metadata: { name: "default", labels: { "kubernetes.io/metadata.name": "default" }, creationTimestamp: "2024-01-01T00:00:00Z" },
      status: { phase: "Active" },
    };
    expect(describeNamespace(ns, [], { now: NOW })).toBe(
      "Name:         default\n" +
        "Labels:       kubernetes.io/metadata.name=default\n" +
        "Annotations:  <none>\n" +
        "Status:       Active\n" +
        "\n" +
        "No resource quota.\n" +
        "\n" +
        "No LimitRange resource.\n",
    );
  });

  it("lists the conditions of a terminating namespace", () => {
    const ns: Namespace = {
      metadata: { name: "old", labels: { "kubernetes.io/metadata.name": "old", team: "a" }, annotations: { owner: "ops" }, deletionTimestamp: "2024-01-01T00:59:00Z" },
      spec: { finalizers: ["kubernetes"] },
      status: {
        phase: "Terminating",
        conditions: [
          { type: "NamespaceDeletionDiscoveryFailure", status: "False", lastTransitionTime: "2024-01-01T00:59:05Z", reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
          { type: "NamespaceContentRemaining", status: "True", lastTransitionTime: "2024-01-01T00:59:05Z", reason: "SomeResourcesRemain", message: "Some resources are remaining: pods. has 2 resource instances" },
        ],
      },
    };
    expectGolden(new URL("./testdata/describe-namespace-terminating.golden", import.meta.url), describeNamespace(ns, [], { now: NOW }));
  });
});
