import { describe, expect, it } from "vitest";
import type { Taint } from "kubernetes-types/core/v1";
import { findMatchingUntoleratedTaint, isDoNotScheduleEffect, toleratesTaint, tolerationsTolerateTaint } from "../../../src/core/scheduler/taints.js";

const gpu: Taint = { key: "gpu", value: "true", effect: "NoSchedule" };

describe("toleratesTaint", () => {
  it("matches key, value and effect with Equal (the default operator)", () => {
    expect(toleratesTaint({ key: "gpu", value: "true", effect: "NoSchedule" }, gpu)).toBe(true);
    expect(toleratesTaint({ key: "gpu", operator: "Equal", value: "true" }, gpu)).toBe(true);
    expect(toleratesTaint({ key: "gpu", value: "false", effect: "NoSchedule" }, gpu)).toBe(false);
    expect(toleratesTaint({ key: "gpu", value: "true", effect: "NoExecute" }, gpu)).toBe(false);
  });

  it("ignores the value with Exists, and an empty key with Exists tolerates everything", () => {
    expect(toleratesTaint({ key: "gpu", operator: "Exists" }, gpu)).toBe(true);
    expect(toleratesTaint({ operator: "Exists" }, gpu)).toBe(true);
    expect(toleratesTaint({ operator: "Exists", effect: "NoExecute" }, gpu)).toBe(false);
  });

  it("treats a missing taint value as empty", () => {
    const cp: Taint = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
    expect(toleratesTaint({ key: cp.key, operator: "Equal", value: "" }, cp)).toBe(true);
    expect(toleratesTaint({ key: cp.key }, cp)).toBe(true);
  });

  it("rejects unknown operators", () => {
    expect(toleratesTaint({ key: "gpu", operator: "Gt", value: "1" }, gpu)).toBe(false);
  });
});

describe("findMatchingUntoleratedTaint", () => {
  const taints: Taint[] = [
    { key: "soft", effect: "PreferNoSchedule" },
    { key: "a", effect: "NoSchedule" },
    { key: "b", value: "x", effect: "NoExecute" },
  ];

  it("returns the first untolerated taint in the node's order, within scope", () => {
    const inScope = (t: Taint) => isDoNotScheduleEffect(t.effect);
    expect(findMatchingUntoleratedTaint(taints, undefined, inScope)?.key).toBe("a");
    expect(findMatchingUntoleratedTaint(taints, [{ key: "a", operator: "Exists" }], inScope)?.key).toBe("b");
    expect(findMatchingUntoleratedTaint(taints, [{ operator: "Exists" }], inScope)).toBeUndefined();
  });

  it("answers for lists", () => {
    expect(tolerationsTolerateTaint([], gpu)).toBe(false);
    expect(tolerationsTolerateTaint([{ key: "x", operator: "Exists" }, { key: "gpu", operator: "Exists" }], gpu)).toBe(true);
  });
});
