import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const sa = (metadata: Record<string, unknown>) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { namespace: "default", ...metadata } });

describe("ServiceAccount validation", () => {
  it("checks only metadata, with DNS subdomain names", () => {
    expect(admit({ ...sa({ name: "builder" }), secrets: [{ name: "x" }], automountServiceAccountToken: false })).toEqual([]);
    expect(admit(sa({ name: "Builder" }))[0]).toMatch(/^metadata\.name: Invalid value: "Builder": a lowercase RFC 1123 subdomain/);
  });

  it("keeps the name and uid on update", () => {
    expect(admit(sa({ name: "b", uid: "1" }), sa({ name: "a", uid: "1" }))).toEqual(['metadata.name: Invalid value: "b": field is immutable']);
  });
});
