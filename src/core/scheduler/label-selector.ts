import type { LabelSelector } from "kubernetes-types/meta/v1";
import { fromLabelSelector, matches, type Requirement } from "../labels/selector.js";

/**
 * A structured label selector compiled once per scheduling cycle, with the semantics of
 * `metav1.LabelSelectorAsSelector`: a missing selector selects nothing, an empty one
 * (`{}`) everything. A selector that does not parse (validation keeps them out) selects nothing.
 */
export interface CompiledSelector {
  /** Matches no label set at all (`labels.Nothing()`). */
  readonly nothing: boolean;
  readonly requirements: readonly Requirement[];
  /** A canonical text of the selector, for memo keys. */
  readonly key: string;
}

/** Selects nothing. */
export const NOTHING: CompiledSelector = Object.freeze({ nothing: true, requirements: Object.freeze([]), key: "<nothing>" });
/** Selects everything. */
export const EVERYTHING: CompiledSelector = Object.freeze({ nothing: false, requirements: Object.freeze([]), key: "" });

function keyOf(reqs: readonly Requirement[]): string {
  return reqs.map((r) => `${r.key} ${r.op} ${r.values.join(",")}`).join(";");
}

/** Builds a selector from requirements (ANDed). */
export function selectorOf(requirements: readonly Requirement[]): CompiledSelector {
  return requirements.length === 0 ? EVERYTHING : Object.freeze({ nothing: false, requirements, key: keyOf(requirements) });
}

/** `metav1.LabelSelectorAsSelector`. */
export function compileLabelSelector(sel: LabelSelector | null | undefined): CompiledSelector {
  if (sel === undefined || sel === null) return NOTHING;
  try {
    return selectorOf(fromLabelSelector(sel));
  } catch {
    return NOTHING;
  }
}

/** Adds requirements to a selector (`selector.Add`); a selector of nothing stays one. */
export function addRequirements(sel: CompiledSelector, extra: readonly Requirement[]): CompiledSelector {
  if (sel.nothing || extra.length === 0) return sel;
  return selectorOf([...sel.requirements, ...extra]);
}

/** Whether the selector selects the label set. */
export function selectorMatches(sel: CompiledSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (sel.nothing) return false;
  return sel.requirements.length === 0 || matches(sel.requirements as Requirement[], labels);
}

/** `labels.Selector.Empty()`: true for the selector of everything only. */
export function selectorIsEmpty(sel: CompiledSelector): boolean {
  return !sel.nothing && sel.requirements.length === 0;
}
