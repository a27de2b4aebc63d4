import { describe, expect, it } from "vitest";
import { formatScheduleExplanation, rankVerdicts, writeNodeVerdicts } from "../../../src/client/describe/scheduling.js";
import { PrefixWriter } from "../../../src/client/describe/prefix-writer.js";
import type { ScheduleExplanation } from "../../../src/core/scheduler/explain-pod.js";
import type { NodeVerdict } from "../../../src/core/scheduler/explain.js";

function rejected(nodeName: string, plugin: string, reason: string): NodeVerdict {
  return {
    nodeName,
    feasible: false,
    filters: [
      { plugin: "NodeUnschedulable", code: "Success", reasons: [] },
      { plugin, code: "Unschedulable", reasons: [reason] },
    ],
    scores: [],
    totalScore: 0,
    best: false,
  };
}

function feasible(nodeName: string, fit: number, best: boolean): NodeVerdict {
  return {
    nodeName,
    feasible: true,
    filters: [
      { plugin: "NodeUnschedulable", code: "Success", reasons: [] },
      { plugin: "NodeResourcesFit", code: "Success", reasons: [] },
    ],
    scores: [
      { plugin: "NodeResourcesFit", weight: 1, skipped: false, raw: fit, normalized: fit, weighted: fit },
      { plugin: "InterPodAffinity", weight: 2, skipped: true, raw: 0, normalized: 0, weighted: 0 },
    ],
    totalScore: fit,
    best,
  };
}

describe("explain-schedule output", () => {
  it("ranks feasible nodes by score, then rejected ones by name", () => {
    const ranked = rankVerdicts([rejected("b", "X", "r"), feasible("c", 50, false), rejected("a", "X", "r"), feasible("d", 80, true)]);
    expect(ranked.map((v) => v.nodeName)).toEqual(["d", "c", "a", "b"]);
  });

  it("prints verdicts, weighted scores without skipped plugins, and what was skipped", () => {
    const exp: ScheduleExplanation = {
      namespace: "default",
      name: "web",
      nodes: [rejected("small", "NodeResourcesFit", "Insufficient cpu"), feasible("big", 80, true), feasible("mid", 40, false)],
    };
    expect(formatScheduleExplanation(exp)).toBe(
      [
        "Pod default/web is Pending; it fits 2 of 3 nodes.",
        "",
        "NODE    SCORE   VERDICT",
        "big     80      best",
        "mid     40      fits",
        "small   -       NodeResourcesFit: Insufficient cpu",
        "",
        "Weighted scores (normalized score 0-100 x weight):",
        "NODE   NodeResourcesFit (x1)   TOTAL",
        "big    80                      80",
        "mid    40                      40",
        "",
        "Nothing to check for this pod (skipped): scores InterPodAffinity.",
        "",
      ].join("\n"),
    );
  });
});

describe("describe pod's Node Verdicts", () => {
  it("lists every rejecting filter per node, and counts the nodes past twenty", () => {
    const nodes = Array.from({ length: 23 }, (_, i) => rejected(`node-${String(i).padStart(2, "0")}`, "TaintToleration", "node(s) had untolerated taint {gpu: }"));
    nodes.push(feasible("spare", 10, true));
    const w = new PrefixWriter();
    writeNodeVerdicts(w, { namespace: "default", name: "web", nodes }, "web -n default");
    const lines = w.toString().split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Node Verdicts:",
      "  Node     Verdict",
      "  ----     -------",
      "  spare    fits now (the scheduler retries the pod)",
      "  node-00  TaintToleration: node(s) had untolerated taint {gpu: }",
    ]);
    expect(lines).toHaveLength(1 + 2 + 20 + 1 + 1);
    expect(lines[23]).toBe("  ... 4 more nodes: kdeck explain-schedule web -n default");
  });
});
