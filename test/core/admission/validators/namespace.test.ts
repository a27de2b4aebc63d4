import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const ns = (metadata: Record<string, unknown>, spec?: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Namespace", metadata, ...(spec ? { spec } : {}) });

describe("Namespace validation", () => {
  it("accepts a DNS label name", () => {
    expect(admit(ns({ name: "team-a" }))).toEqual([]);
  });

  it("refuses names that are not DNS labels", () => {
    expect(admit(ns({ name: "team.a" }))).toEqual(['metadata.name: Invalid value: "team.a": must not contain dots']);
    expect(admit(ns({ name: "Team" }))).toEqual([
      "metadata.name: Invalid value: \"Team\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    // The name label the API server adds is then too long as well, as in Kubernetes.
    expect(admit(ns({ name: "x".repeat(64) }))).toEqual([
      `metadata.name: Invalid value: "${"x".repeat(64)}": must be no more than 63 characters`,
      `metadata.labels: Invalid value: "${"x".repeat(64)}": must be no more than 63 characters`,
    ]);
  });

  it("checks spec finalizers", () => {
    expect(admit(ns({ name: "a" }, { finalizers: ["cleanup"] }))).toEqual([
      'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    expect(admit(ns({ name: "a" }, { finalizers: ["example.com/cleanup"] }))).toEqual([]);
  });

  it("keeps the name on update", () => {
    expect(admit(ns({ name: "b" }), ns({ name: "a" }))).toEqual(['metadata.name: Invalid value: "b": field is immutable']);
    expect(admit(ns({ name: "a", labels: { env: "prod" } }), ns({ name: "a" }))).toEqual([]);
  });
});
