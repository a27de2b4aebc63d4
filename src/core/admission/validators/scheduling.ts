import type { Affinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodAffinityTerm, Toleration, TopologySpreadConstraint, WeightedPodAffinityTerm } from "kubernetes-types/core/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { FieldError } from "../../api/errors.js";
import { duplicate, type FieldPath, forbidden, invalid, notSupported, required } from "../field.js";
import { isDNS1123Subdomain, isValidLabelValue, nameIsDNSLabel } from "./formats.js";
import { validateLabelName, validateLabels } from "./object-meta.js";
import { listOf, str } from "./values.js";

/** Taint effects, in the order Kubernetes lists them. */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** A taint's or toleration's effect; tolerations may leave it empty to match every effect. */
export function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, fldPath: FieldPath): FieldError[] {
  const e = str(effect);
  if (!allowEmpty && e === "") return [required(fldPath)];
  return (TAINT_EFFECTS as readonly string[]).includes(e) ? [] : [notSupported(fldPath, e, TAINT_EFFECTS)];
}

/** A pod's tolerations: key format, operator rules and effect. */
export function validateTolerations(tolerations: readonly Toleration[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  listOf(tolerations).forEach((t, i) => {
    const p = fldPath.index(i);
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) errs.push(...validateLabelName(key, p.child("key")));
    if (!key && operator !== "Exists") {
      errs.push(invalid(p.child("operator"), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute") {
      errs.push(invalid(p.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalid(p.child("operator"), value, msgs.join(";")));
        break;
      }
      case "Exists":
        if (value) errs.push(invalid(p.child("operator"), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child("operator"), operator, ["Equal", "Exists"]));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, p.child("effect")));
  });
  return errs;
}

/** Node affinity, pod affinity and pod anti-affinity terms. */
export function validateAffinity(affinity: Affinity | undefined, fldPath: FieldPath): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na) {
    const p = fldPath.child("nodeAffinity");
    if (na.requiredDuringSchedulingIgnoredDuringExecution) {
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, true, p.child("requiredDuringSchedulingIgnoredDuringExecution")));
    }
    listOf(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const tp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      if (!(term.weight > 0 && term.weight <= 100)) errs.push(invalid(tp.child("weight"), term.weight ?? 0, "must be in the range 1-100"));
      // Preferred terms may name label values that do not exist yet.
      errs.push(...validateNodeSelectorTerm(term.preference ?? {}, false, tp.child("preference")));
    });
  }
  for (const kind of ["podAffinity", "podAntiAffinity"] as const) {
    const pa = affinity[kind];
    if (!pa) continue;
    const p = fldPath.child(kind);
    listOf(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      errs.push(...validatePodAffinityTerm(term, p.child("requiredDuringSchedulingIgnoredDuringExecution").index(i)));
    });
    listOf<WeightedPodAffinityTerm>(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const tp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      if (!(w.weight > 0 && w.weight <= 100)) errs.push(invalid(tp.child("weight"), w.weight ?? 0, "must be in the range 1-100"));
      errs.push(...validatePodAffinityTerm(w.podAffinityTerm ?? ({} as PodAffinityTerm), tp.child("podAffinityTerm")));
    });
  }
  return errs;
}

/** A required node selector: at least one term, each with valid requirements. */
export function validateNodeSelector(sel: NodeSelector, checkValues: boolean, fldPath: FieldPath): FieldError[] {
  const termsPath = fldPath.child("nodeSelectorTerms");
  const terms = listOf(sel.nodeSelectorTerms);
  if (terms.length === 0) return [required(termsPath, "must have at least one node selector term")];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, checkValues, termsPath.index(i)));
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, checkValues: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  listOf(term.matchExpressions).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, checkValues, fldPath.child("matchExpressions").index(j))));
  listOf(term.matchFields).forEach((rq, j) => {
    const p = fldPath.child("matchFields").index(j);
    const values = listOf(rq.values);
    if (rq.operator === "In" || rq.operator === "NotIn") {
      if (values.length !== 1) errs.push(required(p.child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else {
      errs.push(invalid(p.child("operator"), str(rq.operator), "not a valid selector operator"));
    }
    if (rq.key !== "metadata.name") errs.push(invalid(p.child("key"), str(rq.key), "not a valid field selector key"));
    else values.forEach((v, i) => isDNS1123Subdomain(v).forEach((m) => errs.push(invalid(p.child("values").index(i), v, m))));
  });
  return errs;
}

function validateNodeSelectorRequirement(rq: NodeSelectorRequirement, checkValues: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = listOf(rq.values);
  switch (rq.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(required(fldPath.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(forbidden(fldPath.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errs.push(required(fldPath.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(fldPath.child("operator"), str(rq.operator), "not a valid selector operator"));
  }
  errs.push(...validateLabelName(str(rq.key), fldPath.child("key")));
  if (checkValues) values.forEach((v, i) => isValidLabelValue(v).forEach((m) => errs.push(invalid(fldPath.child("values").index(i), v, m))));
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, fldPath.child("labelSelector")));
  errs.push(...validateLabelSelector(term.namespaceSelector, fldPath.child("namespaceSelector")));
  for (const ns of listOf(term.namespaces)) for (const m of nameIsDNSLabel(ns, false)) errs.push(invalid(fldPath.child("namespace"), ns, m));
  if (!term.topologyKey) errs.push(required(fldPath.child("topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(str(term.topologyKey), fldPath.child("topologyKey")));
  return errs;
}

/** A structured label selector (`matchLabels`, `matchExpressions`). */
export function validateLabelSelector(sel: LabelSelector | undefined, fldPath: FieldPath): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, fldPath.child("matchLabels"));
  listOf(sel.matchExpressions).forEach((rq, i) => {
    const p = fldPath.child("matchExpressions").index(i);
    const values = listOf(rq.values);
    switch (rq.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) errs.push(required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) errs.push(forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(p.child("operator"), str(rq.operator), "not a valid selector operator"));
    }
    errs.push(...validateLabelName(str(rq.key), p.child("key")));
    values.forEach((v, j) => isValidLabelValue(v).forEach((m) => errs.push(invalid(p.child("values").index(j), v, m))));
  });
  return errs;
}

/** Topology spread constraints: positive maxSkew, a topology key, a known action, no repeats. */
export function validateTopologySpreadConstraints(constraints: readonly TopologySpreadConstraint[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = listOf(constraints);
  list.forEach((c, i) => {
    const p = fldPath.index(i);
    if (!(c.maxSkew > 0)) errs.push(invalid(p.child("maxSkew"), c.maxSkew ?? 0, "must be greater than zero"));
    if (!c.topologyKey) errs.push(required(p.child("topologyKey"), "can not be empty"));
    else errs.push(...validateLabelName(c.topologyKey, p.child("topologyKey")));
    if (c.whenUnsatisfiable !== "DoNotSchedule" && c.whenUnsatisfiable !== "ScheduleAnyway") {
      errs.push(notSupported(p.child("whenUnsatisfiable"), str(c.whenUnsatisfiable), ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(duplicate(p.child("{topologyKey, whenUnsatisfiable}"), `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`));
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (!(c.minDomains > 0)) errs.push(invalid(p.child("minDomains"), c.minDomains, "must be greater than zero"));
      else if (c.whenUnsatisfiable !== "DoNotSchedule") errs.push(invalid(p.child("minDomains"), c.minDomains, "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"));
    }
    errs.push(...validateLabelSelector(c.labelSelector, p.child("labelSelector")));
  });
  return errs;
}
