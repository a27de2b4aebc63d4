import type { Event } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { describeGeneric, smartLabelFor, splitCamelCase } from "../../../src/client/describe/generic.js";
import { expectGolden } from "../output/golden.js";

const NOW = Date.UTC(2024, 0, 1, 1, 0, 0);

describe("smartLabelFor", () => {
  it.each([
    ["apiVersion", "API Version"],
    ["creationTimestamp", "Creation Timestamp"],
    ["uid", "UID"],
    ["resourceVersion", "Resource Version"],
    ["holderIdentity", "Holder Identity"],
    ["game.properties", "game.properties"],
    ["key1", "key1"],
  ])("%s → %s", (field, want) => {
    expect(smartLabelFor(field)).toBe(want);
  });

  it("splits camel case as fatih/camelcase does", () => {
    expect(splitCamelCase("PDFLoader")).toEqual(["PDF", "Loader"]);
    expect(splitCamelCase("podIPs")).toEqual(["pod", "I", "Ps"]);
  });
});

describe("describeGeneric", () => {
  it("prints every field as indented labels, then events", () => {
    const lease: KubeObject = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: "worker-1",
        namespace: "kube-node-lease",
        uid: "3c9a",
        resourceVersion: "812",
        creationTimestamp: "2024-01-01T00:00:00Z",
        labels: { "kubernetes.io/hostname": "worker-1" },
        managedFields: [{ manager: "kubelet" }],
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "worker-1", uid: "n-1" }],
      },
      spec: { holderIdentity: "worker-1", leaseDurationSeconds: 40, renewTime: "2024-01-01T00:59:50.000000Z", preferredHolder: null, strategies: ["OldestEmulationVersion", "Newest"] },
    };
    const events: Event[] = [
      { metadata: { name: "e" }, involvedObject: { kind: "Lease", name: "worker-1" }, type: "Normal", reason: "Renewed", message: "Lease renewed", firstTimestamp: "2024-01-01T00:59:50Z", lastTimestamp: "2024-01-01T00:59:50Z", count: 1, source: { component: "kubelet" } },
    ];
    expectGolden(new URL("./testdata/describe-generic.golden", import.meta.url), describeGeneric(lease, events, { now: NOW }));
  });
});
