import { describe, expect, it } from "vitest";
import { deepFreeze } from "../../../src/core/api/object.js";
import { applyJsonPatch, JsonPatchError } from "../../../src/core/patch/index.js";

describe("applyJsonPatch (RFC 6902 appendix A)", () => {
  it("adds an object member", () => {
    expect(applyJsonPatch({ foo: "bar" }, [{ op: "add", path: "/baz", value: "qux" }])).toEqual({ baz: "qux", foo: "bar" });
  });

  it("adds an array element before an index and at the end with -", () => {
    const doc = { foo: ["bar", "baz"] };
    expect(applyJsonPatch(doc, [{ op: "add", path: "/foo/1", value: "qux" }])).toEqual({ foo: ["bar", "qux", "baz"] });
    expect(applyJsonPatch(doc, [{ op: "add", path: "/foo/-", value: ["abc", "def"] }])).toEqual({ foo: ["bar", "baz", ["abc", "def"]] });
  });

  it("removes an object member and an array element", () => {
    expect(applyJsonPatch({ baz: "qux", foo: "bar" }, [{ op: "remove", path: "/baz" }])).toEqual({ foo: "bar" });
    expect(applyJsonPatch({ foo: ["bar", "qux", "baz"] }, [{ op: "remove", path: "/foo/1" }])).toEqual({ foo: ["bar", "baz"] });
  });

  it("replaces a value", () => {
    expect(applyJsonPatch({ baz: "qux", foo: "bar" }, [{ op: "replace", path: "/baz", value: "boo" }])).toEqual({ baz: "boo", foo: "bar" });
  });

  it("moves a value and an array element", () => {
    const doc = { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } };
    expect(applyJsonPatch(doc, [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }])).toEqual({
      foo: { bar: "baz" },
      qux: { corge: "grault", thud: "fred" },
    });
    expect(applyJsonPatch({ foo: ["all", "grass", "cows", "eat"] }, [{ op: "move", from: "/foo/1", path: "/foo/3" }])).toEqual({
      foo: ["all", "cows", "eat", "grass"],
    });
  });

  it("copies a value", () => {
    expect(applyJsonPatch({ a: { b: [1] } }, [{ op: "copy", from: "/a", path: "/c" }])).toEqual({ a: { b: [1] }, c: { b: [1] } });
  });

  it("tests values, and a failing test fails the whole patch", () => {
    const doc = { baz: "qux", foo: ["a", 2, "c"] };
    expect(
      applyJsonPatch(doc, [
        { op: "test", path: "/baz", value: "qux" },
        { op: "test", path: "/foo/1", value: 2 },
      ]),
    ).toEqual(doc);
    expect(() => applyJsonPatch({ baz: "qux" }, [{ op: "test", path: "/baz", value: "bar" }])).toThrow(/operation 0 \(test "\/baz"\): test failed/);
    // A number is not the string of that number (A.16).
    expect(() => applyJsonPatch({ "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: "10" }])).toThrow(JsonPatchError);
    expect(applyJsonPatch({ "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: 10 }])).toEqual({ "/": 9, "~1": 10 });
  });

  it("adds a nested member object", () => {
    expect(applyJsonPatch({ foo: "bar" }, [{ op: "add", path: "/child", value: { grandchild: {} } }])).toEqual({ foo: "bar", child: { grandchild: {} } });
  });

  it("names the failing operation when a target is missing", () => {
    const ops = [
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/baz/bat", value: "qux" },
    ];
    try {
      applyJsonPatch({ spec: { replicas: 1 } }, ops);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPatchError);
      expect((e as JsonPatchError).operationIndex).toBe(1);
      expect((e as Error).message).toMatch(/^json patch operation 1 \(add "\/baz\/bat"\): missing value/);
    }
  });

  it("rejects malformed operations and out-of-range indices", () => {
    expect(() => applyJsonPatch({}, { op: "add" })).toThrow(/must be an array/);
    expect(() => applyJsonPatch({}, [{ op: "frobnicate", path: "/a" }])).toThrow(/operation 0: unknown op "frobnicate"/);
    expect(() => applyJsonPatch({}, [{ op: "add", path: "/a" }])).toThrow(/missing its "value"/);
    expect(() => applyJsonPatch({ a: [1] }, [{ op: "add", path: "/a/5", value: 1 }])).toThrow(/out of bounds/);
    expect(() => applyJsonPatch({ a: [1] }, [{ op: "remove", path: "/a/01" }])).toThrow(/not an array index/);
    expect(() => applyJsonPatch({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/b/c" }])).toThrow(/own child/);
  });

  it("leaves a frozen input alone", () => {
    const doc = deepFreeze({ metadata: { labels: { a: "1" } } });
    expect(applyJsonPatch(doc, [{ op: "add", path: "/metadata/labels/b", value: "2" }])).toEqual({ metadata: { labels: { a: "1", b: "2" } } });
    expect(doc.metadata.labels).toEqual({ a: "1" });
  });
});
