import type { Pod } from "kubernetes-types/core/v1";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1";
import { fromLabelSelector, matches, SelectorError, type Selector } from "../../labels/selector.js";

/** A PodDisruptionBudget as preemption reads it: its namespace, compiled selector and what it still allows. */
export interface BudgetView {
  readonly namespace: string;
  /** Undefined when the selector is empty or invalid: such a budget matches no pod. */
  readonly selector: Selector | undefined;
  readonly disruptionsAllowed: number;
  /** Pods the eviction API already counted against the budget. */
  readonly disruptedPods: Readonly<Record<string, string>>;
}

/** Compiles the budgets once per preemption attempt. */
export function budgetViews(pdbs: readonly PodDisruptionBudget[]): BudgetView[] {
  return pdbs.map((pdb) => {
    let selector: Selector | undefined;
    try {
      const compiled = pdb.spec?.selector ? fromLabelSelector(pdb.spec.selector) : [];
      selector = compiled.length > 0 ? compiled : undefined;
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
    }
    return {
      namespace: pdb.metadata?.namespace ?? "",
      selector,
      disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
      disruptedPods: pdb.status?.disruptedPods ?? {},
    };
  });
}

/**
 * Splits `pods` (in order) into those whose preemption would take one of their budgets
 * below what it allows, and the others (kube's filterPodsWithPDBViolation): each pod
 * spends one disruption of every budget selecting it, unless the budget already counts it.
 */
export function filterPodsWithPDBViolation(pods: readonly Pod[], budgets: readonly BudgetView[]): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    const labels = pod.metadata?.labels;
    // A pod with no labels matches no budget.
    if (labels && Object.keys(labels).length > 0) {
      budgets.forEach((b, i) => {
        if (b.namespace !== (pod.metadata?.namespace ?? "") || b.selector === undefined || !matches(b.selector, labels)) return;
        if (Object.hasOwn(b.disruptedPods, pod.metadata?.name ?? "")) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}
