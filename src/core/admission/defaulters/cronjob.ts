import type { CronJobSpec, JobSpec, JobTemplateSpec } from "kubernetes-types/batch/v1";
import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";
import { defaultPodTemplate } from "./pod-template.js";

/**
 * A CronJob as the API server stores it: SetDefaults_CronJob (concurrencyPolicy Allow,
 * suspend false, 3 successful and 1 failed Jobs kept) and the pod template's defaults.
 * The Job template's own spec is left as written: SetDefaults_Job applies to Jobs, and
 * the controller's Jobs get it when they are created. A new CronJob has no status.
 */
export function defaultCronJob(obj: KubeObject, ctx: DefaultingContext): void {
  const cj = obj as KubeObject & { spec?: CronJobSpec; status?: unknown };
  if (!isRecord(cj.spec)) cj.spec = {} as CronJobSpec;
  const spec = cj.spec;
  spec.concurrencyPolicy ||= "Allow";
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (spec.successfulJobsHistoryLimit === undefined || spec.successfulJobsHistoryLimit === null) spec.successfulJobsHistoryLimit = 3;
  if (spec.failedJobsHistoryLimit === undefined || spec.failedJobsHistoryLimit === null) spec.failedJobsHistoryLimit = 1;
  if (!isRecord(spec.jobTemplate)) spec.jobTemplate = {} as JobTemplateSpec;
  if (!isRecord(spec.jobTemplate.spec)) spec.jobTemplate.spec = {} as JobSpec;
  spec.jobTemplate.spec.template = defaultPodTemplate(spec.jobTemplate.spec.template);
  if (!ctx.old) delete cj.status;
}
