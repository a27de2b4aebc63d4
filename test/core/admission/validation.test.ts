import { describe, expect, it } from "vitest";
import { validateObject } from "../../../src/core/admission/validation.js";
import { formatFieldError } from "../../../src/core/api/errors.js";
import type { KindInfo } from "../../../src/core/api/registry.js";

const lease: KindInfo = { group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease", shortNames: [], namespaced: true, categories: [], verbs: [] };
const cluster: KindInfo = { ...lease, kind: "ClusterThing", namespaced: false };

describe("validateObject", () => {
  it("checks the metadata of kinds that have no validation of their own yet", () => {
    const obj = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "Bad_Name" } };
    expect(validateObject(obj, lease).map(formatFieldError)).toEqual([
      "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "metadata.namespace: Required value",
    ]);
    expect(validateObject({ apiVersion: "x/v1", kind: "ClusterThing", metadata: { name: "a", namespace: "x" } }, cluster).map(formatFieldError)).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
    ]);
  });

  it("checks immutable metadata on update for those kinds too", () => {
    const old = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "a", namespace: "default", uid: "1" } };
    const next = { ...old, metadata: { ...old.metadata, uid: "2" } };
    expect(validateObject(next, lease, old).map(formatFieldError)).toEqual(['metadata.uid: Invalid value: "2": field is immutable']);
  });
});
