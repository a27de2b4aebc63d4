import { describe, expect, it } from "vitest";
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage } from "../../../src/core/scheduler/fit-error.js";

describe("fitErrorMessage", () => {
  it("counts each reason over the nodes and sorts the entries as Go's sort.Strings does", () => {
    const reasons = [
      ...Array.from({ length: 10 }, () => ["Insufficient memory"]),
      ["node(s) were unschedulable"],
      ["node(s) were unschedulable"],
      ["Insufficient cpu", "Insufficient memory"],
    ];
    expect(fitErrorMessage(13, reasons)).toBe("0/13 nodes are available: 1 Insufficient cpu, 11 Insufficient memory, 2 node(s) were unschedulable.");
  });

  it("carries only the PreFilter message when a PreFilter rejected the pod", () => {
    expect(fitErrorMessage(3, [["ignored"]], "pod affinity terms conflict")).toBe("0/3 nodes are available: pod affinity terms conflict.");
  });

  it("has kube-scheduler's wording for an empty cluster", () => {
    expect(ERR_NO_NODES_AVAILABLE).toBe("no nodes available to schedule pods");
  });
});
