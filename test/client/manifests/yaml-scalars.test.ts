import { describe, expect, it } from "vitest";
import { parseManifests, resolvePlainScalar } from "../../../src/client/manifests/index.js";

describe("resolvePlainScalar: go-yaml v2's resolver", () => {
  it.each([
    ["yes", true],
    ["Y", true],
    ["ON", true],
    ["True", true],
    ["no", false],
    ["n", false],
    ["Off", false],
    ["FALSE", false],
    ["", null],
    ["~", null],
    ["Null", null],
    ["42", 42],
    ["-17", -17],
    ["+5", 5],
    ["0644", 420],
    ["0o755", 493],
    ["0x1F", 31],
    ["0b101", 5],
    ["1_000_000", 1000000],
    ["08", 8],
    ["1.5", 1.5],
    ["1.", 1],
    [".5", 0.5],
    ["6.02e23", 6.02e23],
    ["18446744073709551615", 2 ** 64],
  ] as const)("%j is %j", (text, value) => {
    expect(resolvePlainScalar(text).value).toEqual(value);
  });

  it.each(["12:30", "2024-01-01", "1.2.3", "0xZZ", "+", "-", "yes please", "nginx:1.25", "100m", "1Gi", "0o", ".foo", "0x"])("%j stays a string", (text) => {
    expect(resolvePlainScalar(text)).toEqual({ tag: "!!str", value: text });
  });

  it("tells integers from floats by tag", () => {
    expect(resolvePlainScalar("3").tag).toBe("!!int");
    expect(resolvePlainScalar("3.0").tag).toBe("!!float");
  });
});

describe("explicit tags", () => {
  const value = (yaml: string): unknown => parseManifests({ path: "t.yaml", text: `apiVersion: v1\nkind: ConfigMap\ndata:\n  v: ${yaml}\n` })[0]!;

  it("resolves tagged scalars, quoted or not", () => {
    expect(value('!!int "12"')).toMatchObject({ object: { data: { v: 12 } } });
    expect(value("!!float 1")).toMatchObject({ object: { data: { v: 1 } } });
    expect(value("!!str yes")).toMatchObject({ object: { data: { v: "yes" } } });
    expect(value("!!binary aGVsbG8=")).toMatchObject({ object: { data: { v: "hello" } } });
    expect(value("!custom 0644")).toMatchObject({ object: { data: { v: "0644" } } });
  });

  it("refuses a scalar its tag does not fit, in go-yaml's words", () => {
    expect(value("!!int abc")).toMatchObject({ error: { line: 4, message: expect.stringMatching(/yaml: line 4: cannot decode !!str `abc` as a !!int$/) } });
  });

  it("explains an unquoted template placeholder used as a value", () => {
    expect(value("{{config_data}}")).toMatchObject({ error: { line: 4, column: 7, message: expect.stringMatching(/invalid map key: a mapping cannot be a key \(an unquoted/) } });
  });
});
