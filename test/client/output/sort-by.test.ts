import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/core/api/object.js";
import { naturalLess, relaxedJsonPathExpression, sortByJsonPath } from "../../../src/client/output/sort-by.js";

const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, ...extra });
const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name!);

describe("relaxedJsonPathExpression", () => {
  it.each([
    [".metadata.name", "{.metadata.name}"],
    ["metadata.name", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
  ])("%s → %s", (input, want) => {
    expect(relaxedJsonPathExpression(input)).toBe(want);
  });
  it("refuses nested braces", () => {
    expect(() => relaxedJsonPathExpression("{.a}{.b}")).toThrow("unexpected path string");
  });
});

describe("naturalLess", () => {
  it("orders digit runs numerically", () => {
    expect(naturalLess("pod-2", "pod-10")).toBe(true);
    expect(naturalLess("pod-10", "pod-2")).toBe(false);
    expect(naturalLess("a", "b")).toBe(true);
    expect(naturalLess("a1", "a01")).toBe(true);
    expect(naturalLess("abc", "abcd")).toBe(true);
  });
});

describe("sortByJsonPath", () => {
  it("sorts names naturally, accepting both spellings of the path", () => {
    const objs = [pod("web-10"), pod("web-2"), pod("api")];
    expect(names(sortByJsonPath(objs, ".metadata.name"))).toEqual(["api", "web-2", "web-10"]);
    expect(names(sortByJsonPath(objs, "{.metadata.name}"))).toEqual(["api", "web-2", "web-10"]);
  });

  it("sorts numbers numerically", () => {
    const objs = [3, 12, 0].map((n) => pod(`p${n}`, { status: { containerStatuses: [{ restartCount: n }] } }));
    expect(names(sortByJsonPath(objs, ".status.containerStatuses[0].restartCount"))).toEqual(["p0", "p3", "p12"]);
  });

  it("sorts quantities by amount and timestamps by time", () => {
    const objs = [pod("big", { spec: { cpu: "1" } }), pod("small", { spec: { cpu: "250m" } }), pod("mid", { spec: { cpu: "500m" } })];
    expect(names(sortByJsonPath(objs, ".spec.cpu"))).toEqual(["small", "mid", "big"]);
    const timed = [pod("late", { metadata: { name: "late", creationTimestamp: "2024-01-02T00:00:00Z" } }), pod("early", { metadata: { name: "early", creationTimestamp: "2023-12-31T23:59:59Z" } })];
    expect(names(sortByJsonPath(timed, ".metadata.creationTimestamp"))).toEqual(["early", "late"]);
  });

  it("sorts version-like strings naturally, not as numbers", () => {
    const objs = ["1.10.2", "1.9.0", "1.2.3"].map((v) => pod(v, { spec: { version: v } }));
    expect(names(sortByJsonPath(objs, ".spec.version"))).toEqual(["1.2.3", "1.9.0", "1.10.2"]);
  });

  it("puts objects without the field first and keeps ties in order", () => {
    const objs = [pod("b", { spec: { n: 1 } }), pod("none"), pod("a", { spec: { n: 1 } })];
    expect(names(sortByJsonPath(objs, ".spec.n"))).toEqual(["none", "b", "a"]);
  });

  it("fails when no object has the field, as kubectl does", () => {
    expect(() => sortByJsonPath([pod("a"), pod("b")], ".spec.nope")).toThrow('couldn\'t find any field with path "{.spec.nope}" in the list of objects');
  });

  it("does not reorder its input", () => {
    const objs = Object.freeze([pod("b"), pod("a")]);
    expect(names(sortByJsonPath(objs, ".metadata.name"))).toEqual(["a", "b"]);
    expect(names([...objs])).toEqual(["b", "a"]);
  });
});
