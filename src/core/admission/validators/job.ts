import type { Job, JobSpec, PodFailurePolicyRule } from "kubernetes-types/batch/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { asKind, type KubeObject } from "../../api/object.js";
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from "../../controllers/job-names.js";
import { fromLabelSelector, matches, SelectorError } from "../../labels/selector.js";
import { type FieldPath, forbidden, invalid, newPath, notSupported, required, tooLong } from "../field.js";
import type { KindValidation } from "../kind-admission.js";
import { IS_NEGATIVE_ERROR_MSG, isDNS1123Label, nameIsDNSSubdomain } from "./formats.js";
import { validateAnnotations, validateImmutableField, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";
import { validatePodSpec } from "./pod-spec.js";
import { validateLabelSelector } from "./scheduling.js";
import { isRecord, listOf, str } from "./values.js";

/** An Indexed Job's parallelism and failed indexes are capped so its status stays small. */
const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const POD_FAILURE_POLICY_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"];

/**
 * A new Job: metadata, the generated selector (unless `manualSelector`), the spec, and
 * that an Indexed Job's highest pod hostname (`<name>-<completions-1>`) is a DNS label.
 */
export function validateJob(obj: KubeObject): FieldError[] {
  const job = asKind<Job>(obj);
  const errs = validateObjectMeta(job.metadata, true, nameIsDNSSubdomain, newPath("metadata"));
  errs.push(...validateGeneratedSelector(job));
  const spec: JobSpec = isRecord(job.spec) ? job.spec : ({} as JobSpec);
  errs.push(...validateJobSpecWithSelector(spec, newPath("spec")));
  const completions = spec.completions;
  if (spec.completionMode === "Indexed" && typeof completions === "number" && completions > 0) {
    const hostname = `${job.metadata?.name ?? ""}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(invalid(newPath("metadata", "name"), job.metadata?.name ?? "", `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

/**
 * A Job update: the spec is valid as a whole, and completions (except an Indexed
 * Job's, scaled in tandem with parallelism), selector, completion mode, pod failure
 * policy, backoffLimitPerIndex, managedBy and successPolicy are immutable. The template
 * is immutable too, except for scheduling directives while the Job is suspended and
 * has never started.
 */
export function validateJobUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const job = asKind<Job>(obj);
  const old = asKind<Job>(oldObj);
  const spec: JobSpec = isRecord(job.spec) ? job.spec : ({} as JobSpec);
  const oldSpec: JobSpec = isRecord(old.spec) ? old.spec : ({} as JobSpec);
  const p = newPath("spec");
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata, newPath("metadata"));
  errs.push(...validateJobSpecWithSelector(spec, p));
  errs.push(...validateCompletionsUpdate(spec, oldSpec, p.child("completions")));
  errs.push(...validateImmutableField(spec.selector, oldSpec.selector, p.child("selector")));
  const mutableScheduling = oldSpec.suspend === true && !old.status?.startTime;
  errs.push(...validateImmutableField(comparableTemplate(spec.template, spec.template, mutableScheduling), comparableTemplate(oldSpec.template, spec.template, mutableScheduling), p.child("template")));
  for (const field of ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"] as const) {
    errs.push(...validateImmutableField(spec[field], oldSpec[field], p.child(field)));
  }
  return errs;
}

/** Kubernetes' registration of Job validation. */
export const jobValidation: KindValidation = {
  create: (obj) => validateJob(obj),
  update: (obj, old) => validateJobUpdate(obj, old),
};

/**
 * A CronJob's `jobTemplate.spec`: a Job spec whose selector is always generated, so
 * neither a selector nor `manualSelector: true` may be given.
 */
export function validateJobTemplateSpec(spec: JobSpec | undefined, fldPath: FieldPath): FieldError[] {
  const s: JobSpec = isRecord(spec) ? spec : ({} as JobSpec);
  const errs = validateJobSpec(s, fldPath);
  if (s.selector !== undefined && s.selector !== null) errs.push(invalid(fldPath.child("selector"), s.selector, "`selector` will be auto-generated"));
  if (s.manualSelector === true) errs.push(notSupported(fldPath.child("manualSelector"), s.manualSelector, ["nil", "false"]));
  return errs;
}

/** ValidateJobSpec: the spec, a selector, and the template's labels matching it. */
function validateJobSpecWithSelector(spec: JobSpec, fldPath: FieldPath): FieldError[] {
  const errs = validateJobSpec(spec, fldPath);
  if (!spec.selector) {
    errs.push(required(fldPath.child("selector")));
    return errs;
  }
  errs.push(...validateLabelSelector(spec.selector, fldPath.child("selector")));
  try {
    const labels = spec.template?.metadata?.labels;
    if (!matches(fromLabelSelector(spec.selector), labels)) {
      errs.push(invalid(fldPath.child("template", "metadata", "labels"), labels ?? null, "`selector` does not match template `labels`"));
    }
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
  }
  return errs;
}

/** validateJobSpec: counts, limits, completion mode, policies, the template and its restart policy. */
function validateJobSpec(spec: JobSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"] as const) {
    const v = spec[field];
    if (typeof v === "number" && v < 0) errs.push(invalid(fldPath.child(field), v, IS_NEGATIVE_ERROR_MSG));
  }
  if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null)) {
    errs.push(required(fldPath.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
  }
  if (spec.managedBy !== undefined && spec.managedBy !== null) {
    if (!/^[^/]+\/.+$/.test(spec.managedBy)) errs.push(invalid(fldPath.child("managedBy"), spec.managedBy, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    if (spec.managedBy.length > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(fldPath.child("managedBy"), MAX_MANAGED_BY_LENGTH));
  }
  errs.push(...validateCompletionMode(spec, fldPath));
  if (spec.podFailurePolicy) errs.push(...validatePodFailurePolicy(spec, fldPath.child("podFailurePolicy")));
  if (spec.successPolicy && spec.completionMode !== "Indexed") {
    errs.push(invalid(fldPath.child("successPolicy"), spec.successPolicy, "requires indexed completion mode"));
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    if (spec.podFailurePolicy && replacement !== "Failed") errs.push(notSupported(fldPath.child("podReplacementPolicy"), replacement, ["Failed"]));
    else if (replacement !== "Failed" && replacement !== "TerminatingOrFailed") errs.push(notSupported(fldPath.child("podReplacementPolicy"), replacement, ["Failed", "TerminatingOrFailed"]));
  }
  errs.push(...validatePodTemplateSpec(spec.template, fldPath.child("template")));
  const restartPolicy = str(spec.template?.spec?.restartPolicy);
  const restartPath = fldPath.child("template", "spec", "restartPolicy");
  if (restartPolicy === "Always" || restartPolicy === "") {
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== "OnFailure" && restartPolicy !== "Never") {
    errs.push(notSupported(restartPath, restartPolicy, ["OnFailure", "Never"]));
  } else if (spec.podFailurePolicy && restartPolicy !== "Never") {
    errs.push(invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

function validateCompletionMode(spec: JobSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null && mode !== "NonIndexed" && mode !== "Indexed") {
    errs.push(notSupported(fldPath.child("completionMode"), mode, ["NonIndexed", "Indexed"]));
  }
  if (mode === "Indexed") {
    if (spec.completions === undefined || spec.completions === null) errs.push(required(fldPath.child("completions"), "when completion mode is Indexed"));
    if (typeof spec.parallelism === "number" && spec.parallelism > MAX_INDEXED_PARALLELISM) {
      errs.push(invalid(fldPath.child("parallelism"), spec.parallelism, `must be less than or equal to ${MAX_INDEXED_PARALLELISM} when completion mode is Indexed`));
    }
    if (typeof spec.completions === "number" && typeof spec.maxFailedIndexes === "number" && spec.maxFailedIndexes > spec.completions) {
      errs.push(invalid(fldPath.child("maxFailedIndexes"), spec.maxFailedIndexes, "must be less than or equal to completions"));
    }
  } else {
    if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null) {
      errs.push(invalid(fldPath.child("backoffLimitPerIndex"), spec.backoffLimitPerIndex, "requires indexed completion mode"));
    }
    if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null) {
      errs.push(invalid(fldPath.child("maxFailedIndexes"), spec.maxFailedIndexes, "requires indexed completion mode"));
    }
  }
  return errs;
}

function validatePodFailurePolicy(spec: JobSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules = listOf(spec.podFailurePolicy?.rules);
  const rulesPath = fldPath.child("rules");
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    errs.push({ type: "Too many", field: rulesPath.toString(), detail: `must have at most ${MAX_POD_FAILURE_POLICY_RULES} items` });
  }
  const containerNames = new Set([...listOf(spec.template?.spec?.containers), ...listOf(spec.template?.spec?.initContainers)].map((c) => c.name));
  rules.forEach((rule, i) => errs.push(...validatePodFailurePolicyRule(spec, rule, rulesPath.index(i), containerNames)));
  return errs;
}

function validatePodFailurePolicyRule(spec: JobSpec, rule: PodFailurePolicyRule, p: FieldPath, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const action = str(rule.action);
  if (!action) errs.push(required(p.child("action"), `valid values: ${JSON.stringify(POD_FAILURE_POLICY_ACTIONS).replaceAll(",", " ")}`));
  else if (action === "FailIndex" && (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null)) {
    errs.push(invalid(p.child("action"), action, "requires the backoffLimitPerIndex to be set"));
  } else if (!POD_FAILURE_POLICY_ACTIONS.includes(action)) errs.push(notSupported(p.child("action"), action, POD_FAILURE_POLICY_ACTIONS));
  const onExitCodes = rule.onExitCodes;
  const onConditions = listOf(rule.onPodConditions);
  if (onExitCodes) {
    const ep = p.child("onExitCodes");
    const op = str(onExitCodes.operator);
    if (!op) errs.push(required(ep.child("operator"), 'valid values: ["In" "NotIn"]'));
    else if (op !== "In" && op !== "NotIn") errs.push(notSupported(ep.child("operator"), op, ["In", "NotIn"]));
    if (onExitCodes.containerName && !containerNames.has(onExitCodes.containerName)) {
      errs.push(invalid(ep.child("containerName"), onExitCodes.containerName, "must be one of the container or initContainer names in the pod template"));
    }
    const values = listOf(onExitCodes.values);
    if (values.length === 0) errs.push(invalid(ep.child("values"), values, "at least one value is required"));
    values.forEach((v, j) => {
      if (op === "In" && v === 0) errs.push(invalid(ep.child("values").index(j), v, "must not be 0 for the In operator"));
      if (values.indexOf(v) !== j) errs.push({ type: "Duplicate value", field: ep.child("values").index(j).toString(), value: v });
    });
    if (values.some((v, j) => j > 0 && values[j - 1]! > v)) errs.push(invalid(ep.child("values"), values, "must be ordered"));
  }
  if (onExitCodes && onConditions.length > 0) errs.push(invalid(p, null, "specifying both OnExitCodes and OnPodConditions is not supported"));
  if (!onExitCodes && onConditions.length === 0) errs.push(invalid(p, null, "specifying one of OnExitCodes and OnPodConditions is required"));
  return errs;
}

/**
 * ValidatePodTemplateSpec: the template's labels and annotations, its pod spec as a
 * template (host ports not yet filled in), and no ephemeral containers.
 */
function validatePodTemplateSpec(template: PodTemplateSpec | undefined, fldPath: FieldPath): FieldError[] {
  const t: PodTemplateSpec = isRecord(template) ? template : {};
  const errs = validateLabels(t.metadata?.labels, fldPath.child("metadata", "labels"));
  errs.push(...validateAnnotations(t.metadata?.annotations, fldPath.child("metadata", "annotations")));
  errs.push(...validatePodSpec(t.spec, fldPath.child("spec"), { resourceIsPod: false }));
  if (listOf(t.spec?.ephemeralContainers).length > 0) {
    errs.push(forbidden(fldPath.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

/**
 * validateGeneratedSelector: unless the selector is manual, the template carries the
 * generated labels for this Job's uid and name, and the selector selects them.
 */
function validateGeneratedSelector(job: Job): FieldError[] {
  const spec = job.spec;
  if (!spec || spec.manualSelector === true || !spec.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata?.uid ?? "";
  const name = job.metadata?.name ?? "";
  if (!uid) errs.push(required(newPath("metadata", "uid")));
  const templatePath = newPath("spec", "template", "metadata");
  const labels = spec.template?.metadata?.labels ?? {};
  const expected: Record<string, string> = {
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [LEGACY_JOB_NAME_LABEL]: name,
    [CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
  };
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in labels)) errs.push(required(templatePath.child("labels").key(key), `must be '${value}'`));
    else if (labels[key] !== value) errs.push(invalid(templatePath.child("labels").key(key), labels, `must be '${value}'`));
  }
  try {
    if (!matches(fromLabelSelector(spec.selector), expected)) errs.push(invalid(newPath("spec", "selector"), spec.selector, "`selector` not auto-generated"));
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
  }
  return errs;
}

/** Completions are immutable, except an Indexed Job's when parallelism changes with them (elastic Indexed Jobs). */
function validateCompletionsUpdate(spec: JobSpec, oldSpec: JobSpec, fldPath: FieldPath): FieldError[] {
  if (spec.completionMode !== "Indexed") return validateImmutableField(spec.completions, oldSpec.completions, fldPath);
  if (spec.completions === oldSpec.completions || spec.completions === undefined || spec.completions === null) return [];
  if (spec.completions !== spec.parallelism) return [invalid(fldPath, spec.completions, "can only be modified in tandem with spec.parallelism")];
  return [];
}

/**
 * The template as the immutability check compares it: while a suspended Job has never
 * started, its node affinity, node selector, tolerations, scheduling gates, labels and
 * annotations may change, so the old template takes the new values of those.
 */
function comparableTemplate(template: PodTemplateSpec | undefined, next: PodTemplateSpec | undefined, mutableScheduling: boolean): unknown {
  if (!mutableScheduling || !template) return template;
  const copy = structuredClone(template);
  copy.metadata = { ...copy.metadata, labels: next?.metadata?.labels, annotations: next?.metadata?.annotations };
  if (copy.spec && next?.spec) {
    copy.spec.nodeSelector = next.spec.nodeSelector;
    copy.spec.tolerations = next.spec.tolerations;
    copy.spec.schedulingGates = next.spec.schedulingGates;
    if (copy.spec.affinity || next.spec.affinity) copy.spec.affinity = { ...copy.spec.affinity, nodeAffinity: next.spec.affinity?.nodeAffinity };
  }
  return copy;
}
