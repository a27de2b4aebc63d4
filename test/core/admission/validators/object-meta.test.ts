import { describe, expect, it } from "vitest";
import { admit, pod } from "../helpers.js";

const cm = (metadata: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "default", ...metadata } });

describe("ObjectMeta validation", () => {
  it("requires a name unless generateName is given", () => {
    expect(admit(cm({}))).toEqual(["metadata.name: Required value: name or generateName is required"]);
  });

  it("gives Kubernetes' message for a name that is not a DNS subdomain", () => {
    expect(admit(pod({}, { name: "My_Pod" }))).toEqual([
      "metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(admit(cm({ name: "x".repeat(254) }))[0]).toBe(`metadata.name: Invalid value: "${"x".repeat(254)}": must be no more than 253 characters`);
  });

  it("checks generateName as a prefix that may end in a dash", () => {
    expect(admit(cm({ name: "web-abcde", generateName: "web-" }))).toEqual([]);
    expect(admit(cm({ name: "web-abcde", generateName: "Web-" }))[0]).toMatch(/^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  });

  it("requires a namespace for namespaced kinds and checks it as a DNS label", () => {
    expect(admit({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } })).toEqual(["metadata.namespace: Required value"]);
    expect(admit(cm({ name: "c", namespace: "team.a" }))).toEqual(['metadata.namespace: Invalid value: "team.a": must not contain dots']);
  });

  it("checks label keys and values with Kubernetes' messages", () => {
    expect(admit(cm({ name: "c", labels: { "app.kubernetes.io/name": "web", "bad key": "ok", tier: "-front", "a/b/c": "x", "/x": "y" } }))).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"-front\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      'metadata.labels: Invalid value: "/x": prefix part must be non-empty',
    ]);
    expect(admit(cm({ name: "c", labels: { v: "x".repeat(64) } }))[0]).toBe(`metadata.labels: Invalid value: "${"x".repeat(64)}": must be no more than 63 characters`);
  });

  it("checks annotation keys case-insensitively and limits their total size", () => {
    expect(admit(cm({ name: "c", annotations: { "Example.COM/Owner": "me" } }))).toEqual([]);
    expect(admit(cm({ name: "c", annotations: { big: "x".repeat(256 * 1024) } }))).toEqual(["metadata.annotations: Too long: must have at most 262144 bytes"]);
  });

  it("checks owner references and finalizers", () => {
    expect(admit(cm({ name: "c", ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "", uid: "" }] }))).toEqual([
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
    expect(admit(cm({ name: "c", finalizers: ["example.com/cleanup", "cleanup"] }))).toEqual([
      'metadata.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it("forbids adding finalizers to an object being deleted", () => {
    const old = cm({ name: "c", deletionTimestamp: "2024-01-01T00:00:00Z", finalizers: ["example.com/a"] });
    expect(admit(cm({ name: "c", deletionTimestamp: "2024-01-01T00:00:00Z", finalizers: ["example.com/a", "example.com/b"] }), old)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
    ]);
  });
});
