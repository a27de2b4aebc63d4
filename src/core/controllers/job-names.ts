/**
 * The names the Job and CronJob controllers share with the API server's Job strategy
 * (selector generation) and with users: labels, annotations and the tracking finalizer,
 * spelled as in k8s.io/api/batch/v1.
 */

/** Selects a Job's pods: the generated selector matches it. */
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
/** The unprefixed form Kubernetes still sets for older clients. */
export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
export const LEGACY_JOB_NAME_LABEL = "job-name";
/** An Indexed Job pod's index, as an annotation (and, since PodIndexLabel, a label). */
export const JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
/** The environment variable an Indexed Job's containers read their index from. */
export const JOB_COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";
/** Keeps a finished pod until the Job controller has counted it. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
/** Set by `kubectl create job --from=cronjob/x`. */
export const CRONJOB_INSTANTIATE_ANNOTATION = "cronjob.kubernetes.io/instantiate";
/** The time a CronJob's Job was scheduled for, RFC 3339 in the CronJob's time zone. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/** The events' `source.component`, as kube-controller-manager names these controllers. */
export const JOB_CONTROLLER = "job-controller";
export const CRONJOB_CONTROLLER = "cronjob-controller";
