import { describe, expect, it } from "vitest";
import { deepFreeze } from "../../../src/core/api/object.js";
import { createJsonMergePatch, jsonMergePatch } from "../../../src/core/patch/index.js";

// RFC 7386 Appendix A, verbatim.
const RFC_7386_VECTORS: [original: unknown, patch: unknown, result: unknown][] = [
  [{ a: "b" }, { a: "c" }, { a: "c" }],
  [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
  [{ a: "b" }, { a: null }, {}],
  [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
  [{ a: ["b"] }, { a: "c" }, { a: "c" }],
  [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
  [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
  [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
  [["a", "b"], ["c", "d"], ["c", "d"]],
  [{ a: "b" }, ["c"], ["c"]],
  [{ a: "foo" }, null, null],
  [{ a: "foo" }, "bar", "bar"],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: "b", c: null }, { a: "b" }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe("jsonMergePatch (RFC 7386)", () => {
  it.each(RFC_7386_VECTORS.map((v, i) => [i + 1, ...v] as const))("appendix A vector %i", (_n, original, patch, result) => {
    expect(jsonMergePatch(deepFreeze(structuredClone(original)), deepFreeze(structuredClone(patch)))).toEqual(result);
  });

  it("never changes its inputs, and the result shares nothing with the patch", () => {
    const target = deepFreeze({ metadata: { labels: { app: "web" } }, spec: { replicas: 1 } });
    const patch = deepFreeze({ metadata: { labels: { tier: "fe" } }, spec: { template: { x: [1] } } });
    const out = jsonMergePatch(target, patch) as { spec: { template: { x: number[] } } };
    out.spec.template.x.push(2);
    expect(patch.spec.template.x).toEqual([1]);
    expect(out).toMatchObject({ metadata: { labels: { app: "web", tier: "fe" } } });
  });
});

describe("createJsonMergePatch", () => {
  it("emits changed, added and removed fields only", () => {
    const original = { a: 1, b: { c: 2, d: 3 }, e: [1, 2], f: "same" };
    const modified = { a: 2, b: { c: 2 }, e: [1, 2, 3], f: "same", g: true };
    const patch = createJsonMergePatch(original, modified);
    expect(patch).toEqual({ a: 2, b: { d: null }, e: [1, 2, 3], g: true });
    expect(jsonMergePatch(original, patch)).toEqual(modified);
  });

  it("gives an empty patch for equal objects", () => {
    expect(createJsonMergePatch({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2 }] } })).toEqual({});
  });

  it("round-trips the RFC vectors whose result holds no nulls", () => {
    for (const [original, , result] of RFC_7386_VECTORS) {
      if (JSON.stringify(result).includes("null")) continue;
      expect(jsonMergePatch(original, createJsonMergePatch(original, result))).toEqual(result);
    }
  });
});

describe("keys named like JavaScript internals", () => {
  it("treats __proto__ as an ordinary ConfigMap key", () => {
    const target = JSON.parse('{"data":{"__proto__":"a"}}') as unknown;
    const patch = JSON.parse('{"data":{"__proto__":"b","x":"y"}}') as unknown;
    const out = jsonMergePatch(target, patch) as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(Object.keys(out.data)).toEqual(["__proto__", "x"]);
    expect(JSON.stringify(out)).toBe('{"data":{"__proto__":"b","x":"y"}}');
  });
});
