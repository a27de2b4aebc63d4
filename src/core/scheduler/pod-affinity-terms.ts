import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "kubernetes-types/core/v1";
import type { Requirement } from "../labels/selector.js";
import { addRequirements, compileLabelSelector, NOTHING, selectorIsEmpty, selectorMatches, type CompiledSelector } from "./label-selector.js";
import type { SchedulingListers } from "./listers.js";

/**
 * A pod (anti-)affinity term compiled once (kube's `framework.AffinityTerm`): the pods it
 * selects are those in `namespaces`, or in a namespace whose labels `namespaceSelector`
 * selects, whose labels `selector` selects.
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** Nothing when the term has no namespaceSelector; everything for `{}`. */
  readonly namespaceSelector: CompiledSelector;
  readonly selector: CompiledSelector;
  readonly topologyKey: string;
}

/** A preferred term with its weight (1–100). */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A pod's four lists of affinity terms (the affinity half of kube's `framework.PodInfo`). */
export interface PodAffinityInfo {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

const NONE: PodAffinityInfo = Object.freeze({ requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] });

/** A pod's own labels turned into requirements: `matchLabelKeys` (In) and `mismatchLabelKeys` (NotIn). */
function labelKeyRequirements(term: PodAffinityTerm, labels: Readonly<Record<string, string>>): Requirement[] {
  const extra: Requirement[] = [];
  for (const key of term.matchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, op: "in", values: [labels[key]!] });
  for (const key of term.mismatchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, op: "notin", values: [labels[key]!] });
  return extra;
}

/**
 * kube's `newAffinityTerm`, with `matchLabelKeys`/`mismatchLabelKeys` merged into the
 * selector as the API server merges them when the pod is created (a term without a
 * labelSelector selects nothing and stays so).
 */
export function compileAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  let selector = compileLabelSelector(term.labelSelector);
  const extra = labelKeyRequirements(term, pod.metadata?.labels ?? {});
  if (extra.length > 0) selector = addRequirements(selector, extra);
  const namespaceSelector = compileLabelSelector(term.namespaceSelector);
  const listed = term.namespaces ?? [];
  // No namespaces and no namespaceSelector: the pod's own namespace.
  const namespaces = new Set(listed.length === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null) ? [pod.metadata?.namespace ?? ""] : listed);
  return { namespaces, namespaceSelector, selector, topologyKey: term.topologyKey };
}

function weighted(pod: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...compileAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
}

const infos = new WeakMap<Pod, PodAffinityInfo>();

/** The pod's compiled affinity terms; remembered per pod object (store objects are frozen). */
export function podAffinityInfo(pod: Pod): PodAffinityInfo {
  const a = pod.spec?.affinity;
  if (a === undefined || (a.podAffinity === undefined && a.podAntiAffinity === undefined)) return NONE;
  let info = infos.get(pod);
  if (info === undefined) {
    info = {
      requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(pod, t)),
      requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(pod, t)),
      preferredAffinity: weighted(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: weighted(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    };
    infos.set(pod, info);
  }
  return info;
}

/**
 * kube's `mergeAffinityTermNamespacesIfNotEmpty`, for the incoming pod's own terms: a
 * namespaceSelector that selects some namespaces is replaced by their names, so
 * matching existing pods needs no namespace lookups. `{}` (every namespace) stays.
 */
export function resolveNamespaces<T extends AffinityTerm>(term: T, listers: SchedulingListers | undefined): T {
  const sel = term.namespaceSelector;
  if (sel.nothing || selectorIsEmpty(sel)) return term;
  const namespaces = new Set(term.namespaces);
  for (const ns of listers?.namespaces() ?? []) {
    if (selectorMatches(sel, ns.metadata?.labels)) namespaces.add(ns.metadata?.name ?? "");
  }
  return { ...term, namespaces, namespaceSelector: NOTHING };
}

/** `AffinityTerm.Matches`: the term selects the pod, whose namespace has labels `nsLabels`. */
export function termMatchesPod(term: AffinityTerm, pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (term.namespaces.has(pod.metadata?.namespace ?? "") || selectorMatches(term.namespaceSelector, nsLabels ?? {})) {
    return selectorMatches(term.selector, pod.metadata?.labels);
  }
  return false;
}

/** True when the pod matches every term (false for no terms), as `podMatchesAllAffinityTerms`. */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatchesPod(t, pod, undefined)) return false;
  return true;
}

/** A canonical text of a label set, for memo keys. */
export function labelsKey(labels: Readonly<Record<string, string>> | undefined): string {
  if (labels === undefined) return "<none>";
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

/** A canonical text of terms, for memo keys. */
export function termsKey(terms: readonly AffinityTerm[]): string {
  return terms
    .map((t) => `${[...t.namespaces].sort().join(",")}|${t.namespaceSelector.key}|${t.selector.key}|${t.topologyKey}|${(t as Partial<WeightedAffinityTerm>).weight ?? ""}`)
    .join("\n");
}
