import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { describe, expect, it } from "vitest";
import { budgetViews, filterPodsWithPDBViolation } from "../../../../src/core/scheduler/preemption/pdb-violation.js";

function pod(name: string, labels?: Record<string, string>, namespace = "default"): Pod {
  return { metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec: { containers: [] } };
}

function pdb(selector: PodDisruptionBudget["spec"], disruptionsAllowed: number, disruptedPods?: Record<string, string>, namespace = "default"): PodDisruptionBudget {
  return { metadata: { name: "b", namespace }, spec: selector, status: { disruptionsAllowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(disruptedPods ? { disruptedPods } : {}) } };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name);

describe("filterPodsWithPDBViolation", () => {
  it("spends each budget's allowance in order: the pods past it break the budget", () => {
    const pods = [pod("a", { app: "db" }), pod("b", { app: "db" }), pod("c", { app: "db" }), pod("d", { app: "web" })];
    const { violating, nonViolating } = filterPodsWithPDBViolation(pods, budgetViews([pdb({ selector: { matchLabels: { app: "db" } } }, 1)]));
    expect([names(violating), names(nonViolating)]).toEqual([["b", "c"], ["a", "d"]]);
  });

  it("ignores pods without labels, other namespaces, empty selectors, and pods the budget already counts", () => {
    const budgets = budgetViews([
      pdb({ selector: { matchLabels: { app: "db" } } }, 0, { counted: "2024-01-01T00:00:00Z" }),
      pdb({ selector: {} }, 0),
      pdb({ selector: { matchExpressions: [{ key: "app", operator: "Bogus" }] } }, 0),
      pdb({ selector: { matchLabels: { app: "db" } } }, 0, undefined, "other"),
    ]);
    const { violating, nonViolating } = filterPodsWithPDBViolation([pod("bare"), pod("counted", { app: "db" }), pod("elsewhere", { app: "db" }, "third"), pod("hit", { app: "db" })], budgets);
    expect([names(violating), names(nonViolating)]).toEqual([["hit"], ["bare", "counted", "elsewhere"]]);
  });
});
