import type { Job, JobSpec } from "kubernetes-types/batch/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { KubeObject } from "../../api/object.js";
import {
  CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from "../../controllers/job-names.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { defaultPodTemplate } from "./pod-template.js";

const MAX_INT32 = 2147483647;
const DEFAULT_BACKOFF_LIMIT = 6;

/**
 * A Job as the API server stores it: SetDefaults_Job (completions and parallelism 1
 * when neither is given, parallelism 1, backoffLimit 6, completionMode NonIndexed,
 * suspend false, podReplacementPolicy TerminatingOrFailed), the pod template's
 * defaults, and on create what the Job strategy adds: the generated selector
 * (`batch.kubernetes.io/controller-uid=<uid>`) with the four labels on the template
 * unless `manualSelector` is true, the template's labels copied to an unlabelled Job,
 * and an empty status.
 */
export function defaultJob(obj: KubeObject, ctx: DefaultingContext): void {
  const job = obj as KubeObject & { spec?: JobSpec; status?: unknown };
  if (!isRecord(job.spec)) job.spec = {} as JobSpec;
  defaultJobSpec(job.spec);
  if (ctx.old) return;
  delete job.status;
  if (job.spec.manualSelector !== true) {
    job.spec.manualSelector = false;
    generateSelector(job as Job);
  }
  const templateLabels = job.spec.template.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0) {
    job.metadata = { ...job.metadata, labels: { ...templateLabels } };
  }
}

/** SetDefaults_Job's spec part, and the pod template's own defaults. */
function defaultJobSpec(spec: JobSpec): void {
  const absent = (v: unknown) => v === undefined || v === null;
  if (absent(spec.completions) && absent(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (absent(spec.parallelism)) spec.parallelism = 1;
  if (absent(spec.backoffLimit)) spec.backoffLimit = absent(spec.backoffLimitPerIndex) ? DEFAULT_BACKOFF_LIMIT : MAX_INT32;
  spec.completionMode ||= "NonIndexed";
  if (absent(spec.suspend)) spec.suspend = false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) pattern.status ||= "True";
  }
  spec.podReplacementPolicy ||= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  spec.template = defaultPodTemplate(spec.template);
}

/**
 * The Job strategy's generateSelector: the template gets `controller-uid` and
 * `job-name` labels (prefixed and legacy) unless it already has them, and the
 * selector matches the prefixed controller-uid.
 */
function generateSelector(job: Job): void {
  const spec = job.spec!;
  const template = spec.template;
  const labels = { ...(template.metadata?.labels ?? {}) };
  const name = job.metadata?.name ?? "";
  const uid = job.metadata?.uid ?? "";
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(key in labels)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(key in labels)) labels[key] = uid;
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector: LabelSelector = isRecord(spec.selector) ? spec.selector : {};
  const matchLabels: Record<string, string> = { ...(selector.matchLabels ?? {}) };
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
  spec.selector = { ...selector, matchLabels };
}
