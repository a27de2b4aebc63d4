import { describe, expect, it } from "vitest";
import type { NodeSelectorRequirement, NodeSelectorTerm } from "kubernetes-types/core/v1";
import {
  compileNodeSelectorTerm,
  NodeSelector,
  PreferredSchedulingTerms,
  RequiredNodeAffinity,
  termMatches,
} from "../../../src/core/scheduler/node-selector.js";
import { makeNode, makePod } from "./fixtures.js";

const node = makeNode("node-1", { labels: { zone: "a", disktype: "ssd", cores: "16", constructor: "x" } });

function matchesExpr(...exprs: NodeSelectorRequirement[]): boolean {
  const term = compileNodeSelectorTerm({ matchExpressions: exprs });
  return term !== undefined && termMatches(term, node);
}

describe("node selector requirements", () => {
  it("In and NotIn (NotIn matches a missing label)", () => {
    expect(matchesExpr({ key: "zone", operator: "In", values: ["a", "b"] })).toBe(true);
    expect(matchesExpr({ key: "zone", operator: "In", values: ["b"] })).toBe(false);
    expect(matchesExpr({ key: "missing", operator: "In", values: ["a"] })).toBe(false);
    expect(matchesExpr({ key: "zone", operator: "NotIn", values: ["b"] })).toBe(true);
    expect(matchesExpr({ key: "zone", operator: "NotIn", values: ["a"] })).toBe(false);
    expect(matchesExpr({ key: "missing", operator: "NotIn", values: ["a"] })).toBe(true);
  });

  it("Exists and DoesNotExist, without being fooled by Object.prototype", () => {
    expect(matchesExpr({ key: "disktype", operator: "Exists" })).toBe(true);
    expect(matchesExpr({ key: "gpu", operator: "Exists" })).toBe(false);
    expect(matchesExpr({ key: "gpu", operator: "DoesNotExist" })).toBe(true);
    expect(matchesExpr({ key: "toString", operator: "Exists" })).toBe(false);
    expect(matchesExpr({ key: "constructor", operator: "In", values: ["x"] })).toBe(true);
  });

  it("Gt and Lt compare integers and fail on non-integers", () => {
    expect(matchesExpr({ key: "cores", operator: "Gt", values: ["8"] })).toBe(true);
    expect(matchesExpr({ key: "cores", operator: "Gt", values: ["16"] })).toBe(false);
    expect(matchesExpr({ key: "cores", operator: "Lt", values: ["32"] })).toBe(true);
    expect(matchesExpr({ key: "zone", operator: "Gt", values: ["1"] })).toBe(false);
    expect(matchesExpr({ key: "missing", operator: "Lt", values: ["1"] })).toBe(false);
  });

  it("ANDs the requirements of a term", () => {
    expect(matchesExpr({ key: "zone", operator: "In", values: ["a"] }, { key: "disktype", operator: "In", values: ["hdd"] })).toBe(false);
  });

  it("drops terms that are empty or do not parse", () => {
    expect(compileNodeSelectorTerm({})).toBeUndefined();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: "zone", operator: "In", values: [] }] })).toBeUndefined();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: "zone", operator: "Exists", values: ["a"] }] })).toBeUndefined();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: "cores", operator: "Gt", values: ["many"] }] })).toBeUndefined();
    expect(compileNodeSelectorTerm({ matchExpressions: [{ key: "zone", operator: "Like", values: ["a"] }] })).toBeUndefined();
    expect(compileNodeSelectorTerm({ matchFields: [{ key: "metadata.name", operator: "In", values: ["a", "b"] }] })).toBeUndefined();
  });

  it("matchFields compares metadata.name", () => {
    const name = (operator: string, value: string): NodeSelectorTerm => ({ matchFields: [{ key: "metadata.name", operator, values: [value] }] });
    expect(termMatches(compileNodeSelectorTerm(name("In", "node-1"))!, node)).toBe(true);
    expect(termMatches(compileNodeSelectorTerm(name("In", "node-2"))!, node)).toBe(false);
    expect(termMatches(compileNodeSelectorTerm(name("NotIn", "node-2"))!, node)).toBe(true);
  });
});

describe("NodeSelector", () => {
  it("ORs its terms, ignoring the ones that do not parse", () => {
    const sel = new NodeSelector([{}, { matchExpressions: [{ key: "zone", operator: "In", values: ["z"] }] }, { matchExpressions: [{ key: "disktype", operator: "Exists" }] }]);
    expect(sel.match(node)).toBe(true);
    expect(new NodeSelector([{}]).match(node)).toBe(false);
    expect(new NodeSelector([]).match(node)).toBe(false);
  });
});

describe("RequiredNodeAffinity", () => {
  it("requires both spec.nodeSelector and the required terms", () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] } } };
    expect(new RequiredNodeAffinity(makePod("p", { nodeSelector: { disktype: "ssd" }, affinity })).match(node)).toBe(true);
    expect(new RequiredNodeAffinity(makePod("p", { nodeSelector: { disktype: "hdd" }, affinity })).match(node)).toBe(false);
    expect(new RequiredNodeAffinity(makePod("p", { nodeSelector: { constructor: "x" } })).match(node)).toBe(true);
    expect(new RequiredNodeAffinity(makePod("p", { nodeSelector: { toString: "x" } })).match(node)).toBe(false);
    expect(new RequiredNodeAffinity(makePod("p")).match(node)).toBe(true);
  });
});

describe("PreferredSchedulingTerms", () => {
  it("sums the weights of matching terms and ignores weightless or empty ones", () => {
    const terms = new PreferredSchedulingTerms([
      { weight: 10, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: "disktype", operator: "Exists" }] } },
      { weight: 7, preference: { matchExpressions: [{ key: "gpu", operator: "Exists" }] } },
      { weight: 0, preference: { matchExpressions: [{ key: "zone", operator: "Exists" }] } },
      { weight: 3, preference: {} },
    ]);
    expect(terms.score(node)).toBe(15);
    expect(terms.isEmpty()).toBe(false);
    expect(new PreferredSchedulingTerms([{ weight: 0, preference: {} }]).isEmpty()).toBe(true);
  });
});
