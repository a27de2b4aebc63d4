/** Jobs and CronJobs refused as the API server refuses them, with its field paths and words. */
import { afterEach, describe, expect, it } from "vitest";
import { formatFieldError, isApiError } from "../../../src/core/api/errors.js";
import type { KubeObject } from "../../../src/core/api/object.js";
import { createTestCluster, type TestCluster } from "../../helpers/cluster.js";

let c: TestCluster;
afterEach(() => c?.close());

const template = (restartPolicy?: string) => ({
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: "c", image: "busybox" }] },
});

function refusal(obj: Record<string, unknown>): string[] {
  try {
    c.api.create(obj as KubeObject);
  } catch (e) {
    if (isApiError(e, "Invalid")) return e.causes.map(formatFieldError);
    throw e;
  }
  throw new Error("accepted");
}

const job = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name }, spec });
const cronJob = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name }, spec });

describe("Job validation", () => {
  it("wants a restart policy a Job can use", () => {
    c = createTestCluster({ empty: true });
    expect(refusal(job("j", { template: template() }))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    expect(refusal(job("j", { template: template("Always") }))).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it("checks counts, completion mode and the selector", () => {
    c = createTestCluster({ empty: true });
    expect(refusal(job("j", { parallelism: -1, backoffLimit: -2, template: template("Never") }))).toEqual([
      "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
      "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
    ]);
    expect(refusal(job("j", { completionMode: "Indexed", parallelism: 2, template: template("Never") }))).toEqual(["spec.completions: Required value: when completion mode is Indexed"]);
    expect(refusal(job("j", { completionMode: "Sometimes", template: template("Never") }))).toEqual(['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']);
    expect(
      refusal(job("j", { manualSelector: true, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "y" } }, ...template("Never") } })),
    ).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`']);
  });

  it("keeps completions, selector and template immutable", () => {
    c = createTestCluster({ empty: true });
    const created = c.api.create(job("j", { completions: 2, template: template("Never") }) as KubeObject);
    const spec = created.spec as Record<string, unknown>;
    expect(() => c.api.update({ ...created, spec: { ...spec, completions: 3 } })).toThrow(/spec.completions: Invalid value: 3: field is immutable/);
    // Parallelism may change.
    expect(() => c.api.update({ ...created, spec: { ...spec, parallelism: 2 } })).not.toThrow();
  });
});

describe("CronJob validation", () => {
  const jobTemplate = { spec: { template: template("OnFailure") } };

  it("parses the schedule as the API server does", () => {
    c = createTestCluster({ empty: true });
    expect(refusal(cronJob("cj", { schedule: "every minute", jobTemplate }))).toEqual([
      'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
    ]);
    expect(refusal(cronJob("cj", { jobTemplate }))).toEqual(["spec.schedule: Required value"]);
  });

  it("refuses time zones in the schedule and unknown zones", () => {
    c = createTestCluster({ empty: true });
    expect(refusal(cronJob("cj", { schedule: "CRON_TZ=UTC * * * * *", jobTemplate }))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(refusal(cronJob("cj", { schedule: "* * * * *", timeZone: "Mars/Olympus", jobTemplate }))).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    expect(refusal(cronJob("cj", { schedule: "* * * * *", timeZone: "Local", jobTemplate }))).toEqual([
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ]);
    expect(() => c.api.create(cronJob("ok", { schedule: "@hourly", timeZone: "Europe/Paris", jobTemplate }) as KubeObject)).not.toThrow();
  });

  it("checks the concurrency policy, the Job template and the name's length", () => {
    c = createTestCluster({ empty: true });
    expect(
      refusal(cronJob("cj", { schedule: "* * * * *", concurrencyPolicy: "Sometimes", jobTemplate: { spec: { selector: { matchLabels: { a: "b" } }, template: template("Always") } } })),
    ).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    ]);
    expect(refusal(cronJob("a".repeat(53), { schedule: "* * * * *", jobTemplate }))).toEqual([`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`]);
  });

  it("defaults the policy, the history limits and suspend, but not the Job template's counts", () => {
    c = createTestCluster({ empty: true });
    const created = c.api.create(cronJob("cj", { schedule: "* * * * *", jobTemplate }) as KubeObject);
    expect(created.spec).toMatchObject({ concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const templateSpec = (created.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec;
    expect(templateSpec.backoffLimit).toBeUndefined();
    expect((templateSpec.template as { spec: Record<string, unknown> }).spec).toMatchObject({ dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30 });
  });
});
