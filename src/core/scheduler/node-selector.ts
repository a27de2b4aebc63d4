import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from "kubernetes-types/core/v1";

/**
 * Node selector terms compiled once per pod and matched against many nodes, with the
 * semantics of `k8s.io/component-helpers/scheduling/corev1/nodeaffinity`:
 * terms are ORed, requirements within a term ANDed; an empty term, or one that fails to
 * parse (an unknown operator, `Gt` with a non-integer), matches no node.
 */

/** The only field a node selector term may match on. */
export const NODE_NAME_FIELD = "metadata.name";

type LabelOp = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

interface LabelRequirement {
  readonly key: string;
  readonly op: LabelOp;
  readonly values: readonly string[];
  /** The integer bound of Gt/Lt. */
  readonly bound: number;
}

interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
}

/** A term that parsed; matching it needs no further checks. */
export interface CompiledTerm {
  readonly labels: readonly LabelRequirement[];
  readonly fields: readonly FieldRequirement[];
}

const INTEGER = /^[+-]?[0-9]+$/;

function compileLabelRequirement(r: NodeSelectorRequirement): LabelRequirement | undefined {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      return values.length > 0 ? { key: r.key, op: r.operator, values, bound: 0 } : undefined;
    case "Exists":
    case "DoesNotExist":
      return values.length === 0 ? { key: r.key, op: r.operator, values, bound: 0 } : undefined;
    case "Gt":
    case "Lt":
      if (values.length !== 1 || !INTEGER.test(values[0]!)) return undefined;
      return { key: r.key, op: r.operator, values, bound: parseInt(values[0]!, 10) };
    default:
      return undefined;
  }
}

function compileFieldRequirement(r: NodeSelectorRequirement): FieldRequirement | undefined {
  const values = r.values ?? [];
  if ((r.operator !== "In" && r.operator !== "NotIn") || values.length !== 1) return undefined;
  return { key: r.key, equal: r.operator === "In", value: values[0]! };
}

/** Compiles one term; undefined when it is empty or does not parse (it then matches nothing). */
export function compileNodeSelectorTerm(term: NodeSelectorTerm | undefined): CompiledTerm | undefined {
  const exprs = term?.matchExpressions ?? [];
  const fieldExprs = term?.matchFields ?? [];
  if (exprs.length === 0 && fieldExprs.length === 0) return undefined;
  const labels: LabelRequirement[] = [];
  for (const e of exprs) {
    const r = compileLabelRequirement(e);
    if (r === undefined) return undefined;
    labels.push(r);
  }
  const fields: FieldRequirement[] = [];
  for (const e of fieldExprs) {
    const r = compileFieldRequirement(e);
    if (r === undefined) return undefined;
    fields.push(r);
  }
  return { labels, fields };
}

const NO_LABELS: Record<string, string> = Object.freeze({});

function labelRequirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.op) {
    case "In":
      return has && r.values.includes(labels[r.key]!);
    case "NotIn":
      return !has || !r.values.includes(labels[r.key]!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has) return false;
      const v = labels[r.key]!;
      if (!INTEGER.test(v)) return false;
      const n = parseInt(v, 10);
      return r.op === "Gt" ? n > r.bound : n < r.bound;
    }
  }
}

/** Whether a compiled term matches the node's labels and name. */
export function termMatches(term: CompiledTerm, node: Node): boolean {
  const labels = node.metadata?.labels ?? NO_LABELS;
  for (const r of term.labels) if (!labelRequirementMatches(r, labels)) return false;
  if (term.fields.length > 0) {
    const name = node.metadata?.name ?? "";
    for (const f of term.fields) {
      const actual = f.key === NODE_NAME_FIELD ? name : "";
      if ((actual === f.value) !== f.equal) return false;
    }
  }
  return true;
}

/** ORed node selector terms (`v1.NodeSelector`). */
export class NodeSelector {
  private readonly terms: readonly CompiledTerm[];

  constructor(terms: readonly NodeSelectorTerm[]) {
    const compiled: CompiledTerm[] = [];
    for (const t of terms) {
      const c = compileNodeSelectorTerm(t);
      if (c !== undefined) compiled.push(c);
    }
    this.terms = compiled;
  }

  match(node: Node): boolean {
    for (const t of this.terms) if (termMatches(t, node)) return true;
    return false;
  }
}

/**
 * The pod's hard node constraints: `spec.nodeSelector` AND the required node affinity
 * (`nodeaffinity.GetRequiredNodeAffinity`).
 */
export class RequiredNodeAffinity {
  private readonly labelSelector: readonly (readonly [string, string])[];
  private readonly nodeSelector: NodeSelector | undefined;

  constructor(pod: Pod) {
    this.labelSelector = Object.entries(pod.spec?.nodeSelector ?? {});
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.nodeSelector = required === undefined ? undefined : new NodeSelector(required.nodeSelectorTerms ?? []);
  }

  match(node: Node): boolean {
    if (this.labelSelector.length > 0) {
      const labels = node.metadata?.labels ?? NO_LABELS;
      for (const [k, v] of this.labelSelector) if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
    }
    return this.nodeSelector === undefined || this.nodeSelector.match(node);
  }
}

/** Weighted preferred terms (`nodeaffinity.PreferredSchedulingTerms`); terms with weight 0 or no requirements count for nothing. */
export class PreferredSchedulingTerms {
  private readonly terms: readonly { readonly weight: number; readonly term: CompiledTerm }[];

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    const compiled: { weight: number; term: CompiledTerm }[] = [];
    for (const t of terms) {
      if (!t.weight) continue;
      const c = compileNodeSelectorTerm(t.preference);
      if (c !== undefined) compiled.push({ weight: t.weight, term: c });
    }
    this.terms = compiled;
  }

  /** True when no term can ever add to a score. */
  isEmpty(): boolean {
    return this.terms.length === 0;
  }

  /** The sum of the weights of the terms the node matches. */
  score(node: Node): number {
    let sum = 0;
    for (const t of this.terms) if (termMatches(t.term, node)) sum += t.weight;
    return sum;
  }
}
