import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const secret = (fields: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, ...fields });

describe("Secret validation", () => {
  it("accepts base64 data and plain stringData", () => {
    expect(admit(secret({ data: { password: b64("hunter2") }, stringData: { user: "admin" } }))).toEqual([]);
  });

  it("refuses data that is not base64, with Go's message", () => {
    expect(admit(secret({ data: { password: "hunter2" } }))).toEqual(['data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 4']);
    expect(admit(secret({ data: { a: "YWJj!" } }))).toEqual(['data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 4']);
  });

  it("checks data keys, including those that came from stringData", () => {
    expect(admit(secret({ stringData: { "my key": "v" } }))).toEqual([
      "data[my key]: Invalid value: \"my key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it("limits the decoded size to 1 MiB", () => {
    expect(admit(secret({ data: { a: b64("x".repeat(1024 * 1024 + 1)) } }))).toEqual(["data: Too long: must have at most 1048576 bytes"]);
  });

  it("requires the keys of its type", () => {
    expect(admit(secret({ type: "kubernetes.io/tls", data: { "tls.crt": b64("cert") } }))).toEqual(["data[tls.key]: Required value"]);
    expect(admit(secret({ type: "kubernetes.io/tls", data: {} }))).toEqual(["data[tls.crt]: Required value", "data[tls.key]: Required value"]);
    expect(admit(secret({ type: "kubernetes.io/dockerconfigjson", data: {} }))).toEqual(["data[.dockerconfigjson]: Required value"]);
    expect(admit(secret({ type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64("nope") } }))).toEqual([
      "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": unexpected end of JSON input",
    ]);
    expect(admit(secret({ type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": '{"auths":{}}' } }))).toEqual([]);
    expect(admit(secret({ type: "kubernetes.io/basic-auth", data: {} }))).toEqual(["data[username]: Required value", "data[password]: Required value"]);
    expect(admit(secret({ type: "kubernetes.io/basic-auth", stringData: { password: "" } }))).toEqual([]);
    expect(admit(secret({ type: "kubernetes.io/ssh-auth", data: {} }))).toEqual(["data[ssh-privatekey]: Required value"]);
    expect(admit(secret({ type: "kubernetes.io/service-account-token" }))).toEqual(["metadata.annotations[kubernetes.io/service-account.name]: Required value"]);
  });

  it("keeps the type, and the data once immutable", () => {
    const old = secret({ data: { a: b64("1") }, immutable: true });
    expect(admit(secret({ type: "kubernetes.io/basic-auth", data: { a: b64("1"), username: b64("u") }, immutable: true }), old)).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
    expect(admit(secret({ stringData: { a: "2" }, immutable: true }), old)).toEqual(["data: Forbidden: field is immutable when `immutable` is set"]);
    expect(admit(secret({ data: { a: b64("1") } }), old)).toEqual(["immutable: Forbidden: field is immutable when `immutable` is set"]);
  });
});
