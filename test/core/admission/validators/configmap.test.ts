import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const cm = (fields: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, ...fields });
const KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe("ConfigMap validation", () => {
  it("accepts keys of alphanumerics, '-', '_' and '.'", () => {
    expect(admit(cm({ data: { "app.properties": "a=b", LOG_LEVEL: "info", "x-y": "1" } }))).toEqual([]);
  });

  it("refuses other keys with Kubernetes' message", () => {
    expect(admit(cm({ data: { "bad key": "1", "..": "2", "..x": "3" } }))).toEqual([
      `data[bad key]: Invalid value: "bad key": ${KEY_MSG}`,
      "data[..]: Invalid value: \"..\": must not be '..'",
      "data[..x]: Invalid value: \"..x\": must not start with '..'",
    ]);
  });

  it("refuses a key in both data and binaryData, and binaryData that is not base64", () => {
    expect(admit(cm({ data: { a: "1" }, binaryData: { a: "AQID", b: "not base64!" } }))).toEqual([
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
      'binaryData[b]: Invalid value: "<binary data redacted>": illegal base64 data at input byte 3',
    ]);
  });

  it("limits the total size to 1 MiB", () => {
    expect(admit(cm({ data: { a: "x".repeat(1024 * 1024) } }))).toEqual([]);
    expect(admit(cm({ data: { a: "x".repeat(1024 * 1024), b: "y" } }))).toEqual([": Too long: must have at most 1048576 bytes"]);
  });

  it("forbids changing data once immutable", () => {
    const old = cm({ data: { a: "1" }, immutable: true });
    expect(admit(cm({ data: { a: "1" }, immutable: true, metadata: { name: "cfg", namespace: "default", labels: { x: "y" } } }), old)).toEqual([]);
    expect(admit(cm({ data: { a: "2" }, immutable: true }), old)).toEqual(["data: Forbidden: field is immutable when `immutable` is set"]);
    expect(admit(cm({ data: { a: "1" } }), old)).toEqual(["immutable: Forbidden: field is immutable when `immutable` is set"]);
    expect(admit(cm({ data: { a: "2" } }), cm({ data: { a: "1" } }))).toEqual([]);
  });
});
